/**
 * A second process for test/faults/shared-database: records `count` audit entries (each a
 * transaction that reads the chain's head, then writes) and prints how many went in and which
 * errors it met, as JSON.
 *
 *   node --import tsx test/support/audit-writer.ts <database url> <count>
 */
import { createPrivacy } from '../../index.js';
import { testSecret } from './secret.js';
import { xpartsShop } from './shop-options.js';

const [url, count] = process.argv.slice(2);
if (!url) throw new Error('usage: node --import tsx test/support/audit-writer.ts <database url> <count>');
const privacy = createPrivacy({ db: url, secret: testSecret, ...xpartsShop });
let recorded = 0;
const errors: string[] = [];
for (let i = 0; i < Number(count); i++) {
  try {
    await privacy.audit.recordNow({ actor: { type: 'system' }, action: 'test.shared_file', details: { pid: process.pid, i } });
    recorded += 1;
  } catch (err) {
    errors.push((err as { code?: string }).code ?? (err as Error).message);
  }
}
await privacy.close();
console.log(JSON.stringify({ recorded, errors }));

import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { connectDatabase, createPrivacy, type AuditVerdict } from '../../index.js';
import { onEachDatabase } from '../support/databases.js';
import { testSecret } from '../support/secret.js';
import { xpartsShop } from '../support/shop-options.js';

const writer = path.resolve('test/support/audit-writer.ts');
const perProcess = 300;

/** A writer in a process of its own, as the CLI beside the app, or a second instance, is. */
function auditWriter(url: string): Promise<{ code: number | null; recorded: number; errors: string[]; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, url, String(perProcess)]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, ...(code === 0 ? JSON.parse(stdout) : { recorded: 0, errors: [] }) })));
}

onEachDatabase('several processes writing to one database', (db) => {
  it('run their read-then-write transactions side by side without a busy error, and verify sees a sound chain while they write', async function () {
    this.timeout(120000);
    const privacy = createPrivacy({ db: db().knex, secret: testSecret, ...xpartsShop });
    await privacy.migrate();
    const writers = [auditWriter(db().url), auditWriter(db().url)];
    let writing = true;
    const verdicts: AuditVerdict[] = [];
    const checking = (async () => {
      // Verify while the others append: an append in the middle of a check is not tampering.
      while (writing) {
        verdicts.push(await privacy.audit.verify());
        // SQLite answers without I/O: let the writers' exits through between checks.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const finished = await Promise.all(writers);
    writing = false;
    await checking;
    for (const run of finished) expect(run, run.stderr).to.deep.include({ code: 0, recorded: perProcess, errors: [] });
    expect(verdicts.length).to.be.greaterThan(0);
    expect(verdicts.filter((verdict) => !verdict.ok)).to.deep.equal([]);
    expect(await privacy.audit.verify()).to.include({ ok: true, rows: 2 * perProcess });
    await privacy.close();
  });

  it('lets a second connection in the same process wait for a transaction held across an await, without stopping the process', async function () {
    const other = connectDatabase(db().url);
    try {
      await db().knex.schema.createTable('shared_file_probe', (table) => {
        table.increments('id');
        table.string('by');
      });
      const began = performance.now();
      let ticks = 0;
      const ticker = setInterval(() => (ticks += 1), 5);
      const holder = db().knex.transaction(async (trx) => {
        await trx('shared_file_probe').insert({ by: 'holder' });
        await new Promise((resolve) => setTimeout(resolve, 100));
        await trx('shared_file_probe').insert({ by: 'holder' });
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await other('shared_file_probe').insert({ by: 'other' });
      await holder;
      clearInterval(ticker);
      expect(performance.now() - began).to.be.below(2000);
      // The process kept running while the second connection waited: timers fired.
      expect(ticks).to.be.greaterThan(5);
      expect(await db().knex('shared_file_probe').orderBy('id').pluck('by')).to.have.members(['holder', 'holder', 'other']);
    } finally {
      await other.destroy();
    }
  });
});

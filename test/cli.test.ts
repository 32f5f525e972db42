import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { migrations } from '../migrations/index.js';
import { onEachDatabase, tempDir } from './support/databases.js';

const run = promisify(execFile);
const cli = path.resolve('bin/shop-privacy.ts');

/** Runs the CLI as an operator would, returning its exit code and output instead of throwing. */
async function shopPrivacy(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, DATABASE_URL: '', PRIVACY_CONFIG: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

onEachDatabase('shop-privacy migrate', (db) => {
  it('creates the tables from DATABASE_URL, then reports there is nothing left to do', async function () {
    const first = await shopPrivacy(['migrate'], { DATABASE_URL: db().url });
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain(`Ran ${migrations.length} migration(s)`);
    expect(await db().knex.schema.hasTable('privacy_policy_versions')).to.equal(true);
    const second = await shopPrivacy(['migrate', '--database-url', db().url]);
    expect(second.code).to.equal(0);
    expect(second.stdout).to.contain('Already up to date');
  });

  it('runs the app\'s own options from --config, recording the policy texts too', async function () {
    const dir = tempDir();
    const config = path.join(dir, 'privacy.config.mjs');
    fs.writeFileSync(config, `export default { db: ${JSON.stringify(db().url)}, secret: 'cli-test-secret-0123456789abcdefghijkl', tablePrefix: 'shop_privacy_', controller: { email: 'info@xparts.lv' } };\n`);
    const result = await shopPrivacy(['migrate', '--config', config]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('Recorded the published policy texts.');
    const versions = await db().knex('shop_privacy_policy_versions').select('locale').orderBy('locale');
    expect(versions.map((v) => v.locale)).to.deep.equal(['en', 'lv']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('shop-privacy exit codes', function () {
  it('fails with code 1 and a clear message when there is no database to migrate', async function () {
    const result = await shopPrivacy(['migrate']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('no database: pass --config <file>, --database-url <url>, or set DATABASE_URL');
  });

  it('fails with code 1 on a database URL it cannot use, without printing the password', async function () {
    const result = await shopPrivacy(['migrate', '--database-url', 'postgres://shop:s3cret@localhost/shop']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('unsupported database URL');
    expect(result.stderr).not.to.contain('s3cret');
  });

  it('fails with code 1 and names the option when the config is wrong', async function () {
    const dir = tempDir();
    const config = path.join(dir, 'bad.config.mjs');
    fs.writeFileSync(config, "export default { db: 'sqlite::memory:', secret: 'cli-test-secret-0123456789abcdefghijkl', controller: { email: 'info@xparts.lv' }, policy: { locales: ['de'] } };\n");
    const result = await shopPrivacy(['migrate', '--config', config]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('policy.locales[0]: expected one of "lv", "en"; received "de"');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { assert, expect } from 'chai';
import { migrations } from '../migrations/index.js';
import { readOutbox } from '../index.js';
import { onEachDatabase, tempDir } from './support/databases.js';
import { now as seedNow, seedRetention } from './support/retention-seed.js';
import { startShop } from './support/shop.js';
import { exitCodes } from '../lib/cli/exit-codes.js';
import { messageSeal } from '../lib/mail/sealed.js';
import { sayIn } from '../lib/cli/locale.js';
import { xpartsShop } from './support/shop-options.js';

const run = promisify(execFile);
const cli = path.resolve('bin/shop-privacy.ts');

/** Runs the CLI as an operator would, returning its exit code and output instead of throwing. */
async function shopPrivacy(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, ...args], {
      env: { ...process.env, DATABASE_URL: '', PRIVACY_CONFIG: '', SHOP_PRIVACY_LOCALE: '', LANG: 'C.UTF-8', LC_ALL: '', ...env },
    });
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

  it("runs the app's own options from --config, recording the policy texts too", async function () {
    const dir = tempDir();
    const config = path.join(dir, 'privacy.config.mjs');
    fs.writeFileSync(
      config,
      `export default { db: ${JSON.stringify(db().url)}, secret: 'cli-test-secret-0123456789abcdefghijkl', tablePrefix: 'shop_privacy_', ...${JSON.stringify(xpartsShop)} };\n`,
    );
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
    fs.writeFileSync(
      config,
      `export default { db: 'sqlite::memory:', secret: 'cli-test-secret-0123456789abcdefghijkl', ...${JSON.stringify(xpartsShop)}, policy: { locales: ['de'] } };\n`,
    );
    const result = await shopPrivacy(['migrate', '--config', config]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('policy.locales[0]: expected one of "lv", "en"; received "de"');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/**
 * The example shop's own config, read from the environment as on a server, with one addition: the
 * module's `clock` stands at the retention seed's "now". The CLI runs in a process of its own, so
 * the test hands it the time through the app's options, the way every option reaches it; no flag
 * or variable a real `purge` could be given by mistake moves an operator's clock.
 */
const shopConfigDir = tempDir('esp-cli-config-');
const shopConfig = path.join(shopConfigDir, 'privacy.config.mjs');
fs.writeFileSync(
  shopConfig,
  `import options from ${JSON.stringify(pathToFileURL(path.resolve('examples/storefront/privacy.config.ts')).href)};\n` +
    `export default { ...options, clock: () => new Date(${JSON.stringify(seedNow.toISOString())}) };\n`,
);
after(() => fs.rmSync(shopConfigDir, { recursive: true, force: true }));

onEachDatabase("shop-privacy with the shop's config", (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  let env: Record<string, string>;
  beforeEach(async function () {
    shop = await startShop(db().url);
    env = { DATABASE_URL: db().url, OUTBOX_DIR: shop.outboxDir, PUBLIC_URL: 'http://shop.test' };
  });
  afterEach(async function () {
    await shop.stop();
  });

  it('purge --dry-run reports what purge then does; the JSON report carries every rule', async function () {
    // The shop's own secret: the CLI's audit entries are then made with the key the shop verifies them with.
    env = { ...env, PRIVACY_SECRET: shop.privacy.options.secret };
    await seedRetention(shop.knex);
    const dry = await shopPrivacy(['purge', '--config', shopConfig, '--dry-run', '--locale', 'lv'], env);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.contain('Izmēģinājums: nekas netika mainīts');
    expect(dry.stdout).to.match(/orders\s+anonymise\s+5 gadi\s+anonimizēti 2/);
    expect(dry.stdout).to.match(/customers\s+delete\s+3 gadi\s+brīdināti 3/);
    // The operator's terminal language when --locale is not given: here English.
    const english = await shopPrivacy(['purge', '--config', shopConfig, '--dry-run'], env);
    expect(english.stdout)
      .to.contain('Dry run: nothing was changed')
      .and.to.match(/orders\s+anonymise\s+5 years\s+2 anonymised/);
    const latvianTerminal = await shopPrivacy(['purge', '--config', shopConfig, '--dry-run'], { ...env, LANG: 'lv_LV.UTF-8' });
    expect(latvianTerminal.stdout).to.contain('Izmēģinājums');
    expect(await shop.knex('orders').where({ email: '' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);

    const real = await shopPrivacy(['purge', '--config', shopConfig, '--format', 'json', '--locale', 'en'], env);
    expect(real.code, real.stderr).to.equal(0);
    const report = JSON.parse(real.stdout) as { dryRun: boolean; rules: { rule: string; anonymised: number; warned: number; period: string }[] };
    expect(report.dryRun).to.equal(false);
    expect(report.rules.find((r) => r.rule === 'orders')).to.include({ anonymised: 2, period: '5 years' });
    expect(report.rules.find((r) => r.rule === 'customers')).to.include({ warned: 3 });
    const [entry] = await shop.privacy.audit.list({ limit: 1 });
    assert.exists(entry, 'the newest audit entry');
    expect(entry).to.deep.include({ action: 'retention.run', actorType: 'staff' });
    expect(entry.actorId).to.match(/^cli:/);
    // The chain's end after the run, to keep outside the database: the head verify gives.
    const verdict = await shop.privacy.audit.verify();
    expect(verdict.ok).to.equal(true);
    expect((report as unknown as { auditHead: string }).auditHead).to.equal(verdict.head);
    expect(dry.stdout).to.match(/\d+:[0-9a-f]{64}/);
    const again = await shopPrivacy(['purge', '--config', shopConfig, '--locale', 'en'], env);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain(sayIn('en')('cli.audit.head', { head: (await shop.privacy.audit.verify()).head }));
  });

  it("purge refuses to run without the app's options: its audit entries would be made with a key the shop does not have", async function () {
    const before = await shop.privacy.audit.verify();
    const refused = await shopPrivacy(['purge'], { DATABASE_URL: db().url });
    expect(refused.code).to.equal(exitCodes.usage);
    expect(refused.stderr).to.contain(sayIn('en')('cli.needsConfig'));
    expect(await shop.privacy.audit.verify()).to.deep.equal(before);
  });

  it('export writes the access answer, records it and audits the view; an unknown address exits 4', async function () {
    await seedRetention(shop.knex);
    const txt = await shopPrivacy(['export', '--config', shopConfig, '--email', 'Anna@Example.lv'], env);
    expect(txt.code, txt.stderr).to.equal(0);
    expect(txt.stdout).to.contain('anna@example.lv').and.contain('XP-2').and.contain('Datu valsts inspekcija');
    const dir = tempDir();
    const file = path.join(dir, 'anna.json');
    const json = await shopPrivacy(['export', '--config', shopConfig, '--email', 'anna@example.lv', '--format', 'json', '--output', file], env);
    expect(json.code, json.stderr).to.equal(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).to.deep.include({ format: 'express-shop-privacy/export' });
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    fs.rmSync(dir, { recursive: true, force: true });
    const requests = await shop.knex('privacy_requests').where({ type: 'access', channel: 'staff', status: 'done' }).count({ n: '*' });
    expect(requests).to.deep.equal([{ n: 2 }]);

    const unknown = await shopPrivacy(['export', '--config', shopConfig, '--email', 'nobody@example.lv'], env);
    expect(unknown.code).to.equal(4);
    expect(unknown.stdout).to.equal('');
    const bad = await shopPrivacy(['export', '--config', shopConfig, '--email', 'not an address'], env);
    expect(bad.code).to.equal(2);
  });

  it('erase shows what it would do and needs --yes without a terminal; then erases and e-mails the report', async function () {
    await seedRetention(shop.knex);
    const asked = await shopPrivacy(['erase', '--config', shopConfig, '--email', 'anna@example.lv', '--locale', 'lv'], env);
    expect(asked.code).to.equal(2);
    expect(asked.stdout).to.contain('Konts: dzēsti ieraksti – 1');
    expect(asked.stderr).to.contain('pievienojiet --yes');
    expect(await shop.knex('customers').where({ email: 'anna@example.lv' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);

    const done = await shopPrivacy(['erase', '--config', shopConfig, '--email', 'anna@example.lv', '--yes'], env);
    expect(done.code, done.stderr).to.equal(0);
    expect(done.stdout).to.contain('Erased anna@example.lv');
    expect(await shop.knex('customers').where({ email: 'anna@example.lv' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    // The command sent the report itself before it exited, through the app's transport.
    expect((await readOutbox(shop.outboxDir)).map((m) => m.subject)).to.include('Jūsu dati xparts.lv ir dzēsti');
    expect(await shop.knex('privacy_outbox').where({ kind: 'mail' }).whereNot({ status: 'sent' }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    const again = await shopPrivacy(['erase', '--config', shopConfig, '--email', 'anna@example.lv', '--yes'], env);
    expect(again.code).to.equal(4);
  });

  it("mail counts the outbox by state, and --send sends what is due through the app's transport", async function () {
    // A day after the shop's clock: the e-mail below is due for the command, not yet for the shop's own worker.
    const later = path.join(shopConfigDir, 'privacy.later.config.mjs');
    fs.writeFileSync(
      later,
      `import options from ${JSON.stringify(pathToFileURL(path.resolve('examples/storefront/privacy.config.ts')).href)};\n` +
        `export default { ...options, clock: () => new Date(${JSON.stringify(new Date(seedNow.getTime() + 24 * 3600_000).toISOString())}) };\n`,
    );
    // The shop's secret, which seals the outbox's messages: the command opens what the shop queued.
    env = { ...env, PRIVACY_SECRET: shop.privacy.options.secret };
    const email = { to: 'ilze@example.lv', subject: 'Sveiki', text: 'Teksts', html: '<p>Teksts</p>', headers: {} };
    await shop.knex('privacy_outbox').insert({
      message_id: '<cli-test@xparts.lv>',
      kind: 'mail',
      recipient: email.to,
      message: messageSeal(shop.privacy.options.secret).seal(JSON.stringify({ email, purpose: null })),
      status: 'pending',
      attempts: 0,
      next_attempt_at: new Date(seedNow.getTime() + 3600_000),
      created_at: seedNow,
    });
    const counted = await shopPrivacy(['mail', '--config', later, '--format', 'json'], env);
    expect(counted.code, counted.stderr).to.equal(0);
    expect(JSON.parse(counted.stdout)).to.deep.equal({ pending: 1, sending: 0, sent: 0, failed: 0 });
    const sent = await shopPrivacy(['mail', '--config', later, '--send', '--locale', 'en'], env);
    expect(sent.code, sent.stderr).to.equal(0);
    expect(sent.stdout).to.contain('Sent 1, tried again later 0, given up 0').and.contain('sent 1, given up 0');
    expect((await readOutbox(shop.outboxDir)).map((m) => m.to[0])).to.deep.equal(['ilze@example.lv']);
    const refused = await shopPrivacy(['mail', '--send'], { DATABASE_URL: db().url });
    expect(refused.code).to.equal(exitCodes.usage);
  });

  it('requests lists the queue without addresses, and --overdue exits 5 when one is late', async function () {
    await seedRetention(shop.knex);
    const none = await shopPrivacy(['requests', '--config', shopConfig, '--overdue'], env);
    expect(none.code, none.stderr).to.equal(0);
    expect(none.stdout).to.contain('No request is overdue.');
    await shop.knex('privacy_requests').insert({
      type: 'erasure',
      subject_id: null,
      email: 'late@example.lv',
      email_hash: 'a'.repeat(64),
      locale: 'lv',
      status: 'open',
      channel: 'guest',
      received_at: new Date('2026-01-01'),
      verified_at: new Date('2026-01-01'),
      due_at: new Date('2026-02-01'),
      updated_at: new Date('2026-01-01'),
    });
    const late = await shopPrivacy(['requests', '--config', shopConfig, '--overdue', '--format', 'json'], env);
    expect(late.code).to.equal(5);
    const listed = JSON.parse(late.stdout) as { type: string; overdue: boolean }[];
    expect(listed).to.have.length(1);
    expect(listed[0]).to.include({ type: 'erasure', overdue: true });
    expect(late.stdout).not.to.contain('late@example.lv');
    const text = await shopPrivacy(['requests', '--database-url', db().url], env);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.contain('OVERDUE');
  });

  it('records prints the record of processing as text, JSON or CSV', async function () {
    const json = await shopPrivacy(['records', '--config', shopConfig, '--format', 'json', '--locale', 'en'], env);
    expect(json.code, json.stderr).to.equal(0);
    // The version in force: the one the running shop's migrate() settled from its published text.
    expect((JSON.parse(json.stdout) as { policyVersion: string }).policyVersion).to.match(/^\d{4}-\d{2}-\d{2}(-[0-9a-f]{6})?$/);
    expect((JSON.parse(json.stdout) as { activities: { id: string }[] }).activities.map((a) => a.id)).to.include('purchase');
    const csv = await shopPrivacy(['records', '--config', shopConfig, '--format', 'csv', '--locale', 'lv'], env);
    expect(csv.stdout.startsWith('\uFEFFIdentifikators,Apstrādes nolūks')).to.equal(true);
    const text = await shopPrivacy(['records', '--config', shopConfig, '--locale', 'lv'], env);
    expect(text.stdout).to.contain('Pirkuma apstrāde [purchase]');
  });
});

describe('shop-privacy usage', function () {
  it("exits 2 on a wrong argument and 0 for help, and refuses to export without the app's config", async function () {
    const wrong = await shopPrivacy(['purge', '--format', 'xml']);
    expect(wrong.code).to.equal(2);
    expect(wrong.stderr).to.contain("argument 'xml' is invalid");
    const help = await shopPrivacy(['--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.contain('Exit codes: 0 done');
    const noConfig = await shopPrivacy(['export', '--email', 'anna@example.lv', '--database-url', 'sqlite::memory:']);
    expect(noConfig.code).to.equal(2);
    expect(noConfig.stderr).to.contain("needs the app's options");
  });

  it("draws the help in Latvian on a Latvian terminal, commander's headings too", async function () {
    const latvian = { LANG: 'lv_LV.UTF-8' };
    const help = await shopPrivacy(['purge', '--help'], latvian);
    expect(help.code).to.equal(0);
    for (const words of ['Lietošana: shop-privacy purge [opcijas]', 'Opcijas:', 'parādīt komandas palīdzību', '(iespējas: "text", "json"', 'noklusējums:'])
      expect(help.stdout).to.contain(words);
    expect(help.stdout).not.to.match(/Usage|Options:|display help|choices:|default:/);
  });

  it("shows commander's own message for an unknown option or a missing value, then our pointer to --help, and exits with the usage code", async function () {
    const latvian = { LANG: 'lv_LV.UTF-8' };
    const typo = await shopPrivacy(['purge', '--dry-rn'], latvian);
    expect(typo.code).to.equal(exitCodes.usage);
    expect(typo.stderr).to.contain("error: unknown option '--dry-rn'\n(Did you mean --dry-run?)");
    expect(typo.stderr).to.contain(sayIn('lv')('cli.help.afterError'));
    const missing = await shopPrivacy(['export', '--email']);
    expect(missing.code).to.equal(exitCodes.usage);
    expect(missing.stderr).to.contain("error: option '--email <address>' argument missing");
    expect(missing.stderr).to.contain(sayIn('en')('cli.help.afterError'));
  });
});

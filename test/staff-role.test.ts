import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { setStaffRole } from '../examples/storefront/staff.js';
import { onEachDatabase } from './support/databases.js';
import { shopper, startShop } from './support/shop.js';

const run = promisify(execFile);

/** `npm run staff -- <args>` as an operator types it, on DATABASE_URL; its exit code and output. */
async function npmRunStaff(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'staff', '--', ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const staffPages = ['/privacy/staff', '/privacy/staff/records', '/privacy/staff/lookup?email=anna@example.lv'];

onEachDatabase('the staff role of the example shop', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  it('is never an address typed at signup: an operator grants it, and revoking closes the staff pages at once', async function () {
    const ilze = shopper(shop);
    await ilze.post('/signup', { email: 'staff@xparts.lv', first_name: 'Ilze', last_name: 'Ozola', password: 'a staff password' }).expect(303);
    for (const url of staffPages) await ilze.agent.get(url).expect(404);

    expect(await setStaffRole(shop.knex, ' Staff@XPARTS.lv', 'grant')).to.equal('granted');
    // A second device of hers, logged in before: the role is read on each request, not at login.
    const laptop = shopper(shop);
    await laptop.post('/login', { email: 'staff@xparts.lv', password: 'a staff password' }, '/login').expect(303);
    for (const browser of [ilze, laptop]) for (const url of staffPages) await browser.agent.get(url).expect(200);
    expect(await setStaffRole(shop.knex, 'staff@xparts.lv', 'grant')).to.equal('unchanged');

    expect(await setStaffRole(shop.knex, 'staff@xparts.lv', 'revoke')).to.equal('revoked');
    for (const browser of [ilze, laptop]) for (const url of staffPages) await browser.agent.get(url).expect(404);
    expect(await setStaffRole(shop.knex, 'nobody@xparts.lv', 'grant')).to.equal('unknown');
    expect(await setStaffRole(shop.knex, 'not an address', 'grant')).to.equal('unknown');
  });

  it('`npm run staff -- grant|revoke <email>` works on DATABASE_URL, and refuses an unknown address with exit code 1', async function () {
    this.timeout(60_000);
    const ilze = shopper(shop);
    await ilze.post('/signup', { email: 'staff@xparts.lv', first_name: 'Ilze', last_name: 'Ozola', password: 'a staff password' }).expect(303);

    const granted = await npmRunStaff(['grant', 'staff@xparts.lv'], db().url);
    expect(granted.code, granted.stderr).to.equal(0);
    expect(granted.stdout).to.contain('Granted');
    await ilze.agent.get('/privacy/staff').expect(200);

    const unknown = await npmRunStaff(['grant', 'nobody@xparts.lv'], db().url);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.contain('No customer has that address');
    expect(await db().knex('customers').where({ is_staff: true }).pluck('email')).to.deep.equal(['staff@xparts.lv']);

    const revoked = await npmRunStaff(['revoke', 'staff@xparts.lv'], db().url);
    expect(revoked.code, revoked.stderr).to.equal(0);
    expect(revoked.stdout).to.contain('Revoked');
    await ilze.agent.get('/privacy/staff').expect(404);
  });
});

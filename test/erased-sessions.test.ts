import { expect } from 'chai';
import { onEachDatabase } from './support/databases.js';
import { shopper, signUpVerified, startShop } from './support/shop.js';

const anna = { email: 'anna.berzina@example.lv', first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password' };

/** Retries an assertion for up to two seconds: the shop ends other sessions when told of the erasure, after its commit. */
async function eventually(assertion: () => Promise<unknown>): Promise<void> {
  for (let waited = 0; ; waited += 50) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (waited >= 2000) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

onEachDatabase('every session of an erased customer ends', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  /** Anna on her phone and her laptop, and Pēteris, who has nothing to do with her. */
  async function twoDevicesAndSomeoneElse() {
    const phone = shopper(shop);
    await signUpVerified(shop, phone, anna);
    const laptop = shopper(shop);
    await laptop.post('/login', { email: anna.email, password: anna.password }, '/login').expect(303);
    await laptop.addToCart(1);
    const peteris = shopper(shop);
    await peteris.post('/signup', { email: 'peteris@example.lv', first_name: 'Pēteris', last_name: 'Kalniņš', password: 'another password' }).expect(303);
    expect((await sessionRows()).filter((row) => row.includes(anna.email))).to.have.length(2);
    return { phone, laptop, peteris };
  }

  const sessionRows = async () => (await db().knex('shop_sessions').pluck('sess')).map((sess: unknown) => String(sess));

  async function expectAnnaGone(laptop: ReturnType<typeof shopper>, peteris: ReturnType<typeof shopper>) {
    await eventually(async () => {
      for (const row of await sessionRows()) expect(row).not.to.contain(anna.email).and.not.to.contain('"Anna"').and.not.to.contain(anna.last_name);
    });
    await laptop.agent.get('/account').expect(303).expect('location', '/login');
    await laptop.agent.get('/privacy/account').expect(303).expect('location', '/privacy/request');
    // Everyone else stays logged in.
    expect((await peteris.agent.get('/account').expect(200)).text).to.contain('Pēteris');
  }

  it('when she erases herself on one device: the other is logged out, and no session row keeps her address or name', async function () {
    const { phone, laptop, peteris } = await twoDevicesAndSomeoneElse();
    await phone.post('/privacy/account/erase', { confirm: 'yes' }, '/privacy/account/erase').expect(200);
    await phone.agent.get('/account').expect(303).expect('location', '/login');
    await expectAnnaGone(laptop, peteris);
  });

  it('when the shop erases her (staff, or its own code): both devices are logged out', async function () {
    const { phone, laptop, peteris } = await twoDevicesAndSomeoneElse();
    await shop.privacy.eraseSubject(anna.email);
    await expectAnnaGone(laptop, peteris);
    await phone.agent.get('/account').expect(303).expect('location', '/login');
  });
});

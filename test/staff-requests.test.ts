import { expect } from 'chai';
import { onEachDatabase } from './support/databases.js';
import { longAgo } from './support/clock.js';
import { csrfOf, shopper, startShop } from './support/shop.js';
import { staffBrowser } from './support/staff.js';
import { sentMail } from './support/outbox.js';

const zane = { email: 'zane@example.lv', first_name: 'Zane', last_name: 'Liepiņa', phone: '+371 29 555 111', address: 'Brīvības iela 1, Rīga' };

onEachDatabase('the staff request queue and subject look-up', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  const staffMember = () => staffBrowser(shop);

  /** Zane orders as a guest, signs up, and objects in English to the shop's CCTV: a request for a person to weigh. */
  async function zaneObjects() {
    const browser = shopper(shop);
    await browser.addToCart(1, 1);
    await browser.post('/checkout', zane).expect(303);
    await browser.post('/signup', { email: zane.email, first_name: 'Zane', last_name: 'Liepiņa', password: 'a long password' }).expect(303);
    const objected = await browser
      .post('/privacy/account/object/legitimate', { purpose: 'cctv', reason: 'The camera at the counter films me while I sign.' }, '/privacy/account?lang=en')
      .expect(303);
    const request = await db().knex('privacy_requests').where({ type: 'objection' }).first();
    expect(String(objected.headers.location)).to.equal(`/privacy/account?request=${request.id}&lang=en`);
    const page = await browser.agent.get(String(objected.headers.location)).expect(200);
    expect(page.text).to.contain(`We have your request no. ${request.id}; we will answer by`);
    return { browser, request };
  }

  it('answers 404 to anyone the host does not call staff, and changes nothing', async function () {
    const { browser, request } = await zaneObjects();
    const before = await db().knex('privacy_requests').select().orderBy('id');
    const auditBefore = await db().knex('privacy_audit').count({ n: '*' });
    for (const visitor of [shopper(shop), browser]) {
      for (const url of [
        '/privacy/staff',
        '/privacy/staff/',
        `/privacy/staff/requests/${request.id}`,
        '/privacy/staff/lookup?email=zane@example.lv',
        '/privacy/staff/records',
      ]) {
        await visitor.agent.get(url).expect(404);
      }
      await visitor.agent.post(`/privacy/staff/requests/${request.id}/complete`).type('form').send({ note: 'done' }).expect(404);
    }
    expect(await db().knex('privacy_requests').select().orderBy('id')).to.deep.equal(before);
    expect(await db().knex('privacy_audit').count({ n: '*' })).to.deep.equal(auditBefore);
  });

  it('lets staff extend once, refuse only with a reason, and complete, telling the shopper each time in their language', async function () {
    const { request } = await zaneObjects();
    const staff = await staffMember();
    const queue = await staff.agent.get('/privacy/staff').expect(200);
    expect(queue.text).to.contain('Iebildums pret apstrādi');
    expect(queue.text).not.to.contain('zane@example.lv');

    const detail = await staff.agent.get(`/privacy/staff/requests/${request.id}`).expect(200);
    expect(detail.text).to.contain('zane@example.lv').and.to.contain('The camera at the counter films me while I sign.');
    const viewed = (await shop.privacy.audit.list()).find((entry) => entry.action === 'staff.viewed_request');
    expect(viewed).to.include({ actorType: 'staff', requestId: request.id });
    expect(viewed?.actorId).to.match(/^customer-\d+$/);

    const path = `/privacy/staff/requests/${request.id}`;
    await staff.post(`${path}/extend`, { months: '1', reason: 'We need the footage from our security firm.' }, path).expect(303);
    const extended = await db().knex('privacy_requests').where({ id: request.id }).first();
    expect(new Date(extended.due_at).getUTCMonth()).to.equal((new Date(request.due_at).getUTCMonth() + 1) % 12);
    let [mail] = await sentMail(shop.privacy, shop.outboxDir);
    expect(mail?.to).to.deep.equal([zane.email]);
    expect(mail?.subject).to.equal(`Your request no. ${request.id} needs more time`);
    expect(mail?.text).to.contain('We need the footage from our security firm.');

    // The page no longer offers a second extension; a hand-made post is refused all the same.
    const page = await staff.agent.get(path).expect(200);
    expect(page.text).not.to.contain(`action="${path}/extend"`);
    const again = await staff.agent
      .post(`${path}/extend`)
      .type('form')
      .send({ _csrf: csrfOf(page.text, `${path}/complete`), months: '2', reason: 'Still waiting.' })
      .expect(422);
    expect(again.text).to.contain('Termiņu var pagarināt tikai vienu reizi');
    const noReason = await staff.post(`${path}/refuse`, { reason: ' ' }, path).expect(422);
    expect(noReason.text).to.contain('Norādiet iemeslu');
    expect(await db().knex('privacy_requests').where({ id: request.id }).first()).to.deep.equal(extended);

    await staff.post(`${path}/complete`, { note: 'The camera has been turned away from the counter.' }, path).expect(303);
    [mail] = await sentMail(shop.privacy, shop.outboxDir);
    expect(mail?.subject).to.equal(`Your request no. ${request.id} is complete`);
    expect(mail?.text).to.contain('Note: The camera has been turned away from the counter.');
    const done = await db().knex('privacy_requests').where({ id: request.id }).first();
    expect(done).to.include({ status: 'done', handled_by: viewed?.actorId });
    // A closed request offers no actions; a hand-made post (with a valid token from another form) changes nothing.
    const other = await staff.agent.get('/privacy/account').expect(200);
    const late = await staff.agent
      .post(`${path}/refuse`)
      .type('form')
      .send({ _csrf: csrfOf(other.text, '/privacy/account/consents'), reason: 'Too late to refuse.' })
      .expect(422);
    expect(late.text).to.contain('Šis pieprasījums jau ir slēgts');
    expect(await db().knex('privacy_requests').where({ id: request.id }).first()).to.deep.equal(done);
    expect(await shop.privacy.audit.verify()).to.include({ ok: true });
  });

  it("refuses with the reason and the shopper's remedies, and flags overdue requests", async function () {
    const { request } = await zaneObjects();
    await db().knex('privacy_requests').where({ id: request.id }).update({ due_at: longAgo });
    const staff = await staffMember();
    const queue = await staff.agent.get('/privacy/staff?lang=en').expect(200);
    expect(queue.text).to.contain('Overdue');
    const path = `/privacy/staff/requests/${request.id}`;
    await staff.post(`${path}/refuse`, { reason: 'The camera protects customers and staff; your situation does not outweigh that.' }, path).expect(303);
    const [mail] = await sentMail(shop.privacy, shop.outboxDir);
    expect(mail?.subject).to.equal(`Your request no. ${request.id} was refused`);
    expect(mail?.text).to.contain('your situation does not outweigh that').and.to.contain('Data State Inspectorate');
    const after = await staff.agent.get('/privacy/staff?lang=en').expect(200);
    expect(after.text).not.to.contain('Overdue');
    expect(after.text).to.contain('Refused');
  });

  it('finds a person by e-mail or by order number and telephone, shows only counts, and audits every search', async function () {
    await zaneObjects();
    const staff = await staffMember();
    const byEmail = await staff.agent.get('/privacy/staff/lookup?email=ZANE@example.lv').expect(200);
    expect(byEmail.text).to.contain('zane@example.lv').and.to.contain('Pasūtījumi: 1').and.to.contain('Iebildums pret apstrādi');
    expect(byEmail.text).not.to.contain('Brīvības iela 1');
    const order = await db().knex('orders').first('number');
    const byPhone = await staff.agent.get(`/privacy/staff/lookup?order=${order.number}&phone=29555111`).expect(200);
    expect(byPhone.text).to.contain('zane@example.lv');
    // An order number read out over the telephone is typed in whatever case: it still finds the order.
    const typed = await staff.agent.get(`/privacy/staff/lookup?order=${encodeURIComponent(` ${order.number.toLowerCase()} `)}&phone=29555111`).expect(200);
    expect(typed.text).to.contain('zane@example.lv');
    const wrongPhone = await staff.agent.get(`/privacy/staff/lookup?order=${order.number}&phone=20000000`).expect(200);
    expect(wrongPhone.text).to.contain('Par šo personu nekas netika atrasts.');
    expect(wrongPhone.text).not.to.contain('zane@example.lv');
    await staff.agent.get('/privacy/staff/lookup?email=not-an-address').expect(422);
    const searches = (await shop.privacy.audit.list()).filter((entry) => entry.action === 'staff.looked_up_subject');
    expect(searches.map((entry) => entry.details)).to.deep.equal([
      { by: 'order_and_phone', found: false },
      { by: 'order_and_phone', found: true },
      { by: 'order_and_phone', found: true },
      { by: 'email', found: true },
    ]);
  });
});

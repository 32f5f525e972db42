import { expect } from 'chai';
import type { Request } from 'express';
import request from 'supertest';
import { onEachDatabase, tempDir } from '../support/databases.js';
import { createHost } from '../support/host.js';
import { shopper, startShop } from '../support/shop.js';
import { sentMail } from '../support/outbox.js';
import { translate } from '../../lib/i18n/index.js';

function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** The module's limits hold under concurrency and on every form that mails someone (issue 18 items 3 and 6). */
onEachDatabase('rate limits', (db) => {
  it('30 concurrent requests for one address: none fails, exactly the 5 an address is allowed pass', async function () {
    const { app, privacy } = await createHost(db().url, { publicUrl: 'http://shop.test', mailer: { outboxDir: tempDir('esp-outbox-') } });
    const agent = request.agent(app);
    const token = csrfFrom((await agent.get('/privacy/request')).text);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => agent.post('/privacy/request').type('form').send({ _csrf: token, type: 'access', email: 'stranger@example.lv' })),
    );
    const statuses = answers.map((res) => res.status);
    expect(
      statuses.filter((status) => status >= 500),
      'answered with a server error',
    ).to.deep.equal([]);
    expect(statuses.filter((status) => status !== 429)).to.have.length(5);
    await privacy.close();
  });

  const tokens = async () => Number((await db().knex('privacy_tokens').count({ n: '*' }))[0]?.n);

  it("the shop's newsletter form mails one address at most 5 times an hour, and one IP at most 20 times, answered in the shopper's language", async function () {
    const shop = await startShop(db().url);
    try {
      const browser = shopper(shop);
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await browser.post('/newsletter', { email: 'stranger@example.lv', consent_newsletter: 'yes' }, '/')).status);
      expect(statuses.filter((status) => status === 200)).to.have.length(5);
      const refused = await browser.post('/newsletter', { email: 'stranger@example.lv', consent_newsletter: 'yes' }, '/').expect(429);
      expect(refused.text).to.contain('Pārāk daudz pieteikumu');
      const perAddress = await tokens();
      for (let i = 0; i < 30; i++) await browser.post('/newsletter', { email: `someone${i}@example.lv`, consent_newsletter: 'yes' }, '/');
      // Each signup stores a confirmation and an unsubscribe token: 20 signups from one IP at most.
      expect(await tokens())
        .to.be.at.most(40)
        .and.greaterThan(perAddress);
    } finally {
      await shop.stop();
    }
  });

  it('the newsletter sign-up hook bounds what it mails itself, whichever form of the shop calls it: 5 an hour per address, 20 per IP', async function () {
    const { privacy } = await createHost(db().url, {
      publicUrl: 'http://shop.test',
      mailer: { outboxDir: tempDir('esp-outbox-'), worker: { enabled: false } },
    });
    try {
      const from = (ip: string) => ({ ip }) as Request;
      const signUp = async (email: string, ip = '203.0.113.7') => (await privacy.hooks.newsletterSignup({ email, req: from(ip) })).status;
      const statuses: string[] = [];
      for (let i = 0; i < 7; i++) statuses.push(await signUp('stranger@example.lv'));
      expect(statuses).to.deep.equal([...Array<string>(5).fill('queued'), 'limited', 'limited']);
      const others: string[] = [];
      for (let i = 0; i < 20; i++) others.push(await signUp(`someone${i}@example.lv`));
      // The IP's 7 sign-ups so far count too: 13 more pass.
      expect(others.filter((status) => status === 'queued')).to.have.length(13);
      expect(others.slice(13)).to.deep.equal(Array<string>(7).fill('limited'));
      expect(await db().knex('privacy_outbox').count({ n: '*' })).to.deep.equal([{ n: 18 }]);
      // Another IP may still sign up a fresh address; the stranger's stays bounded from there too.
      expect(await signUp('other@example.lv', '198.51.100.2')).to.equal('queued');
      expect(await signUp('stranger@example.lv', '198.51.100.2')).to.equal('limited');
    } finally {
      await privacy.close();
    }
  });

  it("the account page's newsletter box asks for confirmation at most 5 times an hour, then says to wait", async function () {
    const customer = { id: 9, email: 'ilze@example.lv', emailVerified: true };
    const { app, privacy } = await createHost(db().url, {
      publicUrl: 'http://shop.test',
      mailer: { outboxDir: tempDir('esp-outbox-'), worker: { enabled: false } },
      currentCustomer: () => customer,
    });
    try {
      await privacy.hooks.accountCreated({ customer });
      const agent = request.agent(app);
      const token = csrfFrom((await agent.get('/privacy/account')).text);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await agent.post('/privacy/account/consents').type('form').send({ _csrf: token, purpose: 'newsletter', answer: 'grant' })).status);
      expect(statuses).to.deep.equal([303, 303, 303, 303, 303, 429]);
      expect(await db().knex('privacy_outbox').count({ n: '*' })).to.deep.equal([{ n: 5 }]);
    } finally {
      await privacy.close();
    }
  });

  it('the e-mail change on the account page mails a new address at most 5 times an hour, and one IP at most 20 times', async function () {
    const customer = { id: 7, email: 'anna@example.lv', emailVerified: true };
    const outbox = tempDir('esp-outbox-');
    const mailsTo = async (pattern: RegExp) => (await sentMail(privacy, outbox)).filter((mail) => mail.to.some((to) => pattern.test(to))).length;
    const { app, privacy } = await createHost(db().url, {
      publicUrl: 'http://shop.test',
      mailer: { outboxDir: outbox },
      currentCustomer: () => customer,
    });
    await privacy.hooks.accountCreated({ customer });
    const agent = request.agent(app);
    const token = csrfFrom((await agent.get('/privacy/account')).text);
    const change = (email: string) => agent.post('/privacy/account/rectify').type('form').send({ _csrf: token, email });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await change('stranger@example.lv')).status);
    expect(statuses.filter((status) => status === 303)).to.have.length(5);
    const refused = await change('stranger@example.lv').expect(429);
    expect(refused.text).to.contain(translate('lv', 'request.limited.title'));
    expect(await mailsTo(/^stranger@/)).to.equal(5);
    for (let i = 0; i < 30; i++) await change(`someone${i}@example.lv`);
    // The 9 posts for the stranger counted against the IP too: 20 e-mail changes from it in all.
    expect(await mailsTo(/@example\.lv$/)).to.equal(5 + 20 - 9);
    // Correcting anything else (the address unchanged) is not counted.
    await agent.post('/privacy/account/rectify').type('form').send({ _csrf: token, email: customer.email }).expect(303);
    await privacy.close();
  });

  it('banner answers from one IP are bounded even with one reused CSRF pair', async function () {
    const { app, privacy } = await createHost(db().url);
    const agent = request.agent(app);
    const token = csrfFrom((await agent.get('/privacy/cookies')).text);
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push((await agent.post('/privacy/cookies').type('form').send({ _csrf: token, choice: 'accept' })).status);
    expect(statuses.filter((status) => status === 303)).to.have.length(60);
    expect(statuses.filter((status) => status === 429)).to.have.length(10);
    // Once past its limit, an IP's further posts are refused before the body is read, with no statement at all.
    let statements = 0;
    privacy.db.on('query', () => void (statements += 1));
    for (let i = 0; i < 20; i++) await agent.post('/privacy/cookies').type('form').send({ _csrf: token, choice: 'accept' }).expect(429);
    expect(statements).to.equal(0);
    await privacy.close();
  });
});

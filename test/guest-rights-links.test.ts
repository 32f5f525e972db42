import { expect } from 'chai';
import request from 'supertest';
import { onEachDatabase } from './support/databases.js';
import { createHost } from './support/host.js';
import { startShop } from './support/shop.js';

/** A guest who ordered without an account finds the page for their rights wherever they look, not only an e-mail address. */
onEachDatabase("the way to a guest's rights", (db) => {
  it('is linked from the policy, in its language', async function () {
    const { app, privacy } = await createHost(db().url);
    const lv = await request(app).get('/privacy/policy').expect(200);
    expect(lv.text).to.match(/<a href="\/privacy\/request">[^<]+<\/a>/);
    const en = await request(app).get('/privacy/policy?lang=en').expect(200);
    expect(en.text).to.match(/<a href="\/privacy\/request\?lang=en">[^<]+<\/a>/);
    await privacy.close();
  });

  it("is linked from the footer of every module page and offered to the shop's own footer", async function () {
    const { app, privacy } = await createHost(db().url);
    // After the module's middleware, as a shop's own pages are.
    app.get('/footer', (_req, res) => res.send(`<a href="${res.locals.privacy.requestUrl}">rights</a>`));
    for (const path of ['/privacy/cookies', '/privacy/policy', '/privacy/request']) {
      const page = await request(app).get(path).expect(200);
      expect(page.text, path).to.match(/<footer class="privacy-footer">[\s\S]*href="\/privacy\/request"[\s\S]*<\/footer>/);
    }
    const footer = await request(app).get('/footer?lang=en');
    expect(footer.text).to.equal('<a href="/privacy/request?lang=en">rights</a>');
    await privacy.close();
  });

  it('is where the erase and account pages send someone who is not logged in, with the right chosen', async function () {
    const { app, privacy } = await createHost(db().url);
    const erase = await request(app).get('/privacy/account/erase').expect(401);
    expect(erase.text).to.contain('href="/privacy/request?type=erasure"');
    expect(erase.text).to.contain('Ja pasūtījāt bez konta');
    const download = await request(app).get('/privacy/account/export.txt?lang=en').expect(401);
    expect(download.text).to.contain('href="/privacy/request?lang=en"');
    await privacy.close();
  });

  it("is in the example shop's footer", async function () {
    const shop = await startShop(db().url);
    const home = await request(shop.app).get('/').expect(200);
    expect(home.text).to.contain('href="/privacy/request"');
    await shop.stop();
  });
});

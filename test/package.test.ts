import fs from 'node:fs';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { testSecret } from './support/secret.js';

/**
 * What `npm install express-shop-privacy` gives an integrator: the compiled `dist/`
 * (built by `npm run build`, which `npm install` runs through `prepare`).
 */
describe('the built package', function () {
  it('exports the API with type declarations, and renders pages from its own copy of the views', async function () {
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/bin/shop-privacy.js', 'dist/views/policy.hbs', 'dist/views/assets/privacy.css']) {
      expect(fs.existsSync(file), `${file} is missing: run npm run build`).to.equal(true);
    }
    const built = (await import('../dist/index.js' as string)) as typeof import('../index.js');
    const privacy = built.createPrivacy({ secret: testSecret, db: 'sqlite::memory:', controller: { email: 'info@xparts.lv' } });
    // As the README has a shop do at start: the tables, and the policy's version settled from its text.
    await privacy.migrate();
    const app = express();
    app.use('/privacy', privacy.router());
    const res = await request(app).get('/privacy/policy').expect(200);
    expect(res.text).to.contain('SIA KRAUD');
    await privacy.close();
  });
});

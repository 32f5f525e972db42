import fs from 'node:fs';
import path from 'node:path';
import { assert, expect } from 'chai';
import request from 'supertest';
import { createPrivacy, PrivacyOptionsError, type PrivacyLogger, type ShopLayoutContext } from '../index.js';
import { translate } from '../lib/i18n/index.js';
import { testClock } from './support/clock.js';
import { onEachDatabase, tempDir } from './support/databases.js';
import { createHost } from './support/host.js';
import { testSecret } from './support/secret.js';

/** A shop's handlebars layout: its own header and footer, the module's head and banner where it says. */
const shopLayout = `<!doctype html>
<html lang="{{locale}}"><head><title>{{title}} – Shop</title>{{{privacyHead}}}</head>
<body><header class="shop-header">The Shop</header>
<main>{{{body}}}</main>
<footer class="shop-footer"><a href="{{privacy.policyUrl}}">policy</a></footer>
<script nonce="{{nonce}}">window.shop = true;</script>
{{{privacyBanner}}}</body></html>`;

/** A shop of its own, whatever the module's defaults are. */
const ownShop = {
  controller: { name: 'SIA Veikals', regNo: '40000000000', address: 'Rīga, LV-1001', email: 'info@shop.test', website: 'shop.test' },
  supervisoryAuthority: { name: { lv: 'Datu valsts inspekcija', en: 'Data State Inspectorate' }, address: 'Rīga', website: 'https://www.dvi.gov.lv' },
  recipients: [],
  purposes: [
    {
      id: 'purchase',
      title: { lv: 'Pirkumu apstrāde', en: 'Processing purchases' },
      description: { lv: 'Pasūtījuma izpilde.', en: 'Fulfilling the order.' },
      legalBasis: 'contract' as const,
      dataCategories: [{ lv: 'kontaktinformācija', en: 'contact details' }],
      retention: { lv: '5 gadi', en: '5 years' },
      noticeAt: ['checkout' as const],
    },
    {
      id: 'analytics',
      title: { lv: 'Apmeklējumu statistika', en: 'Visitor statistics' },
      description: { lv: 'Lapu apmeklējumu skaitīšana.', en: 'Counting page visits.' },
      legalBasis: 'consent' as const,
      dataCategories: [{ lv: 'IP adrese', en: 'IP address' }],
      retention: { lv: '14 mēneši', en: '14 months' },
      consent: { cookieCategory: 'analytics' as const },
    },
  ],
};

function recordingLogger(): PrivacyLogger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info: () => undefined, warn: () => undefined, error: (line) => errors.push(line) };
}

onEachDatabase("module pages in the shop's layout", (db) => {
  it('renders the policy page inside a handlebars layout given as a .hbs file, with the head bits, the banner and the nonce', async function () {
    const dir = tempDir('esp-layout-');
    const file = path.join(dir, 'layout.hbs');
    fs.writeFileSync(file, shopLayout);
    const { app, privacy } = await createHost(db().url, { ...ownShop, layout: file });
    try {
      const res = await request(app).get('/privacy/policy').expect(200);
      expect(res.text).to.match(/^<!doctype html>/);
      expect(res.text).to.contain('<header class="shop-header">The Shop</header>');
      expect(res.text).to.contain('<footer class="shop-footer"><a href="/privacy/policy">policy</a></footer>');
      expect(res.text).to.contain(`<title>${translate('lv', 'policy.title')} – Shop</title>`);
      expect(res.text).to.contain('<link rel="stylesheet" href="/privacy/assets/privacy.css">');
      // The module's page sits in a root its own styles know; the banner is asked for on a first visit.
      expect(res.text).to.contain('<div class="privacy privacy-main privacy-in-layout" id="privacy-main">');
      expect(res.text).to.contain('id="privacy-banner"');
      expect(res.text).to.contain('<script src="/privacy/assets/banner.js"');
      // Not the module's own layout: its skip link and footer are the shop's business now.
      expect(res.text).not.to.contain('class="privacy-footer"');
      // The shop's inline script carries this response's nonce, which the module's CSP allows.
      // As the browser reads the attribute: handlebars escapes a base64 "=" as &#x3D;.
      const nonce = /<script nonce="([^"]+)">window\.shop/.exec(res.text)?.[1]?.replaceAll('&#x3D;', '=');
      assert.exists(nonce, "the layout's inline script with a nonce");
      expect(res.headers['content-security-policy']).to.contain(`'nonce-${nonce}'`);
    } finally {
      await privacy.close();
    }
  });

  it('takes the layout as handlebars source, in the page language', async function () {
    const { app, privacy } = await createHost(db().url, { ...ownShop, layout: shopLayout });
    try {
      const res = await request(app).get('/privacy/policy?lang=en').expect(200);
      expect(res.text).to.contain('<html lang="en">');
      expect(res.text).to.contain(`<title>${translate('en', 'policy.title')} – Shop</title>`);
      expect(res.text).to.contain('<header class="shop-header">The Shop</header>');
    } finally {
      await privacy.close();
    }
  });

  it('takes a function for any engine, async too, and gives it the title, locale, nonce, request and response', async function () {
    const seen: Omit<ShopLayoutContext, 'req' | 'res'>[] = [];
    const { app, privacy } = await createHost(db().url, {
      ...ownShop,
      layout: async (html, context) => {
        const { req, res, ...rest } = context;
        seen.push(rest);
        await Promise.resolve();
        return `<!doctype html><html lang="${context.locale}"><head>${context.privacyHead}</head><body><nav>${req.path} ${res.locals.privacy.locale}</nav>${html}${context.privacyBanner}</body></html>`;
      },
    });
    try {
      const res = await request(app).get('/privacy/cookies?lang=en').expect(200);
      expect(res.text).to.contain('<nav>/cookies en</nav>');
      expect(res.text).to.contain(translate('en', 'cookies.title'));
      const [context] = seen;
      assert.exists(context, 'the layout was called');
      expect(context.title).to.equal(translate('en', 'cookies.title'));
      expect(context.locale).to.equal('en');
      expect(res.headers['content-security-policy']).to.contain(`'nonce-${context.nonce}'`);
      // The preference centre itself is where the choice is made: no banner over it.
      expect(context.privacyBanner).to.equal('');
    } finally {
      await privacy.close();
    }
  });

  it("sends the page in the module's own layout, and logs, when the shop's layout fails", async function () {
    const logger = recordingLogger();
    const { app, privacy } = await createHost(db().url, {
      ...ownShop,
      logger,
      layout: () => {
        throw new TypeError('the shop forgot a partial');
      },
    });
    try {
      const res = await request(app).get('/privacy/policy').expect(200);
      expect(res.text).to.contain('class="privacy-footer"');
      expect(logger.errors).to.have.length(1);
      expect(logger.errors[0]).to.contain("the shop's layout failed");
      expect(logger.errors[0]).to.contain('TypeError');
    } finally {
      await privacy.close();
    }
  });
});

describe('the layout option', function () {
  it('refuses a text that is neither a .hbs file nor a layout with {{{body}}}, naming the option', function () {
    for (const layout of ['views/shop-layout.hbs', '<html><body>no body here</body></html>']) {
      let error: unknown;
      try {
        createPrivacy({ secret: testSecret, ...ownShop, clock: testClock().now, layout });
      } catch (err) {
        error = err;
      }
      assert.instanceOf(error, PrivacyOptionsError);
      expect((error as Error).message).to.contain('layout');
    }
  });
});

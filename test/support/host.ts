import express, { type Express } from 'express';
import { createPrivacy, type Privacy, type PrivacyOptions } from '../../index.js';
import { testSecret } from './secret.js';
import { testClock } from './clock.js';
import { xpartsShop } from './shop-options.js';

/**
 * A minimal host shop mounting the module exactly as the README tells integrators to,
 * for tests of the module's own pages. Its home page shows the banner and an analytics and
 * an advertising tag gated by consent. The example storefront has its own tests.
 */
export async function createHost(
  url: string,
  options: Partial<PrivacyOptions> = {},
  setup?: (app: Express) => void,
): Promise<{ app: Express; privacy: Privacy }> {
  // The module's clock is the test's (`options.clock` to move it), never today's date.
  const privacy = createPrivacy({ secret: testSecret, db: url, ...xpartsShop, clock: testClock().now, ...options });
  await privacy.migrate();
  const app = express();
  app.set('trust proxy', 'loopback');
  setup?.(app);
  app.use(privacy.middleware());
  app.use('/privacy', privacy.router());
  app.get('/', (_req, res) => {
    const { privacy: locals } = res.locals;
    res.send(
      `<a href="${locals.policyUrl}">policy</a> <a href="${locals.cookiesUrl}">cookies</a> locale=${locals.locale}` +
        (locals.allows('analytics') ? '<script src="/tags/analytics.js"></script>' : '') +
        (locals.allows('marketing') ? '<script src="/tags/advertising.js"></script>' : '') +
        locals.banner,
    );
  });
  return { app, privacy };
}

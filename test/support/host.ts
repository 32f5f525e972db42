import express, { type Express } from 'express';
import { createPrivacy, type Privacy, type PrivacyOptions } from '../../index.js';
import { testSecret } from './secret.js';

/**
 * A minimal host shop mounting the module exactly as the README tells integrators to,
 * for tests of the module's own pages. The example storefront has its own tests.
 */
export async function createHost(url: string, options: Partial<PrivacyOptions> = {}, setup?: (app: Express) => void): Promise<{ app: Express; privacy: Privacy }> {
  const privacy = createPrivacy({ secret: testSecret, db: url, controller: { email: 'info@xparts.lv' }, ...options });
  await privacy.migrate();
  const app = express();
  setup?.(app);
  app.use(privacy.middleware());
  app.use('/privacy', privacy.router());
  app.get('/', (_req, res) => {
    res.send(`<a href="${res.locals.privacy.policyUrl}">policy</a> locale=${res.locals.privacy.locale}`);
  });
  return { app, privacy };
}

/**
 * The example shop's options for the command line, from the same environment as `npm start`:
 *   npx tsx bin/shop-privacy.ts purge --dry-run --config examples/storefront/privacy.config.ts
 * (`npm run shop-privacy -- purge --dry-run` does the same.)
 */
import { devSecret, settingsFromEnv, shopMail } from './app.js';
import { shopPrivacyOptions } from './privacy-options.js';

const settings = settingsFromEnv(process.env, Number(process.env.PORT ?? 3000));

export default shopPrivacyOptions({
  db: settings.databaseUrl,
  secret: settings.privacySecret ?? `${devSecret}-privacy`,
  publicUrl: settings.publicUrl ?? 'http://localhost:3000',
  mail: shopMail(settings),
});

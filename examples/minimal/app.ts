import express from 'express';
import { createPrivacy, connectDatabase } from '../../index.js'; // 'express-shop-privacy' in your shop

/** However your login keeps the shopper, e.g. passport's req.user. */
type ShopRequest = express.Request & { user?: { id: number; email: string; emailVerified?: boolean; isStaff?: boolean } };

export async function createApp(databaseUrl = 'sqlite:data/minimal.sqlite') {
  const db = connectDatabase(databaseUrl); // or the knex instance your shop already has
  const privacy = createPrivacy({
    db,
    secret: process.env.PRIVACY_SECRET ?? 'dev-only-secret-change-me-0123456789abcdef', // signs cookies and CSRF tokens
    // Your company, as the policy names it; nothing here has a default.
    controller: {
      name: 'SIA Piemēra Veikals',
      regNo: '40000000000',
      address: 'Brīvības iela 1, Rīga, LV-1010',
      email: 'dati@piemers.lv',
      website: 'piemers.lv',
    },
    // Where shoppers may complain (GDPR Art. 77): the authority of your country.
    supervisoryAuthority: {
      name: { lv: 'Datu valsts inspekcija', en: 'Data State Inspectorate' },
      address: 'Elijas iela 17, Rīga, LV-1050',
      website: 'https://www.dvi.gov.lv',
    },
    timezone: 'Europe/Riga', // every date shown; default UTC
    currentCustomer: (req) => (req as ShopRequest).user ?? null,
    isStaff: (req) => (req as ShopRequest).user?.isStaff === true,
  });
  await privacy.migrate(); // module tables; safe on every start
  const app = express();
  app.use(privacy.middleware()); // res.locals.privacy: locale, policyUrl
  app.use('/privacy', privacy.router()); // GET /privacy/policy and the module's pages
  app.get('/', (_req, res) => {
    res.send(`<a href="${res.locals.privacy.policyUrl}">Privacy</a>`);
  });
  return { app, privacy, db };
}

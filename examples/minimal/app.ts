import express from 'express';
import { createPrivacy, connectDatabase } from '../../index.js'; // 'express-shop-privacy' in your shop

declare module 'express-session' {
  interface SessionData { customer?: { id: number; email: string; isStaff?: boolean } } // your login's shape
}

export async function createApp(databaseUrl = 'sqlite:data/minimal.sqlite') {
  const db = connectDatabase(databaseUrl);         // or the knex instance your shop already has
  const privacy = createPrivacy({
    db,
    secret: process.env.PRIVACY_SECRET ?? 'dev-only-secret-change-me-0123456789abcdef', // signs cookies and CSRF tokens
    controller: { email: 'info@xparts.lv' },       // name, reg. no., address default to SIA KRAUD's
    currentCustomer: (req) => req.session?.customer ?? null,
    isStaff: (req) => req.session?.customer?.isStaff === true,
  });
  await privacy.migrate();                         // module tables; safe on every start
  const app = express();
  app.use(privacy.middleware());                   // res.locals.privacy: locale, policyUrl
  app.use('/privacy', privacy.router());           // GET /privacy/policy and the module's pages
  app.get('/', (_req, res) => { res.send(`<a href="${res.locals.privacy.policyUrl}">Privacy</a>`); });
  return { app, privacy, db };
}

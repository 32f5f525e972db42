'use strict';
// A CommonJS shop mounting the module: Node 20.19 and later load its ES modules from require().
const express = require('express');
const { createPrivacy } = require('express-shop-privacy');

const privacy = createPrivacy({
  db: process.env.DATABASE_URL ?? 'sqlite:data/commonjs.sqlite',
  secret: process.env.PRIVACY_SECRET ?? 'dev-only-secret-change-me-0123456789abcdef',
  controller: { name: 'SIA Piemēra Veikals', regNo: '40000000000', address: 'Brīvības iela 1, Rīga, LV-1010', email: 'dati@piemers.lv', website: 'piemers.lv' },
  supervisoryAuthority: {
    name: { lv: 'Datu valsts inspekcija', en: 'Data State Inspectorate' },
    address: 'Elijas iela 17, Rīga, LV-1050',
    website: 'https://www.dvi.gov.lv',
  },
  timezone: 'Europe/Riga',
  currentCustomer: (req) => req.user ?? null,
});
const app = express();
app.use(privacy.middleware());
app.use('/privacy', privacy.router());
app.get('/', (_req, res) => {
  res.send(`<a href="${res.locals.privacy.policyUrl}">Privacy</a>`);
});

// No top-level await in CommonJS: the tables first, then listen.
privacy.migrate().then(
  () => {
    const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
    process.on('SIGTERM', () => server.close(() => void privacy.close()));
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);

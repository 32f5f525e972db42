'use strict';
// The shop's whole privacy integration: the module, its pages in the shop's layout, its hooks.
const { createPrivacy, fromTypeORM } = require('express-shop-privacy');
const options = require('./privacy.options.cjs');

/** Mounts the module on `app` and gives the routes the few calls they make. */
async function mountPrivacy(app, { databaseUrl, helmet }) {
  const privacy = createPrivacy({
    ...options,
    db: databaseUrl,
    secret: process.env.PRIVACY_SECRET ?? 'dev-only-privacy-secret-0123456789abcdef',
    publicUrl: process.env.PUBLIC_URL ?? 'http://localhost:3004',
    currentCustomer: (req) => req.session.user ?? null,
    // The module's pages inside the shop's own layout.hbs, rendered by the shop's own engine.
    layout: (html, { title, nonce, res, privacyHead, privacyBanner }) =>
      new Promise((resolve, reject) => {
        const locals = { ...res.locals, title, cspNonce: nonce, privacyHead, privacyBanner, page: html };
        app.render('privacy-page', locals, (err, page) => (err ? reject(err) : resolve(page)));
      }),
  });
  await privacy.migrate();
  app.use(privacy.middleware());
  // The shop's own CSP (its nonce is set before the module's middleware), with what the banner needs merged in:
  // each directive cspDirectives() names gets its sources, added to the shop's or to helmet's default (docs/api.md#security-headers).
  const directives = { scriptSrc: ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`] };
  const defaults = helmet.contentSecurityPolicy.getDefaultDirectives();
  for (const [name, needed] of Object.entries(privacy.cspDirectives())) {
    const was = directives[name] ?? defaults[name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] ?? defaults['default-src'];
    directives[name] = [...new Set([...was, ...needed])];
  }
  app.use(helmet({ contentSecurityPolicy: { directives } }));
  app.use('/privacy', privacy.router());

  const hookContext = (req) => ({ req, customer: req.session.user ?? null, consents: req.body });
  return {
    privacy,
    consentFieldsFor: (req, res, view) => privacy.render.consentFieldsFor(req, res, { at: view === 'signup' ? 'signup' : 'checkout' }),
    orderCreated: (req, order, manager) =>
      privacy.hooks.orderCreated({ ...hookContext(req), order: { id: order.id, email: order.email } }, { trx: fromTypeORM(manager) }),
    accountCreated: (req, user, manager) =>
      privacy.hooks.accountCreated({ ...hookContext(req), customer: { id: user.id, email: user.email } }, { trx: fromTypeORM(manager) }),
  };
}

module.exports = { mountPrivacy };

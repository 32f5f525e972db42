'use strict';
// Riepu Punkts, a small CommonJS shop on Express 4 and TypeORM. Everything about privacy is in
// privacy.cjs (the wiring) and privacy.options.cjs (what the shop declares); the routes below
// only call its hooks and print its consent boxes.
const { randomBytes, scryptSync, timingSafeEqual } = require('node:crypto');
const path = require('node:path');
const express = require('express');
const session = require('express-session');
const cookieParser = require('cookie-parser');
const helmet = require('helmet');
const { doubleCsrf } = require('csrf-csrf');
const { openShopDatabase } = require('./db.cjs');
const { mountPrivacy } = require('./privacy.cjs');

class ShopError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const hash = (password, salt = randomBytes(16).toString('hex')) => `${salt}:${scryptSync(password, salt, 32).toString('hex')}`;
const passwordMatches = (password, stored) => {
  const [salt] = String(stored).split(':');
  return timingSafeEqual(Buffer.from(hash(password, salt)), Buffer.from(String(stored)));
};
const required = (body, fields) => {
  for (const field of fields)
    if (typeof body[field] !== 'string' || body[field].trim() === '') throw new ShopError(422, `Please fill in ${field.replace('_', ' ')}.`);
  return Object.fromEntries(fields.map((field) => [field, body[field].trim()]));
};
const addressFields = ['full_name', 'street', 'city', 'postcode', 'country'];
const sessionSecret = process.env.SESSION_SECRET ?? 'dev-only-session-secret-0123456789abcdef';

async function createShop({ databaseUrl = process.env.DATABASE_URL ?? 'sqlite:data/express4-shop.sqlite' } = {}) {
  const orm = await openShopDatabase(databaseUrl);
  const app = express();
  app.set('view engine', 'hbs');
  app.set('views', path.join(__dirname, 'views'));
  app.use(express.static(path.join(__dirname, 'public')));
  app.use(cookieParser());
  app.use(session({ secret: sessionSecret, resave: false, saveUninitialized: false, cookie: { sameSite: 'lax', httpOnly: true } }));
  // The shop's own CSP: its inline scripts carry this nonce; the module's banner and pages need only what cspDirectives() adds.
  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    res.locals.user = req.session.user ?? null;
    next();
  });
  const privacy = await mountPrivacy(app, { databaseUrl, helmet });
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => sessionSecret,
    getSessionIdentifier: (req) => req.session.id,
    cookieName: 'shop_csrf',
    cookieOptions: { sameSite: 'lax', path: '/', secure: false },
    getCsrfTokenFromRequest: (req) => req.body._csrf,
  });
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use((req, res, next) => {
    req.session.started ??= true; // the CSRF token is bound to the session, so it must exist
    res.locals.csrfToken = generateCsrfToken(req, res);
    next();
  });
  app.use(doubleCsrfProtection);

  const products = () => orm.getRepository('Product').find({ order: { id: 'ASC' } });
  const render = (view, extra) => async (req, res, next) => {
    try {
      res.render(view, { products: await products(), consentFields: await privacy.consentFieldsFor(req, res, view), ...extra });
    } catch (err) {
      next(err);
    }
  };

  app.get('/', render('checkout'));
  app.get('/signup', render('signup'));
  app.get('/login', (_req, res) => res.render('login'));
  app.get('/account', (req, res) => (req.session.user ? res.render('account') : res.redirect('/login')));
  app.get('/thanks', (req, res) => res.render('thanks', { order: req.session.lastOrder }));

  app.post('/checkout', async (req, res, next) => {
    try {
      const user = req.session.user ?? null;
      const contact = required(req.body, user ? addressFields : ['email', 'phone', ...addressFields]);
      const lines = (await products()).map((p) => ({ product: p, quantity: Number(req.body[`qty_${p.id}`] ?? 0) })).filter((l) => l.quantity > 0);
      if (lines.length === 0 || lines.some((l) => !Number.isInteger(l.quantity) || l.quantity > 20))
        throw new ShopError(422, 'Choose 1 to 20 of at least one part.');
      const order = await orm.transaction(async (manager) => {
        const address = await manager.getRepository('Address').save(Object.fromEntries(addressFields.map((f) => [f, contact[f]])));
        const total = lines.reduce((sum, l) => sum + l.quantity * l.product.price_cents, 0);
        const saved = await manager.getRepository('Order').save({
          user_id: user?.id ?? null,
          email: user ? user.email : contact.email,
          phone: contact.phone ?? null,
          address_id: address.id,
          total_cents: total,
        });
        await manager
          .getRepository('OrderLine')
          .save(
            lines.map((l, i) => ({ order_id: saved.id, line_no: i + 1, product_id: l.product.id, quantity: l.quantity, price_cents: l.product.price_cents })),
          );
        await privacy.orderCreated(req, saved, manager);
        // Stock is taken last: an order the shelf cannot fill rolls back with everything above, the consent records included.
        for (const { product, quantity } of lines) {
          const stock = manager
            .createQueryBuilder()
            .update('Product')
            .set({ stock: () => 'stock - :quantity' });
          const taken = await stock.where('id = :id AND stock >= :quantity', { id: product.id, quantity }).execute();
          if (taken.affected !== 1) throw new ShopError(409, `Only ${product.stock} of ${product.name} left.`);
        }
        return saved;
      });
      req.session.lastOrder = { id: order.id, total: (order.total_cents / 100).toFixed(2) };
      res.redirect(303, '/thanks');
    } catch (err) {
      next(err);
    }
  });

  app.post('/signup', async (req, res, next) => {
    try {
      const form = required(req.body, ['email', 'password', ...addressFields]);
      const user = await orm.transaction(async (manager) => {
        if (await manager.getRepository('User').findOneBy({ email: form.email.toLowerCase() }))
          throw new ShopError(409, 'That address has an account: log in.');
        const address = await manager.getRepository('Address').save(Object.fromEntries(addressFields.map((f) => [f, form[f]])));
        const saved = await manager.getRepository('User').save({ email: form.email.toLowerCase(), password_hash: hash(form.password), address_id: address.id });
        await privacy.accountCreated(req, saved, manager);
        return saved;
      });
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.user = { id: user.id, email: user.email };
        res.redirect(303, '/account');
      });
    } catch (err) {
      next(err);
    }
  });

  app.post('/login', async (req, res, next) => {
    try {
      const user = await orm.getRepository('User').findOneBy({ email: String(req.body.email ?? '').toLowerCase() });
      if (!user || !passwordMatches(String(req.body.password ?? ''), user.password_hash)) throw new ShopError(401, 'Wrong e-mail or password.');
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.user = { id: user.id, email: user.email };
        res.redirect(303, '/account');
      });
    } catch (err) {
      next(err);
    }
  });

  app.post('/logout', (req, res, next) => req.session.destroy((err) => (err ? next(err) : res.redirect(303, '/'))));

  app.use((err, _req, res, _next) => {
    const status = err.code === 'EBADCSRFTOKEN' ? 403 : (err.status ?? 500);
    if (status === 500) console.error(err);
    res.status(status).render('message', { title: 'Something went wrong', message: status === 500 ? 'Please try again later.' : err.message });
  });

  return { app, orm, privacy };
}

module.exports = { createShop };

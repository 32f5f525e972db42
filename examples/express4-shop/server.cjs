'use strict';
// Riepu Punkts: `npm start` (SQLite in data/) or DATABASE_URL=mysql://… npm start.
const fs = require('node:fs');
const { createShop } = require('./app.cjs');

fs.mkdirSync('data', { recursive: true });
createShop().then(
  ({ app, orm, privacy }) => {
    const server = app.listen(Number(process.env.PORT ?? 3004), process.env.HOST ?? '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
    // The module's connections and the shop's own pool, once the last request is answered.
    process.on('SIGTERM', () => server.close(() => void Promise.all([privacy.privacy.close(), orm.destroy()])));
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);

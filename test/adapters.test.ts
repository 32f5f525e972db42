import { assert, expect } from 'chai';
import { createPrivacy, PrivacyError, type Privacy } from '../index.js';
import { betterSqlite3Layer, createOrders, knexLayer, mysql2Layer, type ShopLayer } from './support/adapter-layers.js';
import { engines, tempDir, type TestDatabase } from './support/databases.js';
import { drizzleLayer, sequelizeLayer, typeOrmLayer } from './support/orm-layers.js';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';

/**
 * The shop's own transaction, whatever its data layer: the order the shop inserts and what the
 * module records at checkout commit together, or roll back together, through each adapter.
 */
const layers = [knexLayer, mysql2Layer, betterSqlite3Layer, typeOrmLayer, sequelizeLayer, drizzleLayer];

for (const engine of engines) {
  describe(`the hooks in the shop’s own transaction [${engine.name}]`, function () {
    let current: TestDatabase | undefined;
    const db = () => {
      assert.exists(current, 'a test database');
      return current;
    };
    let privacy: Privacy;
    let shop: ShopLayer | undefined;

    beforeEach(async function () {
      current = await engine.create();
      privacy = createPrivacy({ db: db().url, secret: testSecret, ...xpartsShop, mailer: { outboxDir: tempDir('esp-adapters-'), worker: { enabled: false } } });
      await privacy.migrate();
      await createOrders(db().knex);
    });
    afterEach(async function () {
      await shop?.close();
      shop = undefined;
      await privacy.close();
      await current?.drop();
      current = undefined;
    });

    const recorded = async () => ({
      orders: Number((await db().knex('orders').count({ n: '*' }).first())?.n),
      subjects: Number((await db().knex('privacy_subjects').count({ n: '*' }).first())?.n),
      events: Number((await db().knex('privacy_consent_events').count({ n: '*' }).first())?.n),
      outbox: Number((await db().knex('privacy_outbox').count({ n: '*' }).first())?.n),
    });

    // A raw driver runs on its own database only; every ORM on both.
    for (const layer of layers.filter((l) => l.engines.includes(engine.name))) {
      describe(layer.name, function () {
        beforeEach(async function () {
          shop = await layer.open(db());
        });

        it('commit keeps both: the shop’s order and the consent records, with the confirmation e-mail queued', async function () {
          const open = shop;
          assert.exists(open, 'the shop’s data layer');
          await open.transaction(async ({ insertOrder, trx }) => {
            const id = await insertOrder('anna@example.lv');
            const answer = await privacy.hooks.orderCreated({ order: { id, email: 'anna@example.lv' }, consents: { consent_newsletter: 'yes' } }, { trx });
            expect(answer.toConfirm).to.deep.equal(['newsletter']);
          });
          const after = await recorded();
          expect(after.orders).to.equal(1);
          expect(after.subjects).to.equal(1);
          expect(after.events).to.be.greaterThan(0);
          expect(after.outbox).to.equal(1);
          expect(await open.countOrders()).to.equal(1);
        });

        it('rollback keeps neither, and sends nothing', async function () {
          const open = shop;
          assert.exists(open, 'the shop’s data layer');
          const declined = new Error('card declined');
          const failed = await open
            .transaction(async ({ insertOrder, trx }) => {
              const id = await insertOrder('anna@example.lv');
              await privacy.hooks.orderCreated({ order: { id, email: 'anna@example.lv' }, consents: { consent_newsletter: 'yes' } }, { trx });
              throw declined;
            })
            .then(
              () => null,
              (err: unknown) => err,
            );
          expect(failed).to.equal(declined);
          expect(await recorded()).to.deep.equal({ orders: 0, subjects: 0, events: 0, outbox: 0 });
          expect(await open.countOrders()).to.equal(0);
        });

        it('a module error inside the transaction reaches the shop, which rolls back and goes on using its connection', async function () {
          const open = shop;
          assert.exists(open, 'the shop’s data layer');
          const failed = await open
            .transaction(async ({ insertOrder, trx }) => {
              const id = await insertOrder('not an address');
              await privacy.hooks.orderCreated({ order: { id, email: 'not an address' }, consents: {} }, { trx });
            })
            .then(
              () => null,
              (err: unknown) => err,
            );
          expect(failed).to.be.instanceOf(PrivacyError);
          expect(await recorded()).to.deep.equal({ orders: 0, subjects: 0, events: 0, outbox: 0 });
          await open.transaction(async ({ insertOrder }) => void (await insertOrder('juris@example.lv')));
          expect(await open.countOrders()).to.equal(1);
        });
      });
    }
  });
}

import { assert, expect } from 'chai';
import { createPrivacy, fromPrisma, PrivacyError, type Privacy, type PrismaRawClient } from '../index.js';
import { createOrders, type ShopLayer } from './support/adapter-layers.js';
import { parseClock } from '../lib/store/time.js';
import { allTables, onEachDatabase, tempDir } from './support/databases.js';
import { openPrisma, prismaClientClass, prismaLayer } from './support/prisma-layer.js';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';

/**
 * A shop on Prisma: the order it creates in `prisma.$transaction(async (tx) => …)` and what the
 * module records at checkout through `fromPrisma(tx)` commit together, or roll back together.
 */
describe('the hooks in a Prisma shop’s own transaction', function () {
  // `prisma generate` for both providers, once, before any database is made.
  before(async function () {
    this.timeout(120000);
    await Promise.all([prismaClientClass('sqlite'), prismaClientClass('mysql')]);
  });

  onEachDatabase('fromPrisma(tx)', (db) => {
    let privacy: Privacy;
    let shop: ShopLayer;

    beforeEach(async function () {
      privacy = createPrivacy({ db: db().url, secret: testSecret, ...xpartsShop, mailer: { outboxDir: tempDir('esp-prisma-'), worker: { enabled: false } } });
      await privacy.migrate();
      await createOrders(db().knex);
      shop = await prismaLayer.open(db());
    });
    afterEach(async function () {
      await shop.close();
      await privacy.close();
    });

    const count = async (table: string) => Number((await db().knex(table).count({ n: '*' }).first())?.n);
    const recorded = async () => ({
      orders: await count('orders'),
      subjects: await count('privacy_subjects'),
      events: await count('privacy_consent_events'),
      outbox: await count('privacy_outbox'),
    });
    const newsletterOrder = (id: number, email = 'anna@example.lv') => ({ order: { id, email }, consents: { consent_newsletter: 'yes' } });

    it('commit keeps both: the shop’s order and the consent records, with the confirmation e-mail queued', async function () {
      await shop.transaction(async ({ insertOrder, trx }) => {
        const answer = await privacy.hooks.orderCreated(newsletterOrder(await insertOrder('anna@example.lv')), { trx });
        expect(answer.toConfirm).to.deep.equal(['newsletter']);
      });
      const after = await recorded();
      expect(after.orders).to.equal(1);
      expect(after.subjects).to.equal(1);
      expect(after.events).to.be.greaterThan(0);
      expect(after.outbox).to.equal(1);
      expect(await shop.countOrders()).to.equal(1);
    });

    it('rollback keeps neither, and sends nothing', async function () {
      const declined = new Error('card declined');
      const failed = await shop
        .transaction(async ({ insertOrder, trx }) => {
          await privacy.hooks.orderCreated(newsletterOrder(await insertOrder('anna@example.lv')), { trx });
          throw declined;
        })
        .then(
          () => null,
          (err: unknown) => err,
        );
      expect(failed).to.equal(declined);
      expect(await recorded()).to.deep.equal({ orders: 0, subjects: 0, events: 0, outbox: 0 });
      expect(await shop.countOrders()).to.equal(0);
    });

    it('a module error inside the transaction reaches the shop, which rolls back and goes on using its client', async function () {
      const failed = await shop
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
      await shop.transaction(async ({ insertOrder }) => void (await insertOrder('juris@example.lv')));
      expect(await shop.countOrders()).to.equal(1);
    });

    it('reads its own rows back through the transaction: a second order of the address finds the subject the first one created', async function () {
      // The second hook reads what the first wrote (the subject's id, the ledger, the outbox) through Prisma's raw queries.
      const subjects: number[] = [];
      await shop.transaction(async ({ insertOrder, trx }) => {
        for (const email of ['anna@example.lv', 'Anna@Example.lv'])
          subjects.push((await privacy.hooks.orderCreated(newsletterOrder(await insertOrder(email), email), { trx })).subjectId);
      });
      const after = await recorded();
      expect(after.orders).to.equal(2);
      expect(after.subjects).to.equal(1);
      // The id the hook read back (RETURNING on SQLite, LAST_INSERT_ID() on MariaDB) is the stored one, for both orders.
      const stored = Number((await db().knex('privacy_subjects').first('id'))?.id);
      expect(subjects).to.deep.equal([stored, stored]);
    });

    it('reads every table back as the module’s own connection does, a time as a Date (Prisma reads SQLite’s by the column’s type, as mysql2 does MySQL’s)', async function () {
      await shop.transaction(
        async ({ insertOrder, trx }) => void (await privacy.hooks.orderCreated(newsletterOrder(await insertOrder('anna@example.lv')), { trx })),
      );
      const differences: string[] = [];
      for (const table of await allTables(db().knex)) {
        // The same statement on the same data: both connections read the rows in the same order.
        const own: Record<string, unknown>[] = await db().knex(table).select();
        let read: Record<string, unknown>[] = [];
        await shop.transaction(async ({ trx }) => void (read = await trx(table).select()));
        expect(read, table).to.have.length(own.length);
        own.forEach((row, i) => {
          for (const [column, value] of Object.entries(row)) {
            const got = read[i]?.[column];
            const same =
              got instanceof Date
                ? parseClock(value)?.getTime() === got.getTime()
                : JSON.stringify(got) === JSON.stringify(value) && typeof got === typeof value;
            if (!same) differences.push(`${table}.${column}: ${String(value)} (${typeof value}) read as ${String(got)} (${typeof got})`);
          }
        });
      }
      expect(differences).to.deep.equal([]);
    });

    it('refuses the client itself, whose statements would each commit on their own', async function () {
      const prisma = await openPrisma(db());
      try {
        expect(() => fromPrisma(prisma as unknown as PrismaRawClient)).to.throw(TypeError, /fromPrisma\(\) takes the tx of prisma\.\$transaction/);
      } finally {
        await prisma.$disconnect();
      }
      assert.throws(() => fromPrisma({} as PrismaRawClient), TypeError);
    });
  });
});

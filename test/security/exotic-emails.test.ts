import { assert, expect } from 'chai';
import { createPrivacy, normaliseEmail } from '../../index.js';
import { engines, onEachDatabase, type TestDatabase } from '../support/databases.js';
import { testSecret } from '../support/secret.js';
import { xpartsShop } from '../support/shop-options.js';

/** Spellings of one address that must land on one subject, and of another that must not. */
const same = [
  ['Anna@Example.LV', 'anna@example.lv'],
  ['  anna@example.lv\t', 'anna@example.lv'],
  ['anna@piemērs.lv', 'anna@xn--piemrs-s3a.lv'],
  ['ANNA@PIEMĒRS.LV', 'anna@xn--piemrs-s3a.lv'],
] as const;

describe('exotic e-mail addresses', function () {
  it('normalise case, spaces and IDN domains to one spelling, and keep plus-addressing apart', function () {
    for (const [given, normal] of same) expect(normaliseEmail(given), given).to.equal(normal);
    expect(normaliseEmail('anna+shop@example.lv')).to.equal('anna+shop@example.lv');
    expect(normaliseEmail('anna+shop@example.lv')).not.to.equal(normaliseEmail('anna@example.lv'));
  });

  it('refuse addresses with characters nobody sees, which would make look-alike subjects for staff', function () {
    // Zero-width space and joiner, right-to-left override, soft hyphen, byte-order mark, a control character, a line separator.
    for (const hidden of ['\u200b', '\u200d', '\u202e', '\u00ad', '\ufeff', '\u0085', '\u2028']) {
      expect(normaliseEmail(`an${hidden}na@example.lv`), JSON.stringify(hidden)).to.equal(null);
      expect(normaliseEmail(`anna@exam${hidden}ple.lv`), JSON.stringify(hidden)).to.equal(null);
    }
  });
});

onEachDatabase('exotic e-mail addresses in the consent ledger', (db) => {
  it('find one subject whatever the spelling, so a withdrawal in one spelling holds for all', async function () {
    const privacy = createPrivacy({ secret: testSecret, db: db().url, ...xpartsShop });
    try {
      await privacy.migrate();
      await privacy.consents.grant('ANNA@PIEMĒRS.LV ', 'social_advertising', { source: 'account' });
      expect(await privacy.consents.allows('anna@xn--piemrs-s3a.lv', 'social_advertising')).to.equal(true);
      await privacy.consents.withdraw(' Anna@Piemērs.lv', 'social_advertising', { source: 'account' });
      expect(await privacy.consents.allows('anna@piemērs.lv', 'social_advertising')).to.equal(false);
      expect(await db().knex('privacy_subjects').pluck('email')).to.deep.equal(['anna@xn--piemrs-s3a.lv']);
      // Plus-addressing is the person's own choice of a separate address: a separate subject.
      await privacy.consents.grant('anna+shop@piemērs.lv', 'social_advertising', { source: 'account' });
      expect(await db().knex('privacy_subjects').count({ n: '*' })).to.deep.equal([{ n: 2 }]);
    } finally {
      await privacy.close();
    }
  });
});

/** A shop table of addresses as shops really hold them: as typed, in any case, IDN in Unicode or punycode. */
const addressBook = {
  id: 'address_book',
  label: { lv: 'Adrešu grāmata', en: 'Address book' },
  purposes: ['registration'],
  table: 'address_book',
  match: { email: 'email' },
  columns: { email: { label: { lv: 'E-pasts', en: 'E-mail' }, contact: 'email' as const } },
  erase: { action: 'delete' as const },
};

onEachDatabase("exotic e-mail addresses in a shop's own rows", (db) => {
  beforeEach(async function () {
    await db().knex.schema.createTable('address_book', (table) => {
      table.increments('id');
      table.string('email', 254).notNullable();
    });
  });

  it('finds a row by its address in its Unicode and its punycode form, and not by a look-alike', async function () {
    await db()
      .knex('address_book')
      .insert([{ email: 'anna@piemērs.lv' }, { email: 'Anna@xn--piemrs-s3a.lv' }, { email: 'ánna@piemērs.lv' }, { email: 'anna@piemers.lv' }]);
    const privacy = createPrivacy({ secret: testSecret, db: db().url, ...xpartsShop, dataSources: [addressBook] });
    try {
      await privacy.migrate();
      const preview = await privacy.previewErasure('ANNA@PIEMĒRS.LV');
      expect(preview.find((line) => line.source === 'address_book')?.deleted).to.equal(2);
      expect(await privacy.holds('anna@xn--piemrs-s3a.lv')).to.equal(true);
      expect((await privacy.previewErasure('ánna@piemērs.lv')).find((line) => line.source === 'address_book')?.deleted).to.equal(1);
    } finally {
      await privacy.close();
    }
  });
});

// MySQL/MariaDB fold every letter's case, so only SQLite has rows to warn of.
describe("exotic e-mail addresses in a shop's own rows [SQLite only]", function () {
  let db: TestDatabase;
  beforeEach(async function () {
    const sqlite = engines.find((engine) => engine.name === 'SQLite');
    assert.exists(sqlite, 'the SQLite engine');
    db = await sqlite.create();
    await db.knex.schema.createTable('address_book', (table) => {
      table.increments('id');
      table.string('email', 254).notNullable();
    });
  });
  afterEach(() => db.drop());

  it("warns at start-up, without naming anyone, when SQLite cannot match a row's address to its owner", async function () {
    await db.knex('address_book').insert([{ email: 'ĀDAMS@example.lv' }, { email: 'adams@example.lv' }]);
    const privacy = createPrivacy({ secret: testSecret, db: db.url, ...xpartsShop, dataSources: [addressBook] });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      await privacy.migrate();
    } finally {
      console.warn = warn;
      await privacy.close();
    }
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('data source "address_book": 1 row(s)').and.not.to.contain('dams');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { assert, expect } from 'chai';
import { catalogues as shopCatalogues } from '../examples/storefront/messages.js';
import { shopDataSources } from '../examples/storefront/data-sources.js';
import { catalogues, translate } from '../lib/i18n/index.js';
import { cookieCategories } from '../lib/cookies/choice.js';
import { legalBases } from '../lib/options/schema.js';
import { validateOptions } from '../lib/options/validate.js';
import { supportedLocales } from '../lib/options/locales.js';
import { requestChannels, requestStatuses, requestTypes } from '../lib/requests/types.js';
import { retentionRules } from '../lib/retention/rules.js';
import { requestsRepository } from '../lib/requests/repository.js';
import { sourceRepository } from '../lib/sources/repository.js';
import { connectDatabase } from '../lib/store/database.js';
import { subjectsRepository } from '../lib/subjects/repository.js';
import { rights } from '../lib/rights/information.js';
import { tableNames } from '../lib/store/tables.js';
import { testSecret } from './support/secret.js';
import { auditProblemKinds } from '../lib/audit/trail.js';
import { xpartsShop } from './support/shop-options.js';

/** Every `{{t "key"}}` and `(t "key")` in the templates of a folder. */
function templateKeys(dir: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const file = path.join(entry.parentPath, entry.name);
    for (const [, key] of fs.readFileSync(file, 'utf8').matchAll(/[{(]t "([^"]+)"/g)) {
      assert.exists(key, file);
      keys.set(key, file);
    }
  }
  return keys;
}

describe('every text in both languages', function () {
  it('gives every key a module template uses, in Latvian and English', function () {
    const used = templateKeys('views');
    expect(used.size).to.be.greaterThan(100);
    for (const [key, file] of used) for (const locale of supportedLocales) expect(catalogues[locale], `${file}: ${key} (${locale})`).to.have.property(key);
  });

  it("gives every key the example shop's templates use, and the shop has the same keys in both languages", function () {
    expect(Object.keys(shopCatalogues.en).sort()).to.deep.equal(Object.keys(shopCatalogues.lv).sort());
    for (const [key, file] of templateKeys('examples/storefront/views'))
      for (const locale of supportedLocales) expect(shopCatalogues[locale], `${file}: ${key} (${locale})`).to.have.property(key);
  });

  it('has the texts the code builds its keys for: legal bases, rights, requests, cookies, retention rules, audit problems', async function () {
    const keys = [
      ...legalBases.map((basis) => `legalBasis.${basis}`),
      ...rights.map((right) => `policy.rights.${right}`),
      ...requestTypes.flatMap((type) => [`request.type.${type}`, `request.hint.${type}`]),
      ...requestStatuses.map((status) => `request.status.${status}`),
      ...requestChannels.map((channel) => `request.channel.${channel}`),
      ...cookieCategories.flatMap((category) => [`cookies.${category}.title`, `cookies.${category}.text`]),
      ...['done', 'extended', 'refused'].flatMap((what) => [`mail.request.${what}.subject`, `mail.request.${what}.text`]),
      ...['unknown', 'used', 'expired'].flatMap((problem) => [`token.${problem}.title`, `token.${problem}.text`]),
      ...[...auditProblemKinds, 'newestDeletedMany'].map((kind) => `audit.problem.${kind}`),
    ];
    for (const key of keys) for (const locale of supportedLocales) expect(catalogues[locale], `${key} (${locale})`).to.have.property(key);
    const options = validateOptions({ db: 'sqlite::memory:', secret: testSecret, ...xpartsShop, dataSources: shopDataSources });
    const tables = tableNames('privacy_');
    // Only described here, never applied: the repositories are built, no query runs.
    const db = connectDatabase('sqlite::memory:');
    const stores = { sources: sourceRepository(db), subjects: subjectsRepository(tables, options.clock), requests: requestsRepository(tables) };
    for (const rule of retentionRules(options, tables, false, async () => undefined, stores)) {
      for (const locale of supportedLocales) {
        expect(rule.label(locale), rule.id).to.be.a('string').and.not.equal('');
        if (rule.kind === 'table') expect(rule.reason(locale), rule.id).to.be.a('string').and.not.equal('');
      }
    }
    await db.destroy();
  });

  it('speaks to every shopper in gender-neutral Latvian: no masculine-only participle where a neutral wording exists', function () {
    // Past active participles addressed to the shopper ("Jūs esat piekritis") have a masculine and a
    // feminine form; the module's texts say it another way ("ja piekrītat", "ko mums sniedzāt").
    const masculine =
      /\b(esat|neesat|būsiet|tiksiet|Jūs) ([a-zāčēģīķļņšūž]+ )?[a-zāčēģīķļņšūž]+(ījis|ējis|ājis|dzis|(?<!t)ies|is|īts|āts|ēts|ams|āms|ami|āmi)\b/;
    const texts = [
      ...Object.entries(catalogues.lv).map(([key, text]) => [`module ${key}`, text] as const),
      ...Object.entries(shopCatalogues.lv).map(([key, text]) => [`shop ${key}`, text] as const),
      ...shopDataSources.flatMap((source) =>
        [source.label, 'description' in source ? source.description : undefined]
          .filter(Boolean)
          .map((text) => [`source ${source.id}`, (text as { lv?: string }).lv ?? ''] as const),
      ),
      ...validateOptions({ secret: testSecret, ...xpartsShop }).purposes.flatMap((p) =>
        [p.title, p.description, p.retention, p.legalBasisNote, p.consent?.label]
          .filter((text) => text !== undefined)
          .map((text) => [`purpose ${p.id}`, text.lv ?? ''] as const),
      ),
    ];
    expect(
      texts.flatMap(([where, text]) => {
        const found = masculine.exec(text);
        return found ? [`${where}: ${found[0]}`] : [];
      }),
    ).to.deep.equal([]);
    // A complaint is lodged with the authority: its name takes the dative, or stands apart in brackets.
    expect(catalogues.lv['mail.request.remedies']).not.to.match(/sūdzību \{authority\}/);
  });

  it('keeps each text in one area file, the same file in both languages', async function () {
    // The catalogues are spreads of their area files (lib/i18n/lv/*.ts, en/*.ts), and a spread lets a
    // key defined in two files win silently: so each key must come from exactly one file.
    async function fileOfEachKey(locale: string): Promise<Record<string, string>> {
      const fileOf: Record<string, string> = {};
      for (const file of fs
        .readdirSync(path.join('lib/i18n', locale))
        .filter((name) => name.endsWith('.ts'))
        .sort()) {
        const area = (await import(`../lib/i18n/${locale}/${file.replace(/\.ts$/, '.js')}`)) as Record<string, Record<string, string>>;
        for (const key of Object.values(area).flatMap((part) => Object.keys(part))) {
          expect(fileOf[key], `${locale}: ${key} is in ${fileOf[key]} and ${file}`).to.equal(undefined);
          fileOf[key] = file;
        }
      }
      return fileOf;
    }
    const latvian = await fileOfEachKey('lv');
    expect(Object.keys(latvian).sort()).to.deep.equal(Object.keys(catalogues.lv).sort());
    for (const locale of supportedLocales) expect(await fileOfEachKey(locale), locale).to.deep.equal(latvian);
  });

  it('fails loudly on a key that does not exist, rather than showing "undefined"', function () {
    expect(() => translate('lv', 'no.such.key' as never)).to.throw('there is no "no.such.key" text in "lv"');
  });
});

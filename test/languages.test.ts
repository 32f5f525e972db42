import { expect } from 'chai';
import { catalogues } from '../lib/i18n/index.js';
import { supportedLocales } from '../index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the module\'s texts', function () {
  it('exist in Latvian and English for every key, none empty, with the same placeholders', function () {
    const keys = Object.keys(catalogues.lv).sort();
    for (const locale of supportedLocales) {
      const catalogue = catalogues[locale] as Record<string, string>;
      expect(Object.keys(catalogue).sort(), locale).to.deep.equal(keys);
      for (const key of keys) {
        expect(catalogue[key]!.trim(), `${locale} ${key}`).not.to.equal('');
        expect(placeholders(catalogue[key]!), `${locale} ${key}`).to.deep.equal(placeholders(catalogues.lv[key as keyof typeof catalogues.lv]));
      }
    }
  });
});

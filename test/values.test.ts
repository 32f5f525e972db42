import { expect } from 'chai';
import { machineValue, shownValue } from '../lib/rights/values.js';

/**
 * How a stored value reads in the export and on the account page (issue 19): booleans as the
 * databases keep them (1/0, true/false) read as yes or no in the shopper's language, and an
 * amount in a currency's minor units is divided by that currency's own unit, not always by 100.
 */
describe('values in the export and on the account page', function () {
  it('gives a boolean column as true or false, and shows it as yes or no in the shopper language', function () {
    for (const stored of [1, '1', true, 'true']) expect(machineValue(stored, 'boolean'), String(stored)).to.equal(true);
    for (const stored of [0, '0', false, 'false']) expect(machineValue(stored, 'boolean'), String(stored)).to.equal(false);
    expect(machineValue(null, 'boolean')).to.equal(null);
    expect(shownValue(true, 'boolean', 'lv', 'EUR')).to.equal('jā');
    expect(shownValue(false, 'boolean', 'lv', 'EUR')).to.equal('nē');
    expect(shownValue(true, 'boolean', 'en', 'EUR')).to.equal('yes');
    expect(shownValue(false, 'boolean', 'en', 'EUR')).to.equal('no');
    // A value the driver gave as a boolean reads the same way without a format.
    expect(shownValue(true, 'text', 'lv', 'EUR')).to.equal('jā');
  });

  it("divides an amount by its currency's own minor unit", function () {
    expect(shownValue(7780, 'cents', 'en', 'EUR')).to.equal('€77.80');
    expect(shownValue(7780, 'cents', 'lv', 'EUR').replace(/\s/g, ' ')).to.equal('77,80 €');
    // The yen has no minor unit, the Bahraini dinar three.
    expect(shownValue(7780, 'cents', 'en', 'JPY')).to.equal('JP¥7,780');
    expect(shownValue(7780, 'cents', 'en', 'BHD').replace(/\s/g, ' ')).to.equal('BHD 7.780');
    // The JSON export keeps the stored minor units as a number.
    expect(machineValue('7780', 'cents')).to.equal(7780);
  });
});

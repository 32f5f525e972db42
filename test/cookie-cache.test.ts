import { assert, expect } from 'chai';
import type { Request } from 'express';
import { createPrivacy, PrivacyOptionsError, type PrivacyOptions } from '../index.js';
import { encodeChoice, newVisitorId, type CookieChoice } from '../lib/cookies/choice.js';
import { consentCookie } from '../lib/cookies/middleware.js';
import { verifiedCookies } from '../lib/cookies/verified-cache.js';
import { validateOptions } from '../lib/options/validate.js';
import { day, testClock, testEpoch } from './support/clock.js';
import { testSecret } from './support/secret.js';
import { xpartsShop } from './support/shop-options.js';

const base: PrivacyOptions = { db: 'sqlite::memory:', secret: testSecret, ...xpartsShop, policy: { version: '3', date: '2026-01-01' } };

function choiceOf(visitorId = newVisitorId()): CookieChoice {
  return { visitorId, analytics: true, marketing: false, policyVersion: '3', madeAt: testEpoch.getTime() / 1000, gpc: false };
}

/** A request carrying this consent cookie value, as the browser sends it. */
const sending = (value: string) => ({ headers: { cookie: `shop_sid=1; privacy_consent=${encodeURIComponent(value)}` } }) as Request;

describe('the verified consent cookie cache', function () {
  it('keeps the visitors read most recently and lets the one unread longest go', function () {
    const cache = verifiedCookies(3);
    const [a, b, c, d] = [choiceOf(), choiceOf(), choiceOf(), choiceOf()];
    cache.remember('a', a);
    cache.remember('b', b);
    cache.remember('c', c);
    // "a" came first but was read again just now: "b" is now the one unread longest.
    expect(cache.get('a')).to.equal(a);
    cache.remember('d', d);
    expect(cache.size).to.equal(3);
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('a')).to.equal(a);
    expect(cache.get('c')).to.equal(c);
    expect(cache.get('d')).to.equal(d);
    // The reads above left "a" the oldest again, then "c": a fifth visitor evicts "a".
    cache.remember('e', choiceOf());
    expect(cache.get('a')).to.equal(undefined);
    expect(cache.get('c')).to.equal(c);
  });

  it('remembers a value once however often it is verified, and nothing at all at size 0', function () {
    const cache = verifiedCookies(2);
    const a = choiceOf();
    cache.remember('a', a);
    cache.remember('a', a);
    cache.remember('b', choiceOf());
    expect(cache.size).to.equal(2);
    expect(cache.get('a')).to.equal(a);
    const none = verifiedCookies(0);
    none.remember('a', a);
    expect(none.size).to.equal(0);
    expect(none.get('a')).to.equal(undefined);
  });

  it('accepts only the exact signed value it verified: a cookie altered after a genuine one was remembered is refused', function () {
    const cookie = consentCookie(validateOptions({ ...base, clock: testClock().now }));
    const genuine = encodeChoice(choiceOf(), testSecret);
    expect(cookie.read(sending(genuine)).choice).to.include({ analytics: true, policyVersion: '3' });
    // Same signature, the marketing answer changed; and the genuine value with its signature cut short.
    const [visitor, analytics, , ...rest] = genuine.split('.');
    const forged = [visitor, analytics, '1', ...rest].join('.');
    expect(forged).not.to.equal(genuine);
    expect(cookie.read(sending(forged))).to.deep.equal({ choice: null, stale: null });
    expect(cookie.read(sending(genuine.slice(0, -1)))).to.deep.equal({ choice: null, stale: null });
    expect(cookie.read(sending(encodeChoice(choiceOf(), `${testSecret}-another-shop`)))).to.deep.equal({ choice: null, stale: null });
    expect(cookie.read(sending(genuine)).choice).to.include({ analytics: true });
  });

  it('never lets a remembered choice outlive its policy version or cookies.reaskAfterDays', function () {
    const clock = testClock();
    const options = validateOptions({ ...base, clock: clock.now, cookies: { reaskAfterDays: 30 } });
    const cookie = consentCookie(options);
    const value = encodeChoice(choiceOf(), testSecret);
    expect(cookie.read(sending(value)).choice).to.not.equal(null);
    expect(cookie.read(sending(value)).choice).to.not.equal(null);
    clock.advance(31 * day);
    expect(cookie.read(sending(value)))
      .to.include({ choice: null })
      .and.to.have.nested.property('stale.analytics', true);
    clock.set(testEpoch);
    const underNewPolicy = consentCookie({ ...options, policy: { ...options.policy, version: '4' } });
    underNewPolicy.read(sending(value));
    expect(underNewPolicy.read(sending(value)))
      .to.include({ choice: null })
      .and.to.have.nested.property('stale.policyVersion', '3');
  });

  it('checks every cookie and still accepts genuine ones when cookies.verifiedCacheSize is 0', function () {
    const cookie = consentCookie(validateOptions({ ...base, clock: testClock().now, cookies: { verifiedCacheSize: 0 } }));
    const value = encodeChoice(choiceOf(), testSecret);
    expect(cookie.read(sending(value)).choice).to.include({ analytics: true });
    expect(cookie.read(sending(value)).choice).to.include({ analytics: true });
  });
});

describe('cookies.verifiedCacheSize', function () {
  function failure(options: unknown): string[] {
    try {
      createPrivacy(options as PrivacyOptions);
    } catch (err) {
      expect(err).to.be.instanceOf(PrivacyOptionsError);
      return (err as PrivacyOptionsError).issues;
    }
    throw new Error('createPrivacy accepted options it should have refused');
  }

  it('is 10,000 unless the shop sizes it', function () {
    expect(validateOptions(base).cookies.verifiedCacheSize).to.equal(10_000);
    expect(validateOptions({ ...base, cookies: { verifiedCacheSize: 50_000 } }).cookies.verifiedCacheSize).to.equal(50_000);
  });

  it('refuses what is not a whole number from 0 to 1,000,000, naming the option', function () {
    for (const wrong of [-1, 2.5, 2_000_000, '10000']) {
      const issues = failure({ ...base, cookies: { verifiedCacheSize: wrong } });
      assert.lengthOf(issues, 1);
      expect(issues[0]).to.match(/^cookies\.verifiedCacheSize: expected /);
    }
  });
});

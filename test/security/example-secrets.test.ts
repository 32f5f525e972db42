import { expect } from 'chai';
import { createPrivacy, PrivacyOptionsError, type PrivacyOptions } from '../../index.js';
import { exampleSecrets } from '../../lib/options/validate.js';
import { testSecret } from '../support/secret.js';
import { xpartsShop } from '../support/shop-options.js';

const [readmeSecret = '', shopSecret = ''] = exampleSecrets;
const base: PrivacyOptions = { db: 'sqlite::memory:', secret: testSecret, ...xpartsShop };

/** Runs `body` with NODE_ENV set as a host's process would have it, and puts it back after. */
function withNodeEnv<T>(value: string | undefined, body: () => T): T {
  const before = process.env.NODE_ENV;
  if (value === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = value;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

function refusal(options: PrivacyOptions): PrivacyOptionsError {
  try {
    void createPrivacy(options).close();
  } catch (err) {
    expect(err).to.be.instanceOf(PrivacyOptionsError);
    return err as PrivacyOptionsError;
  }
  throw new Error('createPrivacy accepted a published example secret in production');
}

/** The secrets printed in the README and the examples sign nothing in production (issue 18 item 10). */
describe('published example secrets under NODE_ENV=production', function () {
  it('refuses the README secret as `secret`, naming the option but never the secret', function () {
    const err = withNodeEnv('production', () => refusal({ ...base, secret: readmeSecret }));
    expect(err.issues).to.have.length(1);
    expect(err.issues[0])
      .to.match(/^secret: /)
      .and.to.contain('allowExampleSecret');
    expect(err.message).not.to.contain(readmeSecret);
  });

  it('refuses an example secret among auditSecrets, by its index', function () {
    const err = withNodeEnv('production', () => refusal({ ...base, auditSecrets: [testSecret, shopSecret] }));
    expect(err.issues).to.have.length(1);
    expect(err.issues[0]).to.match(/^auditSecrets\[1\]: /);
    expect(err.message).not.to.contain(shopSecret);
  });

  it('accepts them outside production, and in production when the host says allowExampleSecret: true', async function () {
    for (const env of [undefined, 'development', 'test']) {
      await withNodeEnv(env, () => createPrivacy({ ...base, secret: readmeSecret, auditSecrets: [shopSecret] })).close();
    }
    await withNodeEnv('production', () => createPrivacy({ ...base, secret: readmeSecret, auditSecrets: [shopSecret], allowExampleSecret: true })).close();
    await withNodeEnv('production', () => createPrivacy(base)).close();
  });
});

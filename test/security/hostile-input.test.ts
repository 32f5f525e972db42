import { assert } from 'chai';
import { hostileSuite, type Browser, type Context, type HostileCase } from './harness.js';
import { longAgo } from '../support/clock.js';
import { followVerificationLink, pressLinkButton, shopper, verificationLink } from '../support/shop.js';
import { sentMail } from '../support/outbox.js';

/** Posts a form as `who`, with a valid CSRF token from the page `from`, none, or a forged one. */
function post(
  who: (c: Context) => Browser,
  path: string,
  form: Record<string, string>,
  { from = path, token = 'valid' as 'valid' | 'none' | 'forged', lang = 'lv' } = {},
) {
  return async (c: Context) => {
    const browser = who(c);
    const fields: Record<string, string> = { ...form };
    if (token === 'valid') fields._csrf = await c.token(browser, from, path);
    if (token === 'forged') fields._csrf = 'forged-token-0123456789';
    return browser.agent.post(path).set('Accept-Language', lang).type('form').send(fields);
  };
}
const anna = (c: Context) => c.anna;
const stranger = (c: Context) => c.stranger;
const get =
  (who: (c: Context) => Browser, path: string, lang = 'lv') =>
  async (c: Context) =>
    who(c).agent.get(path).set('Accept-Language', lang);

/** Every form the module and the shop take, with a harmless body and the page that shows it. */
const forms: [who: (c: Context) => Browser, path: string, from: string, form: Record<string, string>][] = [
  [anna, '/privacy/cookies', '/privacy/cookies', { choice: 'accept' }],
  [anna, '/privacy/account/consents', '/privacy/account', { purpose: 'social_advertising', answer: 'grant' }],
  [anna, '/privacy/account/restrict', '/privacy/account', { answer: 'restrict' }],
  [anna, '/privacy/account/object', '/privacy/account', {}],
  [anna, '/privacy/account/object/legitimate', '/privacy/account', { purpose: 'cctv', reason: 'I object to this.' }],
  [
    anna,
    '/privacy/account/rectify',
    '/privacy/account',
    { first_name: 'Ann', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Rīga', email: 'anna@example.lv', other: '' },
  ],
  [anna, '/privacy/account/erase', '/privacy/account/erase', { confirm: 'yes' }],
  [stranger, '/privacy/request', '/privacy/request', { type: 'access', email: 'anna@example.lv' }],
  [stranger, '/checkout', '/checkout', { email: 'x@example.lv', first_name: 'X', last_name: 'Y', phone: '+371 20 000 000', address: 'Rīga' }],
  [stranger, '/signup', '/signup', { email: 'new@example.lv', first_name: 'N', last_name: 'M', password: 'a long password' }],
  [stranger, '/newsletter', '/', { email: 'news@example.lv', consent_newsletter: 'yes' }],
  [stranger, '/login', '/login', { email: 'anna@example.lv', password: 'a long password' }],
  [stranger, '/account/verify', '/', { token: 'A'.repeat(43) }],
  [anna, '/account/verify/resend', '/account', {}],
];

const csrfCases: HostileCase[] = forms.flatMap(([who, path, from, form]) => [
  { name: `POST ${path} without a CSRF token is refused`, send: post(who, path, form, { from, token: 'none' }), status: 403 },
  { name: `POST ${path} with a forged CSRF token is refused`, send: post(who, path, form, { from, token: 'forged' }), status: 403 },
]);

/** A token from one visitor's page, replayed in another's request. */
const crossVisitor: HostileCase[] = ['/privacy/account/restrict', '/privacy/account/object', '/privacy/account/erase', '/privacy/cookies'].map((path) => ({
  name: `POST ${path} with a CSRF token taken from another visitor is refused`,
  send: async (c: Context) => {
    const stolen = await c.token(c.stranger, '/privacy/cookies', '/privacy/cookies');
    return c.anna.agent.post(path).type('form').send({ _csrf: stolen, answer: 'restrict', confirm: 'yes', choice: 'accept' });
  },
  status: 403,
}));

const wrongMethods: HostileCase[] = (
  [
    ['put', '/privacy/account/rectify'],
    ['delete', '/privacy/account'],
    ['patch', '/privacy/cookies'],
    ['put', '/privacy/request'],
    ['delete', '/privacy/staff/requests/1'],
    ['put', '/privacy/account/erase'],
    ['patch', '/privacy/account/consents'],
  ] as const
).map(([method, path]) => ({
  name: `${method.toUpperCase()} ${path} is not a route`,
  send: (c: Context) => c.anna.agent[method](path),
  // The shop's own CSRF check stops a PUT, PATCH or DELETE before any route is looked for.
  status: [403, 404, 405],
}));

const big = (n: number) => 'x'.repeat(n);
const oversize: HostileCase[] = [
  {
    name: 'a 5 kB body to the request form (limit 4 kB) is refused',
    send: post(stranger, '/privacy/request', { type: 'access', email: 'a@example.lv', filler: big(5000) }),
    status: 413,
  },
  {
    name: 'a 9 kB body to rectification (limit 8 kB) is refused',
    send: post(anna, '/privacy/account/rectify', { first_name: 'A', other: big(9000) }, { from: '/privacy/account' }),
    status: 413,
  },
  {
    name: 'a 20 kB body to the checkout (limit 16 kB) is refused',
    send: post(stranger, '/checkout', { email: 'x@example.lv', address: big(20_000) }),
    status: 413,
  },
  { name: 'a 5 kB body to the cookie choice is refused', send: post(anna, '/privacy/cookies', { choice: 'accept', filler: big(5000) }), status: 413 },
  {
    name: 'more fields than any form has (parameter limit) is refused',
    send: post(stranger, '/privacy/request', Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'x']))),
    status: 413,
  },
  { name: 'a 5 kB erasure confirmation is refused', send: post(anna, '/privacy/account/erase', { confirm: 'yes', filler: big(5000) }), status: 413 },
];

const rectify = (fields: Record<string, string>) =>
  post(
    anna,
    '/privacy/account/rectify',
    { first_name: 'Anna', last_name: 'Bērziņa', phone: '+371 29 123 456', address: 'Rīga', email: 'anna@example.lv', other: '', ...fields },
    { from: '/privacy/account' },
  );
const oversizeFields: HostileCase[] = [
  { name: 'a 300-character first name is refused with a message', send: rectify({ first_name: big(300) }), status: 422 },
  { name: 'a 100-character telephone is refused with a message', send: rectify({ phone: `+371 ${'1'.repeat(95)}` }), status: 422 },
  { name: 'a 1000-character address is refused with a message', send: rectify({ address: big(1000) }), status: 422 },
  {
    name: 'a 3000-character objection reason is refused with a message',
    send: post(anna, '/privacy/account/object/legitimate', { purpose: 'cctv', reason: big(3000) }, { from: '/privacy/account' }),
    status: 422,
  },
  {
    name: 'a 300-character e-mail on the request form is refused with a message',
    send: post(stranger, '/privacy/request', { type: 'access', email: `${big(290)}@example.lv` }),
    status: 422,
  },
  {
    name: 'a 1000-character address at checkout is refused with a message',
    send: post(stranger, '/checkout', { email: 'x@example.lv', first_name: 'X', last_name: 'Y', phone: '+371 20 000 000', address: big(1000) }),
    status: 422,
  },
];

const badEmails = [
  'not-an-email',
  'a@b',
  'anna@example.lv\r\nBcc: victim@example.lv',
  'anna@example.lv\nSubject: hi',
  '<script>alert(1)</script>@example.lv',
  "' OR 1=1 --",
  'anna@@example.lv',
  'anna@example..lv',
  '',
  ' ',
  'anna@exam ple.lv',
  'anna@example.lv%0d%0aBcc:x@y.lv',
];
const emailCases: HostileCase[] = [
  ...badEmails.map((email) => ({
    name: `the request form refuses the address ${JSON.stringify(email)}`,
    send: post(stranger, '/privacy/request', { type: 'access', email }),
    status: 422,
  })),
  { name: 'rectification refuses a new address with a header injection', send: rectify({ email: 'anna@example.lv\r\nBcc: victim@example.lv' }), status: 422 },
  { name: 'rectification refuses a new address with markup', send: rectify({ email: '"><script>alert(1)</script>' }), status: 422 },
  {
    name: 'the newsletter form refuses an address with a header injection',
    send: post(stranger, '/newsletter', { email: 'a@example.lv\r\nBcc: b@example.lv' }, { from: '/' }),
    status: 422,
  },
  {
    name: 'the checkout refuses an address with a header injection',
    send: post(stranger, '/checkout', { email: 'a@example.lv\nBcc: b@example.lv', first_name: 'X', last_name: 'Y', phone: '+371 20 000 000', address: 'Rīga' }),
    status: 422,
  },
  {
    name: 'signup refuses an address with markup',
    send: post(stranger, '/signup', { email: '<img src=x onerror=alert(1)>', first_name: 'N', last_name: 'M', password: 'a long password' }),
    status: 422,
  },
];

const controlCharacters: HostileCase[] = [
  { name: 'a first name with a NUL byte is refused', send: rectify({ first_name: 'An\u0000na' }), status: 422 },
  { name: 'a telephone with a bell character is refused', send: rectify({ phone: '+371 29\u0007 123 456' }), status: 422 },
  { name: 'an address with an escape sequence is refused', send: rectify({ address: 'Rīga\u001b[31m' }), status: 422 },
  {
    name: 'an e-mail with a NUL byte on the request form is refused',
    send: post(stranger, '/privacy/request', { type: 'access', email: 'anna\u0000@example.lv' }),
    status: 422,
  },
  {
    name: 'a body that is not valid UTF-8 is refused',
    send: async (c: Context) =>
      c.anna.agent
        .post('/privacy/account/rectify')
        .type('form')
        .send(
          `_csrf=${encodeURIComponent(await c.token(c.anna, '/privacy/account', '/privacy/account/rectify'))}&first_name=%C3%28&last_name=B&phone=%2B371+29+123+456&address=R&email=anna%40example.lv`,
        ),
    status: [400, 422],
  },
  { name: 'a link token that is not valid UTF-8 is refused', send: get(stranger, '/privacy/newsletter/confirm?token=%C3%28'), status: [400, 404] },
];

const markup: HostileCase[] = [
  { name: 'a telephone of markup is refused and shown escaped', send: rectify({ phone: '<script>alert(1)</script>' }), status: 422 },
  {
    name: 'a consent purpose of markup is refused',
    send: post(anna, '/privacy/account/consents', { purpose: '<script>alert(1)</script>', answer: 'grant' }, { from: '/privacy/account' }),
    status: [400, 422],
  },
  {
    name: 'an objection purpose of markup is refused',
    send: post(anna, '/privacy/account/object/legitimate', { purpose: '"><svg onload=alert(1)>', reason: 'because' }, { from: '/privacy/account' }),
    status: 422,
  },
  {
    name: 'a request type of markup is refused',
    send: post(stranger, '/privacy/request', { type: '<script>alert(1)</script>', email: 'anna@example.lv' }),
    status: 422,
  },
  { name: 'a cookie choice of markup is refused', send: post(anna, '/privacy/cookies', { choice: '<script>alert(1)</script>' }), status: [400, 422] },
];

const sqlish: HostileCase[] = [
  {
    name: 'a consent purpose that looks like SQL is refused',
    send: post(anna, '/privacy/account/consents', { purpose: "newsletter' OR '1'='1", answer: 'withdraw' }, { from: '/privacy/account' }),
    status: [400, 422],
  },
  {
    name: 'a request type that looks like SQL is refused',
    send: post(stranger, '/privacy/request', { type: "access'; DROP TABLE privacy_requests; --", email: 'anna@example.lv' }),
    status: 422,
  },
  { name: 'a link token that looks like SQL is refused', send: get(stranger, "/privacy/newsletter/confirm?token=' OR ''='"), status: 404 },
  { name: 'an unsubscribe token that looks like SQL is refused', send: get(stranger, '/privacy/newsletter/unsubscribe?token=1%20OR%201%3D1'), status: 404 },
  {
    name: 'an answer that looks like SQL is refused',
    send: post(anna, '/privacy/account/restrict', { answer: "restrict' --" }, { from: '/privacy/account' }),
    status: [400, 422],
  },
];

const paths: HostileCase[] = [
  '/privacy/account/export.txt%2f..%2f..%2fpackage.json',
  '/privacy/assets/..%2f..%2fpackage.json',
  '/privacy/assets/%2e%2e/%2e%2e/package.json',
  '/privacy/account/export.pdf',
  '/privacy/assets/privacy.css%00.js',
  '/privacy/account/export.json/../../../etc/passwd',
].map((path) => ({ name: `the path trick ${path} finds nothing`, send: get(anna, path), status: [400, 404] }));

const guessing: HostileCase[] = [
  { name: "a stranger cannot download anyone's TXT", send: get(stranger, '/privacy/account/export.txt'), status: 401 },
  {
    name: "a stranger cannot download anyone's JSON by naming a subject",
    send: get(stranger, '/privacy/account/export.json?subject=1&email=anna@example.lv'),
    status: 401,
  },
  { name: 'a shopper cannot open a staff request by its number', send: get(anna, '/privacy/staff/requests/1'), status: 404 },
  { name: 'a shopper cannot look a person up', send: get(anna, '/privacy/staff/lookup?email=anna@example.lv'), status: 404 },
  {
    name: 'a shopper cannot complete a request',
    send: post(anna, '/privacy/staff/requests/1/complete', { note: 'x' }, { from: '/privacy/account', token: 'forged' }),
    status: [403, 404],
  },
  { name: 'a stranger cannot download the records of processing', send: get(stranger, '/privacy/staff/records.csv'), status: 404 },
  {
    name: 'a forged guest session cookie opens nothing',
    send: async (c: Context) => c.stranger.agent.get('/privacy/account/export.json').set('Cookie', `privacy_guest=${'A'.repeat(43)}`),
    status: 401,
  },
];

const tokens: HostileCase[] = [
  { name: 'an unknown newsletter confirmation link is refused', send: get(stranger, `/privacy/newsletter/confirm?token=${'Z'.repeat(43)}`), status: 404 },
  { name: 'an unknown e-mail change link is refused', send: get(anna, `/privacy/account/email/confirm?token=${'Y'.repeat(43)}`), status: 404 },
  {
    name: 'an unknown request link is refused when posted',
    send: post(stranger, '/privacy/request/verify', { token: 'X'.repeat(43) }, { from: `/privacy/request/verify?token=${'X'.repeat(43)}` }),
    status: 404,
  },
  {
    name: 'a used newsletter confirmation link is refused when replayed',
    prepare: async (c: Context) => {
      await c.shop.privacy.hooks.newsletterSignup({ email: 'replay@example.lv' });
      const mail = (await sentMail(c.shop.privacy, c.shop.outboxDir)).find((m) => m.to.includes('replay@example.lv'));
      assert.exists(mail, 'the confirmation e-mail');
      const link = /\/privacy\/newsletter\/confirm\?token=[\w-]{43}/.exec(mail.text)?.[0];
      assert.exists(link, 'the confirmation link');
      assert.equal((await pressLinkButton(c.shop.app, link, { agent: c.stranger.agent })).status, 200, 'the first press confirms');
      return link;
    },
    send: (c: Context, link: unknown) => c.stranger.agent.get(link as string),
    status: 410,
  },
  {
    name: 'an expired newsletter confirmation link is refused',
    prepare: async (c: Context) => {
      await c.shop.privacy.hooks.newsletterSignup({ email: 'late@example.lv' });
      const mail = (await sentMail(c.shop.privacy, c.shop.outboxDir)).find((m) => m.to.includes('late@example.lv'));
      assert.exists(mail, 'the confirmation e-mail');
      await c.db.knex('privacy_tokens').where({ kind: 'newsletter_confirm', used_at: null }).update({ expires_at: longAgo });
      const link = /\/privacy\/newsletter\/confirm\?token=[\w-]{43}/.exec(mail.text)?.[0];
      assert.exists(link, 'the confirmation link');
      return link;
    },
    send: (c: Context, link: unknown) => c.stranger.agent.get(link as string),
    status: 410,
  },
  {
    name: 'an unknown address confirmation link is refused when posted',
    prepare: (c: Context) => verificationLink(c.shop, 'anna@example.lv'),
    send: async (c: Context, link: unknown) =>
      c.stranger.agent
        .post('/account/verify')
        .type('form')
        .send({ _csrf: await c.token(c.stranger, link as string, '/account/verify'), token: 'V'.repeat(43) }),
    status: 404,
  },
  {
    name: 'a used address confirmation link is refused when replayed',
    prepare: async (c: Context) => {
      const browser = shopper(c.shop);
      await browser.post('/signup', { email: 'replay-account@example.lv', first_name: 'R', last_name: 'A', password: 'a long password' }).expect(303);
      const link = await verificationLink(c.shop, 'replay-account@example.lv');
      await followVerificationLink(browser, link);
      return link;
    },
    send: (c: Context, link: unknown) => c.stranger.agent.get(link as string),
    status: 410,
  },
  {
    name: 'an expired address confirmation link is refused when posted',
    prepare: async (c: Context) => {
      await shopper(c.shop).post('/signup', { email: 'late-account@example.lv', first_name: 'L', last_name: 'A', password: 'a long password' }).expect(303);
      const link = await verificationLink(c.shop, 'late-account@example.lv');
      await c.db.knex('customer_email_tokens').whereNull('used_at').update({ expires_at: longAgo });
      return new URL(link, 'http://shop.test').searchParams.get('token');
    },
    send: async (c: Context, token: unknown) =>
      c.stranger.agent
        .post('/account/verify')
        .type('form')
        .send({ _csrf: await c.token(c.stranger, '/', '/newsletter'), token: token as string }),
    status: 410,
  },
];

const english: HostileCase[] = [
  {
    name: 'a refused form answers in English to an English browser',
    send: post(stranger, '/privacy/request', { type: 'access', email: 'nope' }, { lang: 'en' }),
    status: 422,
    lang: 'en',
  },
  {
    name: 'a missing CSRF token is explained in English to an English browser',
    send: post(anna, '/privacy/account/restrict', { answer: 'restrict' }, { from: '/privacy/account', token: 'none', lang: 'en' }),
    status: 403,
    lang: 'en',
  },
  {
    name: 'an unknown link is explained in English to an English browser',
    send: get(stranger, `/privacy/newsletter/unsubscribe?token=${'W'.repeat(43)}`, 'en'),
    status: 404,
    lang: 'en',
  },
  {
    name: 'an oversize body is explained in English to an English browser',
    send: post(stranger, '/privacy/request', { type: 'access', email: 'a@example.lv', filler: big(5000) }, { lang: 'en' }),
    status: 413,
    lang: 'en',
  },
];

hostileSuite('hostile input', [
  ...csrfCases,
  ...crossVisitor,
  ...wrongMethods,
  ...oversize,
  ...oversizeFields,
  ...emailCases,
  ...controlCharacters,
  ...markup,
  ...sqlish,
  ...paths,
  ...guessing,
  ...tokens,
  ...english,
]);

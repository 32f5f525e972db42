/**
 * A shop's code, typed only by what the package gives it: `express-shop-privacy` here is the built
 * package (dist/index.d.ts), not the sources. It declares a custom data source and uses what the
 * API returns, throws and puts on res.locals, without a single cast. `@ts-expect-error` lines pin
 * mistakes the types must catch. Compiled by test/types/consumer.test.ts, never run.
 */
import express from 'express';
import helmet from 'helmet';
import knex from 'knex';
import {
  createPrivacy,
  PrivacyError,
  RequestRefusedError,
  type CspDirectives,
  type CustomDataSource,
  type DataSource,
  type ErasureLine,
  type Privacy,
  type PrivacyRequest,
  type RequestRefusal,
  type SourceCounts,
  xpartsPreset,
} from 'express-shop-privacy';

const db = knex({ client: 'better-sqlite3', connection: { filename: 'shop.sqlite' }, useNullAsDefault: true });

/** Footage on the recorder, reached through the shop's own functions. */
const footage: CustomDataSource = {
  id: 'cctv',
  label: { lv: 'Videonovērošana veikalā', en: 'CCTV footage in the shop' },
  purposes: ['security'],
  description: { en: 'Ask at the counter to see footage of you; it is kept for 30 days.' },
  async export(subject) {
    // A subject the module never met has no record of its own: match by what the shop knows.
    // @ts-expect-error: the id may be null
    const id: number = subject.id;
    void id;
    const rows: { camera: string; taken_at: string }[] = await db('cctv_requests').where({ email: subject.email }).select('camera', 'taken_at');
    return rows.map((row) => ({ camera: row.camera, takenAt: row.taken_at, kept: true }));
  },
  async erase(subject, { trx }): Promise<SourceCounts> {
    const deleted: number = await trx('cctv_requests').where({ email: subject.email }).delete();
    return { deleted };
  },
  async rectify(subject, changes, { trx }) {
    if (changes.email !== undefined) await trx('cctv_requests').where({ email: subject.email }).update({ email: changes.email });
  },
  purge({ now, dryRun }) {
    return dryRun ? { deleted: 0 } : { deleted: now.getTime() > 0 ? 1 : 0 };
  },
};

const orders: DataSource = {
  id: 'orders',
  label: { lv: 'Pasūtījumi', en: 'Orders' },
  purposes: ['orders'],
  table: 'orders',
  match: { email: 'email', customerId: 'customer_id' },
  columns: { email: { label: { en: 'E-mail' }, contact: 'email' } },
  erase: { action: 'anonymise', keepFor: { years: 5, from: 'created_at' }, reason: { en: 'Accounting Law' } },
};

export const privacy: Privacy = createPrivacy({
  secret: 'a-secret-of-at-least-thirty-two-characters',
  db,
  // A preset's texts, reviewed, under the shop's own controller.
  ...xpartsPreset,
  controller: {
    name: 'SIA KRAUD',
    regNo: '40103337911',
    address: 'Mārupes nov., Mārupes pag., "Brīvmaņi", LV-2167',
    email: 'info@xparts.lv',
    website: 'xparts.lv',
  },
  currentCustomer: (req) => (req.get('x-customer') ? { id: 1, email: 'anna@example.lv', emailVerified: true } : null),
  dataSources: [
    orders,
    footage,
    // Declared inline, the functions are typed by the same contract.
    {
      id: 'mailing',
      label: { en: 'Mailing provider' },
      purposes: ['newsletter'],
      export: (subject) => [{ email: subject.email, verified: subject.emailVerified, customer: subject.customerId }],
      erase: async (subject) => ({ deleted: subject.customerId === null ? 0 : 1 }),
    },
  ],
});

// @ts-expect-error: a custom source's export receives the subject, not an address
const mistaken: CustomDataSource = { id: 'x', label: { en: 'X' }, purposes: ['x'], export: (email: string) => [{ email }] };
// @ts-expect-error: exported values are text, numbers, booleans or null (a date goes as ISO text)
const dated: CustomDataSource = { id: 'y', label: { en: 'Y' }, purposes: ['y'], export: () => [{ at: new Date(0) }] };
// @ts-expect-error: erase runs in the module's transaction and says what it did, not what it found
const erasing: CustomDataSource = { id: 'z', label: { en: 'Z' }, purposes: ['z'], export: () => [], erase: () => ['row'] };
void [mistaken, dated, erasing];

const app = express();
app.use(privacy.middleware());
// The module's needs spread into the shop's own helmet directives: the read-only lists are what helmet takes.
const needs: CspDirectives = privacy.cspDirectives();
app.use(helmet({ contentSecurityPolicy: { directives: { ...needs, scriptSrc: [...needs.scriptSrc, 'https://cdn.example.com'] } } }));
// @ts-expect-error: the same object every call, read-only
needs.scriptSrc.push("'unsafe-inline'");
app.use('/privacy', privacy.router());
app.get('/', (_req, res) => {
  const allowed: boolean = res.locals.privacy.allows('analytics');
  const nonce: string | undefined = res.locals.cspNonce;
  res.send(`<a href="${res.locals.privacy.policyUrl}">Privacy</a>${allowed ? `<script nonce="${nonce ?? ''}"></script>` : ''}`);
});
app.post('/checkout', async (req, res) => {
  const recorded = await privacy.hooks.orderCreated({ order: { id: 1, email: 'anna@example.lv' }, consents: req.body, req });
  res.json({ subject: recorded.subjectId, toConfirm: recorded.toConfirm });
});

privacy.on('subject.erased', async (done) => {
  const lines: ErasureLine[] = done.report;
  await db('erasure_log').insert({ customer: done.customerId, sources: lines.length, recipients: done.recipients.join(',') });
});
privacy.on('consent.withdrawn', (change) => {
  console.log(change.purpose, change.at.toISOString());
});

export async function refuseOldest(): Promise<RequestRefusal | PrivacyRequest | undefined> {
  const [oldest] = await privacy.requests.queue();
  if (!oldest) return undefined;
  try {
    return await privacy.requests.refuse(oldest.id, { type: 'staff', id: 'anna' }, 'Not ours to answer');
  } catch (err) {
    if (err instanceof RequestRefusedError) return err.key;
    if (err instanceof PrivacyError) console.error(`${err.code} (${err.status})`);
    throw err;
  }
}

export async function eraseAndReport(email: string): Promise<string[]> {
  const lines = await privacy.eraseSubject(email, { locale: 'en', actor: { type: 'staff', id: 'anna' }, notify: true });
  const report = await privacy.retention.run({ dryRun: true });
  return [
    ...lines.map((line) => `${line.label}: ${line.deleted} deleted, ${line.anonymised} kept until ${line.keptUntil ?? '-'}`),
    `${report.rules.length} rules`,
  ];
}

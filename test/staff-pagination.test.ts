import { expect } from 'chai';
import type { Knex } from 'knex';
import { formatNumber, translate } from '../lib/i18n/index.js';
import { InvalidInputError, type PrivacyRequest } from '../index.js';
import { listRequests } from '../lib/cli/listings.js';
import { requestsRepository } from '../lib/requests/repository.js';
import type { RequestStatus, RequestType } from '../lib/requests/types.js';
import { isMysql } from '../lib/store/database.js';
import { tableNames } from '../lib/store/tables.js';
import { onEachDatabase } from './support/databases.js';
import { shopper, startShop } from './support/shop.js';
import { staffBrowser } from './support/staff.js';

const day = 24 * 60 * 60 * 1000;
/** Whole seconds: MariaDB keeps a request's dates to the second. */
const start = Date.UTC(2026, 11, 1, 9, 0, 0);

interface Seeded {
  id: number;
  type: RequestType;
  status: RequestStatus;
  due: number;
  closed: number | null;
}

/**
 * Requests written straight into the table, 500 rows a statement: `due(i)` gives many the same
 * due date, so the pages must part ties by id. Returns them as stored, with their ids.
 */
async function seed(knex: Knex, count: number, shape: (i: number) => { type: RequestType; status: RequestStatus; due: number; closed?: number | null }) {
  for (let from = 0; from < count; from += 500) {
    const rows = Array.from({ length: Math.min(500, count - from) }, (_, k) => {
      const { type, status, due, closed = null } = shape(from + k);
      return {
        type,
        subject_id: null,
        email: `person${from + k}@example.lv`,
        email_hash: 'seeded',
        locale: 'lv',
        status,
        channel: 'account',
        details: null,
        received_at: new Date(due - 30 * day),
        due_at: new Date(due),
        closed_at: closed === null ? null : new Date(closed),
        updated_at: new Date(due - 30 * day),
      };
    });
    await knex('privacy_requests').insert(rows);
  }
  const rows = await knex('privacy_requests').where({ email_hash: 'seeded' }).orderBy('id');
  return rows.map((r): Seeded => ({
    id: Number(r.id),
    type: r.type,
    status: r.status,
    due: new Date(r.due_at).getTime(),
    closed: r.closed_at === null ? null : new Date(r.closed_at).getTime(),
  }));
}

/** The request numbers of one table of the page: the queue's (before the closed heading) or the closed list's. */
function idsOf(html: string, list: 'open' | 'closed', locale: 'lv' | 'en' = 'lv'): number[] {
  const [open = '', closed = ''] = html.split(`<h2>${translate(locale, 'staff.queue.closed')}</h2>`);
  return [...(list === 'open' ? open : closed).matchAll(/<th scope="row"><a href="[^"]*\/requests\/(\d+)">/g)].map((m) => Number(m[1]));
}

/** The address of a page's link with this text in the named list's page navigation, or null. */
function linkOf(html: string, label: string, nav: string): string | null {
  const section = html.split(`aria-label="${nav}"`)[1]?.split('</nav>')[0] ?? '';
  const found = new RegExp(`<a href="([^"]+)" rel="[a-z]+">${label}</a>`).exec(section);
  return found?.[1]?.replace(/&amp;/g, '&') ?? null;
}

onEachDatabase('the staff lists, a page at a time', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  /** Follows "next page" from the first page to the last, returning each page's ids of the list. */
  async function walk(staff: Awaited<ReturnType<typeof staffBrowser>>, first: string, list: 'open' | 'closed', locale: 'lv' | 'en' = 'lv') {
    const nav = translate(locale, list === 'open' ? 'staff.list.pagesOpen' : 'staff.list.pagesClosed');
    const pages: number[][] = [];
    let url: string | null = first;
    while (url) {
      const page = await staff.agent.get(url).expect(200);
      pages.push(idsOf(page.text, list, locale));
      if (pages.length > 1) expect(linkOf(page.text, translate(locale, 'staff.list.first'), nav), 'a later page links the first').to.be.a('string');
      url = linkOf(page.text, translate(locale, 'staff.list.next'), nav);
      expect(pages.length).to.be.below(10);
    }
    return pages;
  }

  it('pages through the queue by due date then number, without gaps or repeats across ties, and the closed list by closing date', async function () {
    // 130 open requests on 4 due dates (ties of 30 and more), 120 closed on 3 closing dates, and some still unverified.
    const seeded = await seed(db().knex, 300, (i) => {
      if (i < 130) return { type: 'access', status: i % 3 === 0 ? 'in_progress' : 'open', due: start + (i % 4) * day };
      if (i < 250) return { type: 'erasure', status: i % 2 ? 'done' : 'refused', due: start, closed: start - (i % 3) * day };
      return { type: 'objection', status: 'awaiting_verification', due: start };
    });
    const staff = await staffBrowser(shop);

    const open = seeded.filter((r) => r.status === 'open' || r.status === 'in_progress').sort((a, b) => a.due - b.due || a.id - b.id);
    const queuePages = await walk(staff, '/privacy/staff', 'open');
    expect(queuePages.map((p) => p.length)).to.deep.equal([50, 50, 30]);
    expect(queuePages.flat()).to.deep.equal(open.map((r) => r.id));

    const closed = seeded.filter((r) => r.closed !== null).sort((a, b) => (b.closed ?? 0) - (a.closed ?? 0) || b.id - a.id);
    const closedPages = await walk(staff, '/privacy/staff', 'closed');
    expect(closedPages.map((p) => p.length)).to.deep.equal([50, 50, 20]);
    expect(closedPages.flat()).to.deep.equal(closed.map((r) => r.id));

    // Paging one list keeps the other where it was; "first page" goes back to the start.
    const second = await staff.agent.get('/privacy/staff').expect(200);
    const next = linkOf(second.text, translate('lv', 'staff.list.next'), translate('lv', 'staff.list.pagesClosed'));
    const both = await staff.agent.get(
      `${linkOf(second.text, translate('lv', 'staff.list.next'), translate('lv', 'staff.list.pagesOpen'))}&${String(next).split('?')[1]}`,
    );
    expect(idsOf(both.text, 'open')).to.deep.equal(queuePages[1]);
    expect(idsOf(both.text, 'closed')).to.deep.equal(closedPages[1]);
    const backToFirst = linkOf(both.text, translate('lv', 'staff.list.first'), translate('lv', 'staff.list.pagesOpen'));
    const first = await staff.agent.get(String(backToFirst)).expect(200);
    expect(idsOf(first.text, 'open')).to.deep.equal(queuePages[0]);
    expect(idsOf(first.text, 'closed')).to.deep.equal(closedPages[1]);
    // Nothing unverified is work yet, and the queue shows no addresses.
    expect(second.text).not.to.contain('@example.lv');
  });

  it('gives the API and the command line the queue a page at a time, in due order across ties, and refuses a bad page size', async function () {
    // 1,203 open on 5 due dates, some closed ones that are not work: the API pages by 100 (or what it is asked), the CLI reads 500 at a time.
    const seeded = await seed(db().knex, 1250, (i) =>
      i < 1203
        ? { type: 'access', status: i % 4 ? 'open' : 'in_progress', due: start + (i % 5) * day }
        : { type: 'erasure', status: 'done', due: start, closed: start },
    );
    const open = seeded.filter((r) => r.status !== 'done').sort((a, b) => a.due - b.due || a.id - b.id);
    expect(await shop.privacy.requests.queue()).to.have.length(100);
    const walked: number[] = [];
    let after: PrivacyRequest | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page: PrivacyRequest[] = await shop.privacy.requests.queue({ limit: 250, after });
      walked.push(...page.map((r) => r.id));
      after = page.at(-1) ?? null;
      if (page.length < 250) break;
    }
    expect(walked).to.deep.equal(open.map((r) => r.id));
    for (const limit of [0, 1001, 2.5])
      try {
        await shop.privacy.requests.queue({ limit });
        expect.fail(`limit ${limit} was taken`);
      } catch (err) {
        expect(err).to.be.instanceOf(InvalidInputError);
      }
    // The command line's JSON is one array of every open request, read 500 at a time.
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => {
      printed.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await listRequests(shop.privacy, { format: 'json', locale: 'en' })).to.equal(0);
    } finally {
      process.stdout.write = write;
    }
    const listed = JSON.parse(printed.join('')) as { id: number; overdue: boolean }[];
    expect(listed.map((r) => r.id)).to.deep.equal(open.map((r) => r.id));
  });

  it('filters by type and state, in English too, and its pages keep the filter', async function () {
    const types: RequestType[] = ['access', 'erasure', 'objection'];
    const seeded = await seed(db().knex, 400, (i) => {
      const type = types[i % 3] ?? 'access';
      if (i % 4 === 3) return { type, status: 'done', due: start, closed: start - (i % 5) * day };
      return { type, status: i % 4 === 0 ? 'in_progress' : 'open', due: start + (i % 2) * day };
    });
    const staff = await staffBrowser(shop);

    const erasures = seeded.filter((r) => r.type === 'erasure' && r.status === 'open').sort((a, b) => a.due - b.due || a.id - b.id);
    const pages = await walk(staff, '/privacy/staff?type=erasure&state=open&lang=en', 'open', 'en');
    expect(pages.flat()).to.deep.equal(erasures.map((r) => r.id));
    expect(pages.length)
      .to.equal(Math.ceil(erasures.length / 50))
      .and.to.be.above(1);
    const page = await staff.agent.get('/privacy/staff?type=erasure&state=open&lang=en').expect(200);
    expect(page.text).to.contain(translate('en', 'staff.list.count', { count: formatNumber(erasures.length, 'en') }));
    expect(page.text).to.contain('<option value="erasure" selected>').and.to.contain('<option value="open" selected>');
    expect(page.text).to.contain('<input type="hidden" name="lang" value="en">');
    // An open state leaves nothing for the closed list to show.
    expect(idsOf(page.text, 'closed', 'en')).to.deep.equal([]);
    expect(page.text).not.to.contain(translate('en', 'staff.queue.closed'));

    // A closed state shows only the closed list, of that type.
    const done = await staff.agent.get('/privacy/staff?type=objection&state=done').expect(200);
    const objections = seeded.filter((r) => r.type === 'objection' && r.status === 'done');
    expect(idsOf(done.text, 'closed').sort((a, b) => a - b)).to.deep.equal(objections.map((r) => r.id));
    expect(idsOf(done.text, 'open')).to.deep.equal([]);

    // A type with no requests at all.
    const none = await staff.agent.get('/privacy/staff?type=withdrawal').expect(200);
    expect(none.text)
      .to.contain(translate('lv', 'staff.list.none'))
      .and.to.contain(translate('lv', 'staff.list.count', { count: '0' }));
  });

  it('answers a bad filter or page link with a message in the staff member’s language and the first page, never an error page', async function () {
    await seed(db().knex, 60, (i) => ({ type: 'access', status: 'open', due: start + (i % 2) * day }));
    const staff = await staffBrowser(shop);
    const firstPage = idsOf((await staff.agent.get('/privacy/staff').expect(200)).text, 'open');
    expect(firstPage).to.have.length(50);
    const bad = {
      'staff.list.badFilter': ['type=bogus', 'state=awaiting_verification', 'state=constructor', 'type=access&type=erasure', 'type=%00access'],
      'staff.list.badCursor': [
        'after=abc',
        'after=',
        'after=99999999999999999.1',
        'after=1.0',
        'closedAfter=1.99999999999',
        'after=1.2&after=3.4',
        'after=-5.1',
      ],
    } as const;
    for (const [key, queries] of Object.entries(bad) as [keyof typeof bad, readonly string[]][]) {
      for (const query of queries) {
        for (const locale of ['lv', 'en'] as const) {
          const page = await staff.agent.get(`/privacy/staff?${query}${locale === 'en' ? '&lang=en' : ''}`);
          expect(page.status, query).to.equal(400);
          expect(page.text, query).to.contain(translate(locale, key));
          expect(idsOf(page.text, 'open', locale), query).to.deep.equal(firstPage);
        }
      }
    }
    // A well-formed cursor past the end is simply an empty last page.
    const past = await staff.agent.get(`/privacy/staff?after=${start + 400 * day}.1`).expect(200);
    expect(idsOf(past.text, 'open')).to.deep.equal([]);
    expect(linkOf(past.text, translate('lv', 'staff.list.first'), translate('lv', 'staff.list.pagesOpen'))).to.equal('/privacy/staff/');
  });

  it('counts no further than 1,000, and reads the first page from the keyset index', async function () {
    await seed(db().knex, 1003, (i) => ({ type: i % 2 ? 'access' : 'erasure', status: 'open', due: start + (i % 7) * day }));
    const staff = await staffBrowser(shop);
    for (const locale of ['lv', 'en'] as const) {
      const page = await staff.agent.get(`/privacy/staff${locale === 'en' ? '?lang=en' : ''}`).expect(200);
      expect(page.text).to.contain(translate(locale, 'staff.list.countMore', { count: formatNumber(1000, locale) }));
      expect(idsOf(page.text, 'open', locale)).to.have.length(50);
    }
    const filtered = await staff.agent.get('/privacy/staff?type=erasure').expect(200);
    expect(filtered.text).to.contain(translate('lv', 'staff.list.count', { count: '502' }));

    // The count stops at cap + 1 rows, whatever the table holds.
    const repository = requestsRepository(tableNames('privacy_'));
    expect(await repository.countUpTo(db().knex, { statuses: ['open'] }, 10)).to.equal(11);
    expect(await repository.countUpTo(db().knex, { statuses: ['open'], type: 'erasure' }, 1000)).to.equal(502);

    // Each state's page is a range scan of the keyset index in its order: no sort of every open request.
    const statements: { sql: string; bindings: readonly unknown[] }[] = [];
    const capture = (q: { sql: string; bindings: readonly unknown[] }) => void statements.push(q);
    db().knex.on('query', capture);
    const page = await repository.queuePage(db().knex, { statuses: ['open'] }, null, 50);
    const later = await repository.queuePage(db().knex, { statuses: ['open'] }, page.next, 50);
    const typed = await repository.queuePage(db().knex, { statuses: ['open'], type: 'access' }, later.next, 50);
    db().knex.off('query', capture);
    expect(typed.requests).to.have.length(50);
    expect(statements).to.have.length(3);
    for (const [i, { sql, bindings }] of statements.entries()) {
      const index = i === 2 ? 'privacy_requests_queue_by_type' : 'privacy_requests_queue_keyset';
      if (isMysql(db().knex)) {
        const [[plan]] = await db().knex.raw(`EXPLAIN ${sql}`, bindings as Knex.RawBinding[]);
        expect(plan.key, sql).to.equal(index);
        expect(String(plan.Extra), sql).not.to.contain('filesort');
      } else {
        const plan = (await db().knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as Knex.RawBinding[])) as { detail: string }[];
        const details = plan.map((p) => p.detail).join('; ');
        expect(details, sql).to.contain(`USING INDEX ${index}`).and.not.to.contain('TEMP B-TREE');
      }
    }
  });
});

onEachDatabase('the staff look-up, a page at a time', (db) => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeEach(async function () {
    shop = await startShop(db().url);
  });
  afterEach(async function () {
    await shop.stop();
  });

  it("shows a person's requests 20 at a time, newest first, and counts their records no further than 1,000", async function () {
    await shopper(shop).post('/signup', { email: 'anna@example.lv', first_name: 'Anna', last_name: 'Bērziņa', password: 'a long password' }).expect(303);
    // Her record becomes the address's own, as when she proves the address.
    const subject = await db().knex('privacy_subjects').where({ email: 'anna@example.lv' }).first('id');
    await db()
      .knex('privacy_subjects')
      .where({ id: subject.id })
      .update({ customer_key: '', email_confirmed_at: new Date(start) });
    const seeded = await seed(db().knex, 45, () => ({ type: 'access', status: 'done', due: start, closed: start }));
    await db()
      .knex('privacy_requests')
      .whereIn(
        'id',
        seeded.map((r) => r.id),
      )
      .update({ subject_id: subject.id });
    for (let from = 0; from < 1005; from += 335) {
      await db()
        .knex('orders')
        .insert(
          Array.from({ length: 335 }, (_, i) => ({
            number: `P-${from + i}`,
            customer_id: null,
            email: 'anna@example.lv',
            first_name: 'Anna',
            last_name: 'Bērziņa',
            phone: '+371 20 000 001',
            address: 'Rīga',
            total_cents: 100,
            locale: 'lv',
            created_at: new Date(start),
          })),
        );
    }
    const staff = await staffBrowser(shop);
    const newestFirst = seeded.map((r) => r.id).sort((a, b) => b - a);
    const shown: number[][] = [];
    let url: string | null = '/privacy/staff/lookup?email=anna@example.lv&lang=en';
    while (url) {
      const page: { text: string } = await staff.agent.get(url).expect(200);
      shown.push([...page.text.matchAll(/<li><a href="\/privacy\/staff\/requests\/(\d+)">/g)].map((m) => Number(m[1])));
      expect(page.text).to.contain(translate('en', 'staff.lookup.heldMore', { label: 'Orders', count: formatNumber(1000, 'en') }));
      if (shown.length > 1) expect(page.text).to.contain(`rel="first">${translate('en', 'staff.list.first')}</a>`);
      url = /<a href="([^"]+)" rel="next">/.exec(page.text)?.[1]?.replace(/&amp;/g, '&') ?? null;
      expect(shown.length).to.be.below(5);
    }
    expect(shown.map((ids) => ids.length)).to.deep.equal([20, 20, 5]);
    expect(shown.flat()).to.deep.equal(newestFirst);
    // Every page is a look at the person: each is audited.
    expect((await shop.privacy.audit.list()).filter((entry) => entry.action === 'staff.looked_up_subject')).to.have.length(3);

    for (const before of ['x', '-1', '1.5', '']) {
      const bad = await staff.agent.get(`/privacy/staff/lookup?email=anna@example.lv&before=${before}`).expect(400);
      expect(bad.text).to.contain(translate('lv', 'staff.list.badCursor'));
    }
  });
});

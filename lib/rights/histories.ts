import type { Knex } from 'knex';
import type { ConsentLedger } from '../consent/ledger.js';
import type { Requests } from '../requests/service.js';
import type { PrivacyRequest } from '../requests/types.js';
import type { SubjectKey } from '../sources/repository.js';

/** Requests read per statement, as many as the orders and consent events beside them. */
const requestPage = 500;

/**
 * What the access answer tells of the module's own records of a person: the current consents,
 * and the consent and request histories, each read a page at a time by id and handed on as read,
 * so a history of any length never sits in memory whole (issue 20).
 */
export function histories({ db, ledger, requests }: { db: Knex; ledger: ConsentLedger; requests: Pick<Requests, 'repository' | 'hashAddress'> }) {
  async function consentsNow(subject: SubjectKey) {
    return (subject.id === null ? [] : await ledger.state(db, subject.id)).map((c) => ({
      purpose: c.purpose,
      granted: c.granted,
      policyVersion: c.policyVersion,
      source: c.source,
      updatedAt: c.updatedAt.toISOString(),
    }));
  }

  /** The consent ledger oldest first, a page of events at a time. */
  async function* consentHistory(subject: SubjectKey) {
    if (subject.id === null) return;
    for await (const page of ledger.historyPages(db, subject.id))
      yield page.map((e) => ({
        receiptId: e.receipt_id as string,
        purpose: e.purpose as string,
        event: e.event as string,
        policyVersion: e.policy_version as string,
        wordingHash: e.wording_hash as string,
        source: e.source as string,
        locale: e.locale as string,
        at: new Date(e.created_at as string).toISOString(),
        ip: (e.ip as string | null) ?? null,
        userAgent: (e.user_agent as string | null) ?? null,
      }));
  }

  /** The subject's requests oldest first, a page at a time: their own, and those under the address once it is proven theirs. */
  async function* requestHistory(subject: SubjectKey): AsyncGenerator<PrivacyRequest[]> {
    const emailHash = subject.emailVerified ? requests.hashAddress(subject.email) : null;
    for (let after = 0; ;) {
      const page = await requests.repository.historyOfSubject(db, subject.id, emailHash, after, requestPage);
      const last = page.at(-1);
      if (last) yield page;
      if (page.length < requestPage || !last) return;
      after = last.id;
    }
  }

  const iso = (at: Date | null) => at?.toISOString() ?? null;
  const requestRecord = (r: PrivacyRequest) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    channel: r.channel,
    details: r.details,
    receivedAt: iso(r.receivedAt),
    verifiedAt: iso(r.verifiedAt),
    dueAt: iso(r.dueAt),
    extendedAt: iso(r.extendedAt),
    extensionReason: r.extensionReason,
    closedAt: iso(r.closedAt),
    outcome: r.outcome,
  });

  /** A JSON array written a page of elements at a time, as the pages are read. */
  async function* jsonArray<T>(pages: AsyncIterable<T[]>, shape: (item: T) => unknown = (item) => item): AsyncGenerator<string> {
    let first = true;
    for await (const page of pages) {
      yield `${first ? '[' : ','}${page.map((item) => JSON.stringify(shape(item))).join(',')}`;
      first = false;
    }
    yield first ? '[]' : ']';
  }

  return { consentsNow, consentHistory, requestHistory, requestRecord, jsonArray };
}

import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isMysql } from '../store/database.js';
import type { TableNames } from '../store/tables.js';

/** Where a consent event came from: a closed list, as Ghost keeps for member events. */
export const consentSources = ['checkout', 'signup', 'newsletter', 'account', 'banner', 'gpc', 'staff'] as const;
export type ConsentSource = (typeof consentSources)[number];

export type ConsentEventKind = 'acknowledged' | 'granted' | 'not_granted' | 'withdrawn';

/** The pseudo-purpose under which reading the policy is acknowledged. */
export const policyAcknowledgement = 'policy';

/** Events read per statement by `history`: as many as the orders beside them in the export. */
const historyPage = 500;

export interface ConsentEvidence {
  policyVersion: string;
  wordingHash: string;
  source: ConsentSource;
  locale: string;
  ip: string | null;
  userAgent: string | null;
}

export interface NewConsentEvent extends ConsentEvidence {
  subjectId: number | null;
  visitorId?: string | null;
  purpose: string;
  event: ConsentEventKind;
}

export interface ConsentStateRow {
  purpose: string;
  granted: boolean;
  policyVersion: string;
  source: ConsentSource;
  updatedAt: Date;
}

/**
 * The consent ledger (append-only `consent_events`) and the current answer per subject and
 * purpose (`consents`), derived from it in the same transaction. The only code that records
 * consent. The rows move and go with the person's record (subjects/repository.ts `merge` and
 * `forget`, for erasure and retention alike), an erasing browser's answers with it (rights/erase.ts),
 * and old cookie answers by retention (retention/module-rules.ts).
 */
export function consentLedger(tables: TableNames) {
  return {
    /** Appends one event and returns its id and receipt id. Never updates an earlier row. */
    async append(db: Knex.Transaction, event: NewConsentEvent, at: Date): Promise<{ id: number; receiptId: string }> {
      const row = eventRow(event, at);
      // One round trip: both mysql2 and better-sqlite3 give back the new row's id.
      const [id] = await db(tables.consentEvents).insert(row);
      return { id: Number(id), receiptId: row.receipt_id };
    },

    /** Appends several events in one statement and returns their receipt ids, in order. */
    async appendAll(db: Knex.Transaction, events: NewConsentEvent[], at: Date): Promise<string[]> {
      const rows = events.map((event) => eventRow(event, at));
      if (rows.length > 0) await db(tables.consentEvents).insert(rows);
      return rows.map((row) => row.receipt_id);
    },

    /**
     * Derives the current answers from the events with these receipt ids, in one statement: a
     * grant replaces the state; a box left unticked sets it only where none exists yet, so it
     * never undoes an earlier yes.
     */
    async settle(db: Knex.Transaction, receiptIds: string[]): Promise<void> {
      if (receiptIds.length === 0) return;
      const columns = ['subject_id', 'purpose', 'granted', 'policy_version', 'source', 'event_id', 'updated_at'];
      const replaced = ['granted', 'policy_version', 'source', 'event_id', 'updated_at'];
      const select = `select e.subject_id, e.purpose, e.granted, e.policy_version, e.source, e.id, e.created_at from ?? as e where e.receipt_id in (${receiptIds.map(() => '?').join(', ')})`;
      const mysql = isMysql(db as Knex);
      // The event table has the same column names: the state's own are qualified.
      const onConflict = mysql
        ? `on duplicate key update ${replaced.map((c) => `${c} = if(values(granted), values(${c}), ??.${c})`).join(', ')}`
        : `on conflict (subject_id, purpose) do update set ${replaced.map((c) => `${c} = excluded.${c}`).join(', ')} where excluded.granted`;
      const stateTable = mysql ? replaced.map(() => tables.consents) : [];
      await db.raw(`insert into ?? (${columns.join(', ')}) ${select} ${onConflict}`, [tables.consents, tables.consentEvents, ...receiptIds, ...stateTable]);
    },

    /** Sets the current answer for a subject and purpose to the event just appended. */
    async setState(
      db: Knex.Transaction,
      subjectId: number,
      purpose: string,
      granted: boolean,
      eventId: number,
      evidence: ConsentEvidence,
      at: Date,
    ): Promise<void> {
      await db(tables.consents)
        .insert({ subject_id: subjectId, purpose, granted, policy_version: evidence.policyVersion, source: evidence.source, event_id: eventId, updated_at: at })
        .onConflict(['subject_id', 'purpose'])
        .merge(['granted', 'policy_version', 'source', 'event_id', 'updated_at']);
    },

    async state(db: Knex | Knex.Transaction, subjectId: number): Promise<ConsentStateRow[]> {
      const rows = await db(tables.consents)
        .where({ subject_id: subjectId })
        .orderBy('purpose')
        .select('purpose', 'granted', 'policy_version', 'source', 'updated_at');
      return rows.map((row) => ({
        purpose: row.purpose,
        granted: Boolean(row.granted),
        policyVersion: row.policy_version,
        source: row.source,
        updatedAt: new Date(row.updated_at),
      }));
    },

    async events(db: Knex | Knex.Transaction, subjectId: number) {
      return db(tables.consentEvents).where({ subject_id: subjectId }).orderBy('id').select();
    },

    /**
     * A subject's events oldest first, a page at a time by id (the keyset, served by the
     * (subject_id, id) index), so a history of any length is written out without sitting in memory whole.
     */
    async *historyPages(db: Knex, subjectId: number, pageSize = historyPage): AsyncGenerator<Record<string, unknown>[]> {
      for (let after = 0; ;) {
        const page: Record<string, unknown>[] = await db(tables.consentEvents)
          .where({ subject_id: subjectId })
          .where('id', '>', after)
          .orderBy('id')
          .limit(pageSize)
          .select();
        const last = page.at(-1);
        if (last) yield page;
        if (page.length < pageSize || !last) return;
        after = Number(last.id);
      }
    },
  };
}

export type ConsentLedger = ReturnType<typeof consentLedger>;

function eventRow(event: NewConsentEvent, at: Date) {
  return {
    receipt_id: randomUUID(),
    subject_id: event.subjectId,
    visitor_id: event.visitorId ?? null,
    purpose: event.purpose,
    event: event.event,
    granted: event.event === 'granted' || event.event === 'acknowledged',
    policy_version: event.policyVersion,
    wording_hash: event.wordingHash,
    source: event.source,
    locale: event.locale,
    ip: event.ip,
    user_agent: event.userAgent?.slice(0, 512) ?? null,
    created_at: at,
  };
}

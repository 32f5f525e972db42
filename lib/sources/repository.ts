import type { Knex } from 'knex';
import { isMysql } from '../store/database.js';
import { emailForms } from '../subjects/email.js';
import type { ChildTable, SubjectKey, TableSource } from '../options/sources.js';
import { linkedRows } from './links.js';

/** Who the data is about, as every source sees it: declared with the sources' options, which custom sources receive. */
export type { SubjectKey } from '../options/sources.js';

export type Row = Record<string, unknown>;

const pageSize = 500;

/**
 * The shop's own tables: how a subject's rows are found (`matching`) and read, a page at a time
 * ordered by key so a subject with thousands of orders is exported with flat memory; and the only
 * code that deletes or anonymises their rows (`remove`, `anonymise`, `unlinkCustomers`), so what
 * erasure and retention do to a row is one edit. Which rows they act on, each selects itself
 * (rights/erase.ts, retention/source-rule.ts, retention/former-subjects.ts).
 */
export function sourceRepository(db: Knex) {
  const mysql = isMysql(db);

  /** Rows of the source that are the subject's: by customer id, or by e-mail (case-insensitive) once the address is proven theirs. */
  function matching(q: Knex.QueryBuilder, source: TableSource, subject: SubjectKey): Knex.QueryBuilder {
    return q.where((where) => {
      // A clause that matches nothing, so a subject with neither finds no row rather than all.
      where.whereRaw('1 = 0');
      if (source.match.email && subject.emailVerified) {
        // The address as normalised and with its domain in Unicode, compared exactly once lower-cased.
        // MySQL's collations ignore accents as well as case ("ánna" = "anna"): the plain comparison
        // keeps the index, the byte-wise one decides. SQLite compares bytes, through lower() (ASCII only).
        const column = source.match.email;
        const forms = emailForms(subject.email);
        const exact = `lower(??) in (${forms.map(() => (mysql ? '? collate utf8mb4_bin' : '?')).join(', ')})`;
        if (mysql) where.orWhere((q) => q.whereIn(column, forms).whereRaw(exact, [column, ...forms]));
        else where.orWhereRaw(exact, [column, ...forms]);
      }
      if (source.match.customerId && subject.customerId !== null) where.orWhere(source.match.customerId, subject.customerId);
    });
  }

  const links = linkedRows(matching);

  return {
    matching,
    links,

    /**
     * SQLite's lower() folds ASCII only, so a row whose address has capitals outside ASCII
     * ("ĀDAMS@…") is never found by its owner. How many such rows each source holds (at most
     * 1,000 looked at a source): for a warning at start-up. MySQL folds every letter.
     */
    async unmatchableAddresses(sources: TableSource[]): Promise<{ source: string; rows: number }[]> {
      if (mysql) return [];
      const found = [];
      for (const source of sources) {
        const column = source.match.email;
        if (!column) continue;
        const values: unknown[] = await db(source.table).whereRaw("?? glob '*[^ -~]*'", [column]).limit(1000).pluck(column);
        const rows = values.filter((v) => typeof v === 'string' && v.replace(/[A-Z]/g, (c) => c.toLowerCase()) !== v.toLowerCase()).length;
        if (rows > 0) found.push({ source: source.id, rows });
      }
      return found;
    },

    /** Whether any source holds a row for this address: who may be sent a verification link. */
    async holdsAnything(sources: TableSource[], email: string): Promise<boolean> {
      for (const source of sources.filter((s) => s.match.email)) {
        if (await matching(db(source.table).select(source.key), source, { id: null, email, customerId: null, emailVerified: true }).first()) return true;
      }
      return false;
    },

    /**
     * Staff look-up by a reference (an order number) and the telephone on that row: the
     * e-mail and customer id the row belongs to. Telephones compare by their digits only.
     */
    async byReference(sources: TableSource[], reference: string, phone: string): Promise<{ email: string | null; customerId: string | null } | null> {
      const digits = (value: unknown) => String(value ?? '').replace(/\D/g, '');
      const wanted = digits(phone);
      if (wanted.length < 6) return null;
      for (const source of sources) {
        const referenceColumn = source.reference;
        if (!referenceColumn) continue;
        const phoneColumn = Object.entries(source.columns).find(([, spec]) => spec.contact === 'phone')?.[0];
        if (!phoneColumn) continue;
        const columns = [phoneColumn, source.match.email, source.match.customerId].filter((c): c is string => Boolean(c));
        // Read out over the telephone, a number is typed in any case: as typed, upper or lower case
        // covers numbers the shop stores in one case, and the index on the column still serves.
        const typed = reference.trim();
        const rows: Row[] = await db(source.table)
          .select(columns)
          .whereIn(referenceColumn, [...new Set([typed, typed.toUpperCase(), typed.toLowerCase()])])
          .limit(20);
        const row = rows.find((r) => digits(r[phoneColumn]).endsWith(wanted.slice(-8)) && wanted.endsWith(digits(r[phoneColumn]).slice(-8)));
        if (row)
          return {
            email: source.match.email ? (row[source.match.email] as string | null) : null,
            customerId: source.match.customerId && row[source.match.customerId] !== null ? String(row[source.match.customerId]) : null,
          };
      }
      return null;
    },

    /** The subject's rows of a source, with each row's children, page by page. */
    async *rows(source: TableSource, subject: SubjectKey, trx: Knex | Knex.Transaction = db): AsyncGenerator<{ row: Row; children: Record<string, Row[]> }> {
      const columns = [...new Set([source.key, ...Object.keys(source.columns), ...Object.keys(source.alsoExport), ...source.links.map((l) => l.column)])];
      let after: unknown = null;
      for (;;) {
        const page: Row[] = await matching(trx(source.table).select(columns), source, subject)
          .modify((q) => void (after !== null && q.where(source.key, '>', after as Knex.Value)))
          .orderBy(source.key)
          .limit(pageSize);
        if (page.length === 0) return;
        const keys = page.map((row) => row[source.key] as Knex.Value);
        const childRows = new Map<string, Map<unknown, Row[]>>();
        for (const child of source.children) {
          const childColumns = [...new Set([...keyOf(child), child.foreignKey, ...Object.keys(child.columns), ...Object.keys(child.alsoExport)])];
          const found: Row[] = await trx(child.table).select(childColumns).whereIn(child.foreignKey, keys).orderBy(orderOf(child));
          const byParent = new Map<unknown, Row[]>();
          for (const row of found) byParent.set(String(row[child.foreignKey]), [...(byParent.get(String(row[child.foreignKey])) ?? []), row]);
          childRows.set(child.id, byParent);
        }
        // A linked row (the address) is shown with each row that points to it, as a child of one.
        const linked = new Map<string, Map<string, Row>>();
        for (const link of source.links) linked.set(link.id, await links.rowsOf(trx, link, page));
        for (const row of page) {
          const children: Record<string, Row[]> = {};
          for (const child of source.children) children[child.id] = childRows.get(child.id)?.get(String(row[source.key])) ?? [];
          for (const link of source.links) {
            const found = linked.get(link.id)?.get(String(row[link.column]));
            children[link.id] = found ? [found] : [];
          }
          yield { row, children };
        }
        if (page.length < pageSize) return;
        after = page[page.length - 1]?.[source.key];
      }
    },

    /**
     * Rows kept, made anonymous: each personal column, the children's too, set to what the source
     * says anonymisation writes, and the row's link to a customer cut. Erasure does this to rows a
     * legal period still keeps, retention to rows whose period has run: one rule for both.
     * A kept row's links (its address) are cut too, and a linked row nobody points to any more
     * goes: `all` are the sources whose links may still hold it. `linked`: how many went, per link.
     */
    async anonymise(trx: Knex.Transaction, source: TableSource, keys: Knex.Value[], all: TableSource[]): Promise<Outcome> {
      if (keys.length === 0) return { rows: 0, linked: {} };
      const held = await links.held(trx, source, keys);
      const blank = blankOf(source.columns);
      // An accounts table's key is the customer id other rows point to: the key stays.
      if (source.match.customerId && source.match.customerId !== source.key) blank[source.match.customerId] = null;
      for (const link of source.links) blank[link.column] = null;
      for (const child of source.children) {
        const childBlank = blankOf(child.columns);
        if (Object.keys(childBlank).length > 0) await trx(child.table).whereIn(child.foreignKey, keys).update(childBlank);
      }
      const rows = await trx(source.table).whereIn(source.key, keys).update(blank);
      return { rows, linked: await links.dropUnheld(trx, held, all) };
    },

    /** Rows deleted with their children and the linked rows nobody else points to, for erasure and retention alike. */
    async remove(trx: Knex.Transaction, source: TableSource, keys: Knex.Value[], all: TableSource[]): Promise<Outcome> {
      if (keys.length === 0) return { rows: 0, linked: {} };
      const held = await links.held(trx, source, keys);
      for (const child of source.children) await trx(child.table).whereIn(child.foreignKey, keys).delete();
      const rows = await trx(source.table).whereIn(source.key, keys).delete();
      return { rows, linked: await links.dropUnheld(trx, held, all) };
    },

    /** Rows of other sources that point to these customers (orders kept under the accounting law) lose the link. */
    async unlinkCustomers(trx: Knex.Transaction, dependents: TableSource[], customerIds: Knex.Value[]): Promise<void> {
      for (const other of dependents) {
        const column = other.match.customerId;
        if (column && customerIds.length > 0)
          await trx(other.table)
            .whereIn(column, customerIds)
            .update({ [column]: null });
      }
    },
  };
}

/** What erasing or expiring rows did: the source's own rows, and the linked rows that went with them, per link id. */
export interface Outcome {
  rows: number;
  linked: Record<string, number>;
}

/** A child's own key columns, if it names them. */
const keyOf = (child: ChildTable): string[] => (child.key === undefined ? [] : [child.key].flat());

/** How a row's children are listed: by their key, or, found by the parent's key alone, by what is shown of them. */
const orderOf = (child: ChildTable): string[] => {
  const key = keyOf(child);
  return key.length > 0 ? key : [child.foreignKey, ...Object.keys(child.alsoExport), ...Object.keys(child.columns)];
};

/** What anonymisation writes into each personal column. */
function blankOf(columns: TableSource['columns']): Record<string, string | null> {
  return Object.fromEntries(Object.entries(columns).map(([column, spec]) => [column, spec.anonymisedValue]));
}

export type SourceRepository = ReturnType<typeof sourceRepository>;

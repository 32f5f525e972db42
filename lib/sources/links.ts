import type { Knex } from 'knex';
import type { LinkedRow, SubjectKey, TableSource } from '../options/sources.js';

type Row = Record<string, unknown>;

/** The linked rows a source's rows point to, link by link: read before those rows go or lose their link. */
export type HeldLinks = Map<LinkedRow, Knex.Value[]>;

/**
 * Rows reached through a link held elsewhere (users.address_id → address.id). Such a row has no
 * subject of its own: it is a person's while their rows point to it, and shared once another
 * person's row does. So it is corrected only while no other person's row points to it, and
 * deleted once no row of any declared source points to it: never while someone still needs it.
 */
export function linkedRows(matching: (q: Knex.QueryBuilder, source: TableSource, subject: SubjectKey) => Knex.QueryBuilder) {
  /** Every declared link into the same table: who else may point to a row. */
  const pointersTo = (all: TableSource[], link: LinkedRow) =>
    all.flatMap((source) => source.links.filter((l) => l.table === link.table && l.key === link.key).map((l) => ({ source, column: l.column })));

  /** Of `candidates`, those a row of `all` points to; rows of `except` (by source id, key column subquery) are not counted. */
  async function pointedTo(
    trx: Knex | Knex.Transaction,
    link: LinkedRow,
    candidates: Knex.Value[],
    all: TableSource[],
    except?: (source: TableSource) => Knex.QueryBuilder,
  ): Promise<Set<string>> {
    const held = new Set<string>();
    for (const { source, column } of pointersTo(all, link)) {
      const q = trx(source.table).whereIn(column, candidates).distinct(column);
      if (except) q.whereNotIn(source.key, except(source));
      for (const value of (await q.pluck(column)) as unknown[]) held.add(String(value));
    }
    return held;
  }

  return {
    /** What these rows of `source` point to now, per link. */
    async held(trx: Knex | Knex.Transaction, source: TableSource, keys: Knex.Value[]): Promise<HeldLinks> {
      const held: HeldLinks = new Map();
      for (const link of source.links) {
        const values = (await trx(source.table).whereIn(source.key, keys).whereNotNull(link.column).distinct(link.column).pluck(link.column)) as Knex.Value[];
        held.set(link, values);
      }
      return held;
    },

    /** Deletes the linked rows of `held` no row of any source points to any more; how many went, per link id. */
    async dropUnheld(trx: Knex.Transaction, held: HeldLinks, all: TableSource[]): Promise<Record<string, number>> {
      const dropped: Record<string, number> = {};
      for (const [link, candidates] of held) {
        dropped[link.id] = 0;
        if (candidates.length === 0) continue;
        const still = await pointedTo(trx, link, candidates, all);
        const free = candidates.filter((value) => !still.has(String(value)));
        if (free.length > 0) dropped[link.id] = await trx(link.table).whereIn(link.key, free).delete();
      }
      return dropped;
    },

    /** The keys of the linked rows the subject's rows of `source` point to that no other person's row points to. */
    async theirsAlone(trx: Knex | Knex.Transaction, source: TableSource, link: LinkedRow, subject: SubjectKey, all: TableSource[]): Promise<Knex.Value[]> {
      const candidates = (await matching(trx(source.table).whereNotNull(link.column).distinct(link.column), source, subject).pluck(
        link.column,
      )) as Knex.Value[];
      if (candidates.length === 0) return [];
      const others = await pointedTo(trx, link, candidates, all, (other) => matching(trx(other.table).select(other.key), other, subject));
      return candidates.filter((value) => !others.has(String(value)));
    },

    /** The linked rows of a page of owner rows, by the link's value as text. */
    async rowsOf(trx: Knex | Knex.Transaction, link: LinkedRow, owners: Row[]): Promise<Map<string, Row>> {
      const values = [...new Set(owners.map((row) => row[link.column]).filter((v) => v !== null && v !== undefined))] as Knex.Value[];
      if (values.length === 0) return new Map();
      const columns = [...new Set([link.key, ...Object.keys(link.columns), ...Object.keys(link.alsoExport)])];
      const found: Row[] = await trx(link.table).select(columns).whereIn(link.key, values);
      return new Map(found.map((row) => [String(row[link.key]), row]));
    },
  };
}

export type LinkedRows = ReturnType<typeof linkedRows>;

import { formatNumber, translate, type MessageKey } from '../i18n/index.js';
import { withLang } from '../http/locale.js';
import type { Locale } from '../options/locales.js';
import type { ListCursor } from '../requests/repository.js';
import { requestTypes, type RequestStatus, type RequestType } from '../requests/types.js';

/** Rows on one page of a staff list: enough to work through, small enough to answer at once. */
export const pageSize = 50;
/** Counted no further: "more than 1,000" tells staff as much as the exact number, at the cost of a page. */
export const countCap = 1000;

/** The states staff can filter by: the open ones of the queue and the closed ones below it (unverified requests are not work yet). */
export const openStates = ['open', 'in_progress'] as const satisfies readonly RequestStatus[];
export const closedStates = ['done', 'refused'] as const satisfies readonly RequestStatus[];
const listedStates: readonly RequestStatus[] = [...openStates, ...closedStates];

export interface ListQuery {
  type: RequestType | undefined;
  state: RequestStatus | undefined;
  after: ListCursor | null;
  closedAfter: ListCursor | null;
  /** What was wrong with the address, shown above the lists; the lists then start from what was valid. */
  problem: MessageKey | null;
}

const one = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A cursor is the date (milliseconds) and id of the last row shown: "1798761600000.42". */
export function encodeCursor(cursor: ListCursor): string {
  return `${cursor.at.getTime()}.${cursor.id}`;
}

export function decodeCursor(text: string): ListCursor | null {
  const match = /^(\d{1,15})\.(\d{1,10})$/.exec(text);
  if (!match) return null;
  const at = Number(match[1]);
  const id = Number(match[2]);
  // Dates JavaScript can hold, ids the requests table can hold.
  if (at > 8.64e15 || id < 1 || id > 2 ** 32) return null;
  return { at: new Date(at), id };
}

/** The queue page's query string, checked against the known types and states; anything else is named, never a 500. */
export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const parsed: ListQuery = { type: undefined, state: undefined, after: null, closedAfter: null, problem: null };
  const type = one(query.type) ?? '';
  const state = one(query.state) ?? '';
  if (type !== '' && (requestTypes as readonly string[]).includes(type)) parsed.type = type as RequestType;
  else if (type !== '' || (query.type !== undefined && typeof query.type !== 'string')) parsed.problem = 'staff.list.badFilter';
  if (state !== '' && listedStates.includes(state as RequestStatus)) parsed.state = state as RequestStatus;
  else if (state !== '' || (query.state !== undefined && typeof query.state !== 'string')) parsed.problem = 'staff.list.badFilter';
  for (const name of ['after', 'closedAfter'] as const) {
    if (query[name] === undefined) continue;
    const cursor = decodeCursor(one(query[name]) ?? '');
    if (cursor) parsed[name] = cursor;
    else parsed.problem ??= 'staff.list.badCursor';
  }
  return parsed;
}

/** Which states each list shows under the filter: a closed state empties the queue's, an open one the closed list's. */
export function statesOf(state: RequestStatus | undefined) {
  const only = (states: readonly RequestStatus[]) => (state === undefined ? states : states.includes(state) ? [state] : null);
  return { open: only(openStates), closed: only(closedStates) };
}

/** A link to the queue page with the same filter and the given cursors, in the staff member's language. */
export function listUrl(
  base: string,
  locale: Locale,
  locales: readonly Locale[],
  query: Pick<ListQuery, 'type' | 'state'>,
  cursors: { after?: ListCursor | null; closedAfter?: ListCursor | null },
): string {
  const params = new URLSearchParams();
  if (query.type) params.set('type', query.type);
  if (query.state) params.set('state', query.state);
  if (cursors.after) params.set('after', encodeCursor(cursors.after));
  if (cursors.closedAfter) params.set('closedAfter', encodeCursor(cursors.closedAfter));
  const search = params.toString();
  return withLang(search ? `${base}?${search}` : base, locale, locales);
}

/** "Number of requests: 734", or "more than 1 000" when the bounded count reached past the cap. */
export function countText(counted: number, locale: Locale): string {
  return counted > countCap
    ? translate(locale, 'staff.list.countMore', { count: formatNumber(countCap, locale) })
    : translate(locale, 'staff.list.count', { count: formatNumber(counted, locale) });
}

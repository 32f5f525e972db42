import type { Purpose } from '../options/schema.js';
import { givenMarker, isTicked } from './fields.js';
import type { ConsentProblem } from './types.js';

/** How one box reads in the form the shop passed: kept as given, ticked, left unticked, or neither. */
export type BoxAnswer = 'given' | 'yes' | 'no' | 'unreadable';

/** What an unticked box may send: nothing, or a plain no. Anything else is not the shopper's answer. */
const unticked = new Set<unknown>([undefined, null, false, '', 'off', 'no', 'false', '0']);

const isForm = (choices: unknown): choices is Record<string, unknown> => typeof choices === 'object' && choices !== null && !Array.isArray(choices);

/** The form's value for a purpose's box: `consent_<purpose>`, or the bare purpose id a shop's own code may use. */
const valueOf = (choices: Record<string, unknown> | undefined, purpose: string): unknown => choices?.[`consent_${purpose}`] ?? choices?.[purpose];

/**
 * Reads the boxes offered at a place. In-transaction mode reads as it always has (only an explicit
 * yes counts, anything else is a no, and bad input throws elsewhere so the shop rolls back). After
 * commit the order already stands: a value that is neither a yes nor a no is not recorded as either,
 * but reported, and so is a ticked box of a consent purpose not offered there. Other `consent_…`
 * fields are the shop's own (its terms box): none of the module's business.
 */
export function readBoxes(
  choices: unknown,
  offered: readonly Purpose[],
  consentIds: ReadonlySet<string>,
  strict: boolean,
): { answers: Map<string, BoxAnswer>; problems: ConsentProblem[] } {
  const problems: ConsentProblem[] = [];
  const answers = new Map<string, BoxAnswer>();
  const form = isForm(choices) ? choices : undefined;
  // Not a form at all (a string, a list): no box can be read, so none is recorded as a no either.
  if (!strict && choices !== undefined && choices !== null && !form) return { answers, problems: [{ code: 'consents_unreadable' }] };
  for (const { id } of offered) {
    const value = valueOf(form, id);
    const answer: BoxAnswer = value === givenMarker ? 'given' : isTicked(value) ? 'yes' : strict || unticked.has(value) ? 'no' : 'unreadable';
    answers.set(id, answer);
    if (answer === 'unreadable') problems.push({ code: 'choice_unreadable', field: `consent_${id}` });
  }
  if (!strict && form) {
    const here = new Set(offered.map(({ id }) => id));
    for (const id of consentIds) if (!here.has(id) && isTicked(form[`consent_${id}`])) problems.push({ code: 'purpose_not_offered', field: `consent_${id}` });
  }
  return { answers, problems };
}

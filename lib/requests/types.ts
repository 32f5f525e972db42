/** The rights a shopper can ask for (GDPR Art. 15–21). Portability is the access answer's JSON. */
export const requestTypes = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'withdrawal'] as const;
export type RequestType = (typeof requestTypes)[number];

export const requestStatuses = ['awaiting_verification', 'open', 'in_progress', 'done', 'refused'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** Where a request came from: the account page, a guest's verified e-mail link, or staff on the shopper's behalf. */
export const requestChannels = ['account', 'guest', 'staff'] as const;
export type RequestChannel = (typeof requestChannels)[number];

export interface PrivacyRequest {
  id: number;
  type: RequestType;
  subjectId: number | null;
  /** null once the subject has been erased: the request stays as proof it was answered. */
  email: string | null;
  locale: string;
  status: RequestStatus;
  channel: RequestChannel;
  details: string | null;
  receivedAt: Date;
  verifiedAt: Date | null;
  dueAt: Date;
  extendedAt: Date | null;
  extensionReason: string | null;
  closedAt: Date | null;
  outcome: string | null;
  handledBy: string | null;
}

/** Who did something, for the audit trail and a request's "handled by". */
export interface Actor {
  type: 'shopper' | 'staff' | 'system' | 'visitor';
  id?: string | null;
}

/** What a right exercised through a page carries: who did it, from where, and the request it answers. */
export interface RightContext {
  actor: Actor;
  channel: RequestChannel;
  /** The verified guest request this action answers, if any. */
  requestId?: number | null | undefined;
}

/** One calendar month later, the GDPR Art. 12(3) clock (31 Jan → 28/29 Feb, not 3 Mar). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

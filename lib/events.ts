import { EventEmitter } from 'node:events';
import type { ConsentSource } from './consent/ledger.js';
import type { PrivacyLogger } from './options/schema.js';
import type { RetentionReport } from './retention/report.js';

export interface ConsentChange {
  subjectId: number;
  email: string;
  purpose: string;
  source: ConsentSource;
  at: Date;
}

/** What the module tells the shop, e.g. to update its mailing provider when consent is withdrawn. */
export interface RestrictionChange {
  subjectId: number;
  email: string;
  restricted: boolean;
  at: Date;
  /** Ids of the recipients (options.recipients) this change must be passed on to (Art. 19); also in the audit trail. */
  recipients: string[];
}

export interface ErasureDone {
  email: string;
  customerId: string | null;
  at: Date;
  /** Per source: rows deleted, rows kept anonymised and until when, and why. */
  report: { source: string; label: string; deleted: number; anonymised: number; keptUntil: string | null; reason: string | null }[];
  /** Ids of the recipients (options.recipients) this change must be passed on to (Art. 19); also in the audit trail. */
  recipients: string[];
}

export interface RectificationDone {
  /** null for a shopper the module holds no record of (only the shop's own rows were corrected). */
  subjectId: number | null;
  /** The address after the change. */
  email: string;
  fields: string[];
  at: Date;
  /** Ids of the recipients (options.recipients) this change must be passed on to (Art. 19); also in the audit trail. */
  recipients: string[];
}

export interface PrivacyEvents {
  'consent.granted': [ConsentChange];
  'consent.withdrawn': [ConsentChange];
  /** Processing restricted or the restriction lifted (GDPR Art. 18): the shop must honour it too, and tell recipients (Art. 19). */
  'subject.restricted': [RestrictionChange];
  /** Contact details corrected (GDPR Art. 16): tell your recipients (Art. 19). */
  'subject.rectified': [RectificationDone];
  /** A shopper was erased (GDPR Art. 17): tell your recipients (Art. 19) and end anything else you keep. */
  'subject.erased': [ErasureDone];
  /** A retention run finished (not a dry run): per rule, rows deleted, anonymised and warned. */
  'retention.completed': [RetentionReport];
}

export type PrivacyEventName = keyof PrivacyEvents;

/**
 * The module's events. A listener that throws is reported, never allowed to undo or break
 * the shopper's action, which is committed before anyone is told.
 */
export class PrivacyEmitter {
  readonly #emitter = new EventEmitter();

  constructor(readonly logger: PrivacyLogger) {}

  on<E extends PrivacyEventName>(event: E, listener: (...args: PrivacyEvents[E]) => void | Promise<void>): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<E extends PrivacyEventName>(event: E, listener: (...args: PrivacyEvents[E]) => void | Promise<void>): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  emit<E extends PrivacyEventName>(event: E, ...args: PrivacyEvents[E]): void {
    for (const listener of this.#emitter.listeners(event)) {
      try {
        const result = (listener as (...a: PrivacyEvents[E]) => unknown)(...args);
        if (result instanceof Promise) result.catch((err: unknown) => reportListenerError(this.logger, event, err));
      } catch (err) {
        reportListenerError(this.logger, event, err);
      }
    }
  }
}

function reportListenerError(logger: PrivacyLogger, event: string, err: unknown): void {
  logger.error(
    `[express-shop-privacy] a listener of "${event}" failed: ${(err as Error)?.name ?? 'Error'}\n${String((err as Error)?.stack ?? '')
      .split('\n')
      .slice(1, 4)
      .join('\n')}`,
  );
}

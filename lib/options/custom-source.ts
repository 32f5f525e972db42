/**
 * The contract a custom data source implements: personal data kept outside the shop's database
 * (a mailing provider, CCTV footage), reached through the shop's own functions instead of SQL.
 * Declared here, beside the option schema that checks it, so a shop's source is typed without casts.
 */
import type { Knex } from 'knex';
import type { Localized } from './locales.js';

/** Who the data is about, as every source sees it. */
export interface SubjectKey {
  /** The module's own record of the person; null when it holds none (a shopper it never met). */
  id: number | null;
  email: string;
  customerId: string | null;
  /**
   * Whether the address is proven to be this person's (the shop verified it, or a link the module
   * mailed to it was followed). Rows found by the address alone belong to them only then; a custom
   * source must match by `customerId` alone otherwise.
   */
  emailVerified: boolean;
}

/** A value in the access answer: shown as it is, and kept as it is in the JSON export. */
export type SourceValue = string | number | boolean | null;

/** The contact details a shopper may correct; a personal column says which one it holds. */
export const contactFields = ['email', 'full_name', 'first_name', 'last_name', 'phone', 'address', 'street', 'postcode', 'city', 'country'] as const;
export type ContactField = (typeof contactFields)[number];

/** Runs inside the module's transaction: rows the shop writes with `trx` commit or roll back with the right exercised. */
export interface SourceContext {
  trx: Knex.Transaction;
}

/** What an outside store did, for the report: rows deleted and rows kept anonymised. */
export interface SourceCounts {
  deleted?: number;
  anonymised?: number;
}

/** The subject's records in the outside store, one object of values per record (Art. 15). */
export type CustomExport = (subject: SubjectKey) => Promise<Record<string, SourceValue>[]> | Record<string, SourceValue>[];

/** Corrects the contact details in the outside store (Art. 16); `changes` holds only the corrected fields. */
export type CustomRectify = (subject: SubjectKey, changes: Partial<Record<ContactField, string>>, context: SourceContext) => Promise<void> | void;

/** Erases the subject in the outside store (Art. 17); not called by a preview, since an outside store cannot roll back. */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- the shop's function may return nothing
export type CustomErase = (subject: SubjectKey, context: SourceContext) => Promise<SourceCounts | void> | SourceCounts | void;

/** The outside store's own retention (footage older than its period), called by every retention run with its clock. */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- the shop's function may return nothing
export type CustomPurge = (context: { now: Date; dryRun: boolean }) => Promise<SourceCounts | void> | SourceCounts | void;

/** A custom data source as the shop declares it in `dataSources`. */
export interface CustomDataSource {
  /** Lower-case letters, digits and "_", e.g. "cctv". */
  id: string;
  label: Localized;
  /** The ids of the purposes this data serves. */
  purposes: string[];
  /** What a shopper is told about this source in the access answer, e.g. how to obtain footage. */
  description?: Localized;
  export: CustomExport;
  rectify?: CustomRectify;
  erase?: CustomErase;
  purge?: CustomPurge;
}

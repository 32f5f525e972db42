import { z } from 'zod';
import { period } from './period.js';
import { contactFields, type CustomDataSource, type CustomErase, type CustomExport, type CustomPurge, type CustomRectify } from './custom-source.js';

export {
  contactFields,
  type ContactField,
  type CustomDataSource,
  type CustomErase,
  type CustomExport,
  type CustomPurge,
  type CustomRectify,
  type SourceValue,
  type SubjectKey,
} from './custom-source.js';

const text = z.string().trim().min(1, { error: 'expected a non-empty text' });
export const localizedText = z.strictObject({ lv: text.optional(), en: text.optional() });
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'expected a table or column name (letters, digits, "_")' });
const id = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, { error: 'expected an id of lower-case letters, digits and "_", e.g. "orders"' });

/**
 * How a value is shown: as it is, a calendar date, a date and time, an amount in the minor units
 * of `options.currency` (cents of the euro), a number, or yes/no; the JSON export keeps dates as
 * ISO text, numbers as numbers and yes/no as true/false.
 */
export const valueFormats = ['text', 'date', 'datetime', 'cents', 'number', 'boolean'] as const;
export type ValueFormat = (typeof valueFormats)[number];
const valueFormat = z.enum(valueFormats).optional();

/** A column shown in the answer though not personal (order number, date, amount): its label per language, and its format. */
const exportedColumn = localizedText.extend({ as: valueFormat });

/** A column of the shop's table that holds personal data. */
const personalColumn = z.strictObject({
  label: localizedText,
  /** The contact detail this column holds, so rectification knows where to write. */
  contact: z.enum(contactFields).optional(),
  /** What anonymisation writes instead (null unless the column is NOT NULL). */
  anonymisedValue: z.union([z.string(), z.null()]).default(null),
  as: valueFormat,
});

const eraseRule = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('delete') }),
    z.strictObject({
      action: z.literal('anonymise'),
      /** The law keeps the rest of the row this long, counted from this column (e.g. orders: 5 years from created_at). */
      keepFor: z.strictObject({ years: z.number().int().min(1).max(50), from: identifier }),
      /** Why the row is kept, in each language (e.g. Accounting Law §28). */
      reason: localizedText,
    }),
  ],
  { error: 'expected erase: { action: "delete" } or { action: "anonymise", keepFor: { years, from }, reason }' },
);

/**
 * How long the shop keeps a source's rows and what happens then: a clock column (order
 * date, last login), a period, delete or anonymise, and the legal reason. `warn` e-mails the
 * person that many days before (an inactive account), and the row goes only after that.
 */
const retentionRule = z.strictObject({
  from: identifier,
  /** Used when `from` is empty, e.g. the signup date for an account that never logged in. */
  orFrom: identifier.optional(),
  after: period,
  action: z.enum(['delete', 'anonymise']),
  reason: localizedText,
  warn: z
    .strictObject({
      days: z.number().int().min(1).max(365),
      /** Where the e-mail sends the person to keep their data: a path on the shop ("/login") or an address; default: the shop's front page. */
      link: z
        .union([z.url(), z.string().regex(/^\/(?!\/)/)], {
          error: 'expected the page that keeps the account: a path such as "/login" or an address such as "https://xparts.lv/login"',
        })
        .optional(),
    })
    .optional(),
});

/** Rows that belong to a source's row (e.g. an order's lines), exported and erased with it. */
const childTable = z.strictObject({
  id,
  label: localizedText,
  table: identifier,
  foreignKey: identifier,
  /** The column, or columns ((order_id, line_no)), that order a row's children; unset: found by `foreignKey` alone, ordered by what is exported. */
  key: z.union([identifier, z.array(identifier).min(1)]).optional(),
  columns: z.record(identifier, personalColumn).default({}),
  /** Columns that are not personal but make the export readable (product, quantity, price), with their labels. */
  alsoExport: z.record(identifier, exportedColumn).default({}),
});

/**
 * A row the source's row points to (users.address_id → address.id): the link is held on the
 * source's side, the linked row holds no subject of its own and no date. It is shown with its
 * owner, corrected with it while no other person's row points to it, and deleted once no row of
 * any source points to it any more (sources/links.ts).
 */
const linkedRow = z.strictObject({
  id,
  label: localizedText,
  table: identifier,
  /** The column of the source's table that holds the link. */
  column: identifier,
  /** The linked table's key the link points to. */
  key: identifier.default('id'),
  columns: z.record(identifier, personalColumn).refine((c) => Object.keys(c).length > 0, { error: 'expected at least one personal column' }),
  alsoExport: z.record(identifier, exportedColumn).default({}),
});

const tableSourceFields = z.strictObject({
  id,
  label: localizedText,
  purposes: z.array(z.string()).min(1, { error: 'expected the ids of the purposes this data serves' }),
  table: identifier,
  key: identifier.default('id'),
  /** How a row is found for a subject: by its e-mail column, its customer-id column, or both. */
  match: z
    .strictObject({ email: identifier.optional(), customerId: identifier.optional() })
    .refine((m) => m.email || m.customerId, { error: 'expected at least one of email and customerId' }),
  columns: z.record(identifier, personalColumn).refine((c) => Object.keys(c).length > 0, { error: 'expected at least one personal column' }),
  /** Columns that are not personal but belong in the answer (order number, date, amount), with their labels. */
  alsoExport: z.record(identifier, exportedColumn).default({}),
  /** A column staff may find a shopper by, together with the telephone (e.g. the order number). */
  reference: identifier.optional(),
  erase: eraseRule,
  /**
   * Retention: a rule, or `false` when rows are kept until the person acts (a mailing list
   * until withdrawal). Unset on a source erased by anonymising: anonymised when `keepFor` ends.
   */
  retention: z.union([retentionRule, z.literal(false)]).optional(),
  children: z.array(childTable).default([]),
  /** Rows this source's rows point to (an address), declared from the side that holds the link. */
  links: z.array(linkedRow).default([]),
});

export const tableSource = tableSourceFields.superRefine((source, ctx) => {
  // A row's children and links share one record in the export: each id once.
  const seen = new Set<string>();
  for (const [kind, list] of [
    ['children', source.children],
    ['links', source.links],
  ] as const)
    list.forEach((nested, i) => {
      if (seen.has(nested.id))
        ctx.addIssue({ code: 'custom', path: [kind, i, 'id'], input: nested.id, message: 'expected an id no other child or link of this source uses' });
      seen.add(nested.id);
    });
});

/** A function of the shop's: checked to be one here, its arguments typed by the contract in custom-source.ts. */
const fn = <F>(expected: string) => z.custom<F>((value) => typeof value === 'function', { error: `expected a function ${expected}` });

/** Personal data kept outside the shop's database (a mailing provider, CCTV footage): functions instead of SQL. */
export const customSource = z.strictObject({
  id,
  label: localizedText,
  purposes: z.array(z.string()).min(1, { error: 'expected the ids of the purposes this data serves' }),
  /** What a shopper is told about this source in the access answer, e.g. how to obtain footage. */
  description: localizedText.optional(),
  export: fn<CustomExport>('(subject) => records'),
  rectify: fn<CustomRectify>('(subject, changes, { trx }) => void').optional(),
  erase: fn<CustomErase>('(subject, { trx }) => report').optional(),
  /** Retention in the outside store (footage older than its retention period): called by every retention run. */
  purge: fn<CustomPurge>('({ now, dryRun }) => ({ deleted, anonymised })').optional(),
}) satisfies z.ZodType<CustomDataSource, CustomDataSource>;

export const dataSource = z.union([tableSource, customSource], {
  error: 'expected a table source ({ table, match, columns, erase }) or a custom source ({ export, erase? })',
});

/**
 * Every source. A link's id names its linked rows in the erasure report, so it is no data
 * source's id, and links into the same table share one.
 */
export const dataSourceList = z.array(dataSource).superRefine((sources, ctx) => {
  const sourceIds = new Set(sources.map((s) => s.id));
  const linkIds = new Map<string, string>();
  sources.forEach((source, i) => {
    if (!('table' in source)) return;
    source.links.forEach((link, j) => {
      const path = [i, 'links', j, 'id'];
      if (sourceIds.has(link.id)) ctx.addIssue({ code: 'custom', path, input: link.id, message: `expected an id no data source uses ("${link.id}" is one)` });
      const table = linkIds.get(link.id);
      if (table !== undefined && table !== `${link.table}.${link.key}`)
        ctx.addIssue({ code: 'custom', path, input: link.id, message: `expected another id: "${link.id}" already links to ${table}` });
      const other = [...linkIds].find(([id, t]) => t === `${link.table}.${link.key}` && id !== link.id);
      if (other) ctx.addIssue({ code: 'custom', path, input: link.id, message: `expected "${other[0]}": links into ${link.table} share one id` });
      linkIds.set(link.id, `${link.table}.${link.key}`);
    });
  });
});

export type TableSource = z.output<typeof tableSource>;
export type SourceRetention = z.output<typeof retentionRule>;
export type LinkedRow = z.output<typeof linkedRow>;
export type ChildTable = z.output<typeof childTable>;
/** A custom source once validated: the shop's own declaration, unchanged (the schema fills no defaults). */
export type CustomSourceOptions = CustomDataSource;
/** A table source as the shop declares it (defaults not yet filled in). */
export type TableSourceInput = z.input<typeof tableSource>;
/** One entry of `dataSources`: a table of the shop's database, or a custom source of its own functions. */
export type DataSourceInput = TableSourceInput | CustomDataSource;

import { layout } from './lv/layout.js';
import { errors } from './lv/errors.js';
import { policy } from './lv/policy.js';
import { consent } from './lv/consent.js';
import { cookies } from './lv/cookies.js';
import { account } from './lv/account.js';
import { requests } from './lv/requests.js';
import { mail } from './lv/mail.js';
import { staff } from './lv/staff.js';
import { retention } from './lv/retention.js';
import { cli } from './lv/cli.js';

/**
 * Every text the module shows, in Latvian: the shop's own language and the reference catalogue.
 * Each area's texts live in a file of lv/ (and the same file of en/), found by the key's first word:
 *   layout.ts     layout, page
 *   errors.ts     error, token
 *   policy.ts     legalBasis, policy, own
 *   consent.ts    consent, reconfirm, newsletter
 *   cookies.ts    cookies
 *   account.ts    account, access, erase, rectify
 *   requests.ts   request
 *   mail.ts       mail
 *   staff.ts      staff, records, notice
 *   retention.ts  retention
 *   cli.ts        cli, audit
 * A key belongs to one file only (test/translations.test.ts checks it: a spread would hide the duplicate).
 */
export const lv = { ...layout, ...errors, ...policy, ...consent, ...cookies, ...account, ...requests, ...mail, ...staff, ...retention, ...cli } as const;

export type MessageKey = keyof typeof lv;

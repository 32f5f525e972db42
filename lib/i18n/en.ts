import type { MessageKey } from './lv.js';
import { layout } from './en/layout.js';
import { errors } from './en/errors.js';
import { policy } from './en/policy.js';
import { consent } from './en/consent.js';
import { cookies } from './en/cookies.js';
import { account } from './en/account.js';
import { requests } from './en/requests.js';
import { mail } from './en/mail.js';
import { staff } from './en/staff.js';
import { retention } from './en/retention.js';
import { cli } from './en/cli.js';

/**
 * Every text the module shows, in English, assembled from en/<area>.ts like the Latvian catalogue.
 * Typed against the Latvian catalogue: a missing key does not compile, and each area is typed against its Latvian area.
 */
export const en: Record<MessageKey, string> = {
  ...layout,
  ...errors,
  ...policy,
  ...consent,
  ...cookies,
  ...account,
  ...requests,
  ...mail,
  ...staff,
  ...retention,
  ...cli,
};

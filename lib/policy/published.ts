import type { Locale } from '../options/locales.js';

/** One language's policy text as it was published: what every consent record points to. */
export interface PublishedPolicy {
  version: string;
  date: string;
  locale: Locale;
  /** The policy text as shown (the HTML of the policy body, without the page around it). */
  text: string;
  /** SHA-256 of `text`, hex: what consent records point to. */
  hash: string;
}

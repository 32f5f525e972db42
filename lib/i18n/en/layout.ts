import type { layout as lv } from '../lv/layout.js';

/**
 * In English: the frame around every page: skip link, footer, language switch, the way back to the shop.
 * Keys `layout.…`, `page.…`; typed against the Latvian part, so a missing or extra key does not compile.
 */
export const layout: Record<keyof typeof lv, string> = {
  'layout.skip': 'Skip to content',
  'layout.policy': 'Privacy policy',
  'layout.back': 'Back',
  'layout.languages': 'Language',
  'layout.controller': '{name}, reg. No. {regNo}',

  'page.home': 'Back to the shop',
};

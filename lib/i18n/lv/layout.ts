/**
 * In Latvian: the frame around every page: skip link, footer, language switch, the way back to the shop.
 * Keys `layout.…`, `page.…`.
 */
export const layout = {
  'layout.skip': 'Pāriet uz saturu',
  'layout.policy': 'Privātuma politika',
  'layout.back': 'Atpakaļ',
  'layout.languages': 'Valoda',
  'layout.controller': '{name}, reģ. Nr. {regNo}',

  'page.home': 'Atgriezties veikalā',
} as const;

import type { ResolvedOptions } from '../options/schema.js';

/** Where the module's pages are, as links on the shop's own site and as absolute links in e-mails. */
export interface ModulePaths {
  /** The mount path without a trailing slash ('' at the root). */
  base: string;
  cookiesPath: string;
  accountPath: string;
  requestPath: string;
  staffPath: string;
  noticePath: string;
  assetsPath: string;
  /** The path the module's own cookies are set for. */
  cookiePath: string;
  /** `https://shop.example/privacy`: for links in e-mails, which open outside the shop's pages. */
  publicBase: string;
  policyUrl(locale: string): string;
}

export function modulePaths(options: ResolvedOptions): ModulePaths {
  const mountPath = options.mountPath.replace(/\/$/, '') || '/';
  const base = mountPath === '/' ? '' : mountPath;
  return {
    base,
    cookiesPath: `${base}/cookies`,
    accountPath: `${base}/account`,
    requestPath: `${base}/request`,
    staffPath: `${base}/staff`,
    noticePath: `${base}/premises-notice`,
    assetsPath: `${base}/assets`,
    cookiePath: base || '/',
    publicBase: `${(options.publicUrl ?? `https://${options.controller.website}`).replace(/\/$/, '')}${base}`,
    policyUrl: (locale) => `${base}/policy${locale === options.defaultLocale ? '' : `?lang=${locale}`}`,
  };
}

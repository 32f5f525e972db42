/**
 * What a shop's own pages must allow, in their Content Security Policy, for what the module puts
 * on them: the cookie banner (its script, its form and the fetch that posts it), the
 * re-confirmation prompt inside it, the consent fields, and the module's stylesheet the shop
 * links from its <head>. In helmet's directive shape (camelCase names, arrays of sources), to
 * merge into the shop's own helmet. None of it needs 'unsafe-inline': the banner has no inline
 * script, style attribute or event handler, and its one script tag carries the page's nonce.
 */
export interface CspDirectives {
  /** For the banner's script, `<mount path>/assets/banner.js`. */
  readonly scriptSrc: readonly string[];
  /** For the module's stylesheet, `<mount path>/assets/privacy.css`. */
  readonly styleSrc: readonly string[];
  /** For the banner's form (`<mount path>/cookies`) and the re-confirmation prompt's (`<mount path>/consents/reconfirm`), and the redirect back. */
  readonly formAction: readonly string[];
  /** For the banner's script, which posts the choice with fetch() to the banner form's address. */
  readonly connectSrc: readonly string[];
}

/**
 * The source that allows a URL: `'self'` for a path on the page's own origin (every URL the
 * module puts on a shop's page is one: the mount path, whatever `publicUrl` says, which only
 * e-mails use), else the URL's origin.
 */
function sourceOf(url: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? "'self'" : new URL(url).origin;
}

const sourcesOf = (urls: readonly string[]): readonly string[] => Object.freeze([...new Set(urls.map(sourceOf))]);

/**
 * `privacy.cspDirectives()`, from the URLs the banner and fragments use on the shop's pages: its
 * script, the stylesheet, the banner's form (which the script also posts with fetch()) and the
 * re-confirmation prompt's. Worked out once, when the module is made: the same frozen object each call.
 */
export function hostCsp(script: string, stylesheet: string, bannerForm: string, reconfirmForm: string): () => CspDirectives {
  const directives: CspDirectives = Object.freeze({
    scriptSrc: sourcesOf([script]),
    styleSrc: sourcesOf([stylesheet]),
    formAction: sourcesOf([bannerForm, reconfirmForm]),
    connectSrc: sourcesOf([bannerForm]),
  });
  return function cspDirectives() {
    return directives;
  };
}

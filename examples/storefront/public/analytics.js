// Stands in for a visitor-statistics tag (the shop's real one would load here). It is only ever
// in the page after the visitor allowed "analytics": the layout wraps it in {{#privacyAllows}}.
document.documentElement.dataset.analytics = 'on';
// Like a real statistics tag, it keeps a random visitor id in a first-party cookie, for 13 months
// (declared in privacy-options.ts; withdrawing the consent removes it).
if (!/(?:^|;\s*)xp_stats=/.test(document.cookie)) {
  const id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  document.cookie = `xp_stats=${id}; Max-Age=${395 * 24 * 3600}; Path=/; SameSite=Lax`;
}

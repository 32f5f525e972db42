// Stands in for a social-network / targeted-advertising tag, rendered only after "marketing" consent.
document.documentElement.dataset.advertising = 'on';
// Like a real advertising tag, it remembers the product group looked at in a first-party cookie,
// for 90 days (declared in privacy-options.ts; withdrawing the consent removes it).
{
  const group = new URLSearchParams(location.search).get('category');
  if (group || !/(?:^|;\s*)xp_ads=/.test(document.cookie)) {
    document.cookie = `xp_ads=${encodeURIComponent(group ?? 'none')}; Max-Age=${90 * 24 * 3600}; Path=/; SameSite=Lax`;
  }
}

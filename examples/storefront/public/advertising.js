// Stands in for a social-network / targeted-advertising tag, rendered only after "marketing" consent.
document.documentElement.dataset.advertising = 'on';

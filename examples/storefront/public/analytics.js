// Stands in for a visitor-statistics tag (the shop's real one would load here). It is only ever
// in the page after the visitor allowed "analytics": the layout wraps it in {{#privacyAllows}}.
document.documentElement.dataset.analytics = 'on';

/**
 * The consent purpose of e-mailed news and offers. Wherever its box is ticked (the newsletter
 * form, checkout, signup) the address confirms it first: consent counts from the click in the
 * e-mail, so nobody can subscribe a stranger by typing their address.
 */
export const newsletterPurpose = 'newsletter';

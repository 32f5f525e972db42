import type { errors as lv } from '../lv/errors.js';

/**
 * In English: the error pages, and what a one-time e-mail link says when it is expired, used, unknown or taken.
 * Keys `error.…`, `token.…`; typed against the Latvian part, so a missing or extra key does not compile.
 */
export const errors: Record<keyof typeof lv, string> = {
  'error.csrf.title': 'This form has expired',
  'error.csrf.text': 'For your security this form can no longer be sent. Please open the page again and retry. Nothing was changed.',
  'error.notFound.title': 'Page not found',
  'error.notFound.text': 'There is no such page, or it is not open to you. Nothing was changed.',
  'error.title': 'Something went wrong',
  'error.text': 'We could not complete your request. Please try again later. If it happens again, quote this reference: {ref}.',
  'error.badRequest.title': 'Invalid request',
  'error.badRequest.text': 'The request could not be processed because it is not in the right form. Nothing was changed.',
  'error.back': 'Back to the privacy policy',

  'token.expired.title': 'This link has expired',
  'token.expired.text': 'This link is too old, and nothing was changed. Please ask for a new one or write to us at {email}.',
  'token.used.title': 'This link has already been used',
  'token.used.text': 'This link has already been used, and nothing was changed.',
  'token.unknown.title': 'This link is not valid',
  'token.unknown.text': 'Please check that you copied the whole link from the e-mail. Nothing was changed.',
  'token.taken.title': 'This address is already in use',
  'token.taken.text': 'This e-mail address belongs to another customer, so nothing was changed. Write to us at {email} and we will help.',
};

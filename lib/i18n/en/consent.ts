import type { consent as lv } from '../lv/consent.js';

/**
 * In English: consent at checkout and signup, asking again after the policy changes, the newsletter confirmation and unsubscribe pages.
 * Keys `consent.…`, `reconfirm.…`, `newsletter.…`; typed against the Latvian part, so a missing or extra key does not compile.
 */
export const consent: Record<keyof typeof lv, string> = {
  'consent.notice': '{controller} processes the personal data you give here for these purposes:',
  'consent.more': 'How we process your data and what your rights are:',
  'consent.policyLink': 'privacy policy',
  'consent.optional': 'Your choice (not required)',
  'consent.subscribe': 'Your consent',
  'consent.given': 'Consent already given.',
  'consent.withdrawThere': 'Withdraw on your privacy page',

  'reconfirm.title': 'Our privacy policy has changed',
  'reconfirm.text': 'Please decide on each consent you gave before. Until you answer, it stays as it was.',
  'reconfirm.changed': 'You agreed to this on {given}, under the privacy policy in force from {policy}. The policy has changed since.',
  'reconfirm.changedVersion': 'You agreed to this on {given}, under version {policy} of the privacy policy. The policy has changed since.',
  'reconfirm.confirm': 'Keep my consent',
  'reconfirm.withdraw': 'Withdraw my consent',
  'reconfirm.save': 'Save my answer',
  'reconfirm.readPolicy': 'Read the new policy',

  'newsletter.confirmed.title': 'Thank you! Your subscription is confirmed',
  'newsletter.confirmed.text': 'We will send news and offers to {email}. You can unsubscribe at any time with the link in every e-mail.',
  'newsletter.unsubscribed.title': 'You are unsubscribed',
  'newsletter.confirm.title': 'Confirm your subscription',
  'newsletter.confirm.text': 'Press the button to confirm that you want news and offers sent to {email}.',
  'newsletter.confirm.submit': 'Confirm subscription',
  'newsletter.unsubscribe.title': 'Unsubscribe from news',
  'newsletter.unsubscribe.text': 'Press the button and we will stop sending news and offers to {email}.',
  'newsletter.unsubscribe.submit': 'Unsubscribe',
  'newsletter.unsubscribed.text':
    'We will not send news and offers to {email} any more. We keep the address only on our suppression list (as a hash) so that it is never added again without you.',
  'newsletter.confirmed.restricted':
    'We have your consent. While the processing of your data is restricted we send no news; we will start when you lift the restriction on your privacy page.',
};

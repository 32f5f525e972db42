import type { requests as lv } from '../lv/requests.js';

/**
 * In English: the request page for shoppers without an account: the rights, the e-mail link, statuses and channels.
 * Keys `request.…`; typed against the Latvian part, so a missing or extra key does not compile.
 */
export const requests: Record<keyof typeof lv, string> = {
  'request.title': 'Your rights over your data',
  'request.intro':
    'If you shopped without an account, you can use all your rights here. Give the e-mail address you used for your orders: we will send a link to it that proves the address is yours.',
  'request.account': "Have an account? Log in: all of this is on your account's privacy page.",
  'request.right': 'What would you like to do?',
  'request.email': 'E-mail address used for your orders',
  'request.submit': 'Send me the link',
  'request.fix': 'Please correct what is marked. Nothing was sent.',
  'request.invalid.type': 'Choose what you would like to do.',
  'request.type.access': 'Access to my data and a copy',
  'request.type.rectification': 'Correction of my data',
  'request.type.erasure': 'Erasure of my data',
  'request.type.restriction': 'Restriction of processing',
  'request.type.objection': 'Objection to processing',
  'request.type.withdrawal': 'Withdrawal of consent',
  'request.hint.access': 'See everything we hold about you and download it as TXT or JSON.',
  'request.hint.rectification': 'Correct your name, telephone, address or e-mail.',
  'request.hint.erasure': 'Erase your data, except what the law obliges us to keep.',
  'request.hint.restriction': 'Pause the use of your data for a while.',
  'request.hint.objection': 'Object to direct marketing or to processing in our legitimate interests.',
  'request.hint.withdrawal': 'Withdraw a consent, for example to our newsletter.',
  'request.status.awaiting_verification': 'Awaiting confirmation',
  'request.status.open': 'Open',
  'request.status.in_progress': 'In progress',
  'request.status.done': 'Done',
  'request.status.refused': 'Refused',
  'request.channel.account': 'Account',
  'request.channel.guest': 'E-mail link',
  'request.channel.staff': 'Staff',
  'request.sent.title': 'Check your e-mail',
  'request.sent.text':
    'We are sending an e-mail to {email}. If we hold data about that address, it carries a link that works for 24 hours and once only; if we hold none, it says so. If nothing arrives within a few minutes, check your spam folder or write to us at {controller}.',
  'request.limited.title': 'Too many requests',
  'request.limited.text': 'For your safety we are not sending more links just now. Please try again later or write to us at {email}. Nothing was changed.',
  'request.verify.title': 'Confirm it is you',
  'request.verify.text': 'Continuing opens the page with your data in this browser for {minutes} minutes.',
  'request.verify.submit': 'Continue',
  'request.ended.title': 'Your data page is closed',
  'request.ended.text': 'To open it again, ask for a new link.',
  'request.forGuests': 'Your rights without an account',
  'request.again': 'Ask for a new link',
};

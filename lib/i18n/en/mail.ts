import type { mail as lv } from '../lv/mail.js';

/**
 * In English: the e-mails to shoppers: footer, newsletter confirmation, erasure report, e-mail change, request verification and answers.
 * Keys `mail.…`; typed against the Latvian part, so a missing or extra key does not compile.
 */
export const mail: Record<keyof typeof lv, string> = {
  'mail.footer': '{name}, reg. No. {regNo}, {address}. {website}, {email}',
  'mail.unsubscribe': 'Don’t want our news and offers? Unsubscribe in one click:',
  'mail.newsletterConfirm.subject': 'Confirm your subscription to {website} news',
  'mail.newsletterConfirm.intro': 'Someone (we hope you) asked for {website} news and offers to be sent to this address.',
  'mail.newsletterConfirm.wording': 'By confirming you agree: “{wording}”',
  'mail.newsletterConfirm.action': 'Confirm my subscription',
  'mail.newsletterConfirm.expiry':
    'The link works for {hours} hours and once only. If you did not ask for this, just ignore this e-mail: without your confirmation we send you nothing.',
  'mail.newsletterAlready.subject': 'You already receive {website} news',
  'mail.newsletterAlready.intro':
    'Someone (we hope you) asked again for {website} news to be sent to this e-mail address. You already receive it, so nothing was changed.',
  'mail.newsletterAlready.leave': 'If you no longer want it, unsubscribe with the link at the end of this e-mail.',
  'mail.erased.subject': 'Your data at {website} has been erased',
  'mail.erased.intro': 'As you asked, on {date} we erased your personal data:',
  'mail.erased.outro':
    'We keep your address only on our suppression list (as a hash) so that nothing is ever sent to it again without you. This is the last e-mail.',
  'mail.emailChange.subject': 'Confirm your new e-mail address at {website}',
  'mail.emailChange.intro': 'Someone (we hope you) asked {website} to use this e-mail address from now on.',
  'mail.emailChange.expiry': 'The link works for 24 hours and once only. If you did not ask for this, ignore this e-mail: nothing will change.',
  'mail.emailChange.action': 'Confirm the new address',
  'mail.request.verify.subject': 'Confirm your request to {website}',
  'mail.request.verify.intro': 'Someone (we hope you) asked {website} for: {type}. Open the link to prove this address is yours and continue.',
  'mail.request.verify.expiry': 'The link works for 24 hours and once only. If you did not ask for this, just ignore this e-mail: nothing will change.',
  'mail.request.verify.action': 'Confirm and continue',
  'mail.request.nothing.subject': 'Your request to {website}',
  'mail.request.nothing.text':
    'Someone (we hope you) asked {website} for: {type}. We hold no personal data about this e-mail address: no orders, no account, no consents, so there is nothing to show, correct or erase.',
  'mail.request.nothing.other':
    'If you shopped with another address, ask again with that one. If you did not ask for this, ignore this e-mail: nothing was changed.',
  'mail.request.done.subject': 'Your request no. {id} is complete',
  'mail.request.done.text': 'Your request ({type}), received on {received}, is complete.',
  'mail.request.note': 'Note: {note}',
  'mail.request.extended.subject': 'Your request no. {id} needs more time',
  'mail.request.extended.text': 'We will complete your request ({type}), received on {received}, by {due}. The reason: {reason}',
  'mail.request.refused.subject': 'Your request no. {id} was refused',
  'mail.request.refused.text': 'We cannot carry out your request ({type}), received on {received}. The reason: {reason}',
  'mail.request.remedies': 'If you disagree, you may complain to the {authority} ({authorityWebsite}) or go to court. Questions are welcome at {email}.',
};

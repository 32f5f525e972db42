import type { retention as lv } from '../lv/retention.js';

/**
 * In English: the retention rules' names and reasons, and the warning e-mail before erasure.
 * Keys `retention.…`; typed against the Latvian part, so a missing or extra key does not compile.
 */
export const retention: Record<keyof typeof lv, string> = {
  'retention.rule.expiredTokens': 'Used and expired e-mail links',
  'retention.rule.expiredTokens.reason': 'The link no longer works; it is kept {period} more to say it was already used or has expired.',
  'retention.rule.unverifiedRequests': 'Unconfirmed requests',
  'retention.rule.unverifiedRequests.reason': 'The request was never confirmed with its e-mail link; it is deleted after {period}.',
  'retention.rule.cookieChoices': 'Cookie choices',
  'retention.rule.cookieChoices.reason':
    'The proof of a choice is needed while it applies; choices older than {period} are deleted unless they prove a current consent.',
  'retention.rule.closedRequests': 'Answered and refused requests',
  'retention.rule.closedRequests.reason': 'Proof that a request was answered is needed in case of a complaint; it is deleted {period} after closing.',
  'retention.rule.rateLimits': 'Request counters',
  'retention.rule.rateLimits.reason': 'A counter is needed only until its window ends.',
  'retention.rule.hookCalls': 'Notes of recorded orders and accounts',
  'retention.rule.hookCalls.reason':
    "The note that an order's or account's consents were recorded is needed only so that a repeated call from the shop does not record them twice; those older than {period} are deleted.",
  'retention.rule.notices': 'Warnings before deletion',
  'retention.rule.notices.reason': 'The record of a warning is needed until the deletion; those {period} past their date are deleted.',
  'retention.rule.sentMail': 'Sent e-mails',
  'retention.rule.sentMail.reason': 'E-mails the module has sent or given up on are kept {period} so staff can see what went out, then deleted.',
  'retention.rule.auditTrail': 'Audit trail entries',
  'retention.rule.auditTrail.reason':
    'Audit entries prove how requests and consents were handled; they are deleted {period} after they were written, oldest first, leaving a signed checkpoint in the chain so it still verifies.',
  'retention.rule.formerSubjects': 'Records of former customers',
  'retention.rule.formerSubjects.reason':
    'Once no data about a person is held, no consent is in force and nothing has been recorded for {period}, their consent history is deleted too; only the hash of the address stays on the suppression list.',
  'retention.mail.subject': '{website}: your data will be deleted on {date}',
  'retention.mail.unused':
    'Your data under “{label}” at {website} have not been used since {since}. As our privacy policy says, we keep them for {period}, so they will be deleted on {date}.',
  'retention.mail.keep': 'To keep them, log in before {date}: the period then starts again. If you do not want to, there is nothing to do.',
  'retention.mail.action': 'Log in',
  'retention.headMail.subject': '{website}: the audit trail’s head after the retention run of {date}',
  'retention.headMail.intro': 'The retention run of {date} has finished. The audit trail’s head is now:',
  'retention.headMail.keep':
    'Keep this value outside the shop’s database (this e-mail already does). “shop-privacy audit verify --expect {head}” checks that no entry up to here has since been deleted or changed.',
};

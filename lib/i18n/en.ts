import type { MessageKey } from './lv.js';

/** Every text the module shows, in English. Typed against the Latvian catalogue: a missing key does not compile. */
export const en: Record<MessageKey, string> = {
  'layout.skip': 'Skip to content',
  'layout.policy': 'Privacy policy',
  'layout.languages': 'Language',
  'layout.controller': '{name}, reg. No. {regNo}',

  'legalBasis.consent': 'Your consent (GDPR Art. 6(1)(a))',
  'legalBasis.contract': 'Concluding and performing the contract (GDPR Art. 6(1)(b))',
  'legalBasis.legal_obligation': 'A legal obligation we are subject to (GDPR Art. 6(1)(c))',
  'legalBasis.vital_interests': 'Your or another person’s vital interests (GDPR Art. 6(1)(d))',
  'legalBasis.public_task': 'A task carried out in the public interest (GDPR Art. 6(1)(e))',
  'legalBasis.legitimate_interests': 'Our legitimate interests (GDPR Art. 6(1)(f))',

  'policy.title': 'Privacy policy',
  'policy.intro':
    'We, {controller}, care about the security and confidentiality of our customers’ data. This privacy policy explains which personal data we process and why, how we use them, and which choices and controls you have.',
  'policy.controller.heading': 'Controller',
  'policy.controller.name': 'Name',
  'policy.controller.regNo': 'Registration number',
  'policy.controller.address': 'Legal address',
  'policy.controller.website': 'Website',
  'policy.controller.email': 'E-mail',
  'policy.controller.phone': 'Telephone',
  'policy.data.heading': 'Which personal data do we process?',
  'policy.data.order':
    'When you place an order you give the data needed to process it: first name, surname, e-mail address, address and telephone number. We do not verify your identity: the e-mail address is used as the order identifier.',
  'policy.data.categories': 'The categories of data processed for each purpose are listed in the next section.',
  'policy.data.source': 'We obtain the data from you, when you order, register or contact us; from cookies, if you agree to them; and from the video cameras on our premises.',
  'policy.use.heading': 'How do we use personal data?',
  'policy.use.intro': 'We use personal data for these purposes:',
  'policy.use.purpose': 'Purpose',
  'policy.use.data': 'Data',
  'policy.use.legalBasis': 'Legal basis',
  'policy.use.retention': 'How long we keep it',
  'policy.use.consent':
    'For purposes based on consent we ask separately, with a box that is not ticked in advance. Consent is never a condition of buying and can be withdrawn at any time as easily as it was given; withdrawal does not affect the lawfulness of earlier processing.',
  'policy.use.decline': 'You may decline to give your personal data, but without them a distance contract cannot be concluded and/or performed.',
  'policy.use.automated': 'We make no decisions based solely on automated processing, including profiling, that would have legal effects on you.',
  'policy.recipients.heading': 'To whom do we pass personal data?',
  'policy.recipients.intro':
    'We use tools and services that make our cooperation easier and our communication faster, so we disclose your personal data to the recipients below. They may be located outside the Republic of Latvia, the European Union or the European Economic Area. We pass your personal data only to recipients that meet the requirements of the General Data Protection Regulation.',
  'policy.recipients.recipient': 'Recipient',
  'policy.recipients.purposes': 'Purposes',
  'policy.recipients.location': 'Location',
  'policy.recipients.safeguard': 'Safeguard for transfers outside the EU/EEA',
  'policy.recipients.noTransfer': 'Data are not transferred outside the EU/EEA.',
  'policy.cookies.heading': 'Cookies and visitor statistics',
  'policy.cookies.text':
    'Cookies needed for the site to work (for the cart and the login session, for example) are always used. The number of visitors and other information tied to a visit (IP address, browser type, pages visited and time of visit) are observed at a general level through statistics cookies, and social-network and targeted-advertising cookies are used, only if you have agreed to them.',
  'policy.security.heading': 'How do we store personal data?',
  'policy.security.text':
    'To protect personal data we take physical, technical and administrative measures, regularly review and improve our security technology, and limit access to your personal data: only employees who need it to provide the service can reach it.',
  'policy.rights.heading': 'How do you get access to your personal data?',
  'policy.rights.intro':
    'We process your personal data, and you have the right to know what we do with them and how, and in some cases to ask us to process less of them. You have the right:',
  'policy.rights.access': 'to access your personal data: receive the personal data we hold and learn the purpose and legal basis of their processing (GDPR Art. 15);',
  'policy.rights.withdraw': 'to withdraw your consent at any time: stop receiving news and reject cookies (GDPR Art. 7(3));',
  'policy.rights.rectify': 'to rectification: change your contact information (GDPR Art. 16);',
  'policy.rights.restrict': 'to restrict processing: ask us not to use certain information about you (GDPR Art. 18);',
  'policy.rights.portability': 'to data portability: receive the information about you that you gave us, in TXT format and in a structured, machine-readable JSON format (GDPR Art. 20);',
  'policy.rights.erase': 'to be forgotten: delete your information from our databases, unless we are obliged to keep it (GDPR Art. 17);',
  'policy.rights.object': 'to object to the processing of your personal data, and to direct marketing at any time (GDPR Art. 21).',
  'policy.rights.how':
    'To use your rights, write to us at {email}. We answer without undue delay and within one month at the latest; for complex requests this may be extended by two further months, and we tell you so, with the reason, within the first month.',
  'policy.authority.heading': 'Supervisory authority',
  'policy.authority.text':
    'Our data-protection work is supervised by the {authority} ({address}, {website}), and you have the right to lodge a complaint with it. Before turning to it for advice or with a complaint, please contact us so that we can resolve any misunderstanding as fast as possible.',
  'policy.orders.heading': 'Orders and consent',
  'policy.orders.text':
    'By creating an order on the {website} website you confirm that you have read this privacy policy. We process order data to conclude and perform the contract and keep accounting records because the law requires it; for news and offers and for targeted advertising we ask for your separate consent. {website} collects, processes, stores, shares, deletes and protects customers’ personal data under the General Data Protection Regulation (EU) 2016/679 and the other laws in force in the Republic of Latvia.',
  'policy.contact': 'If you have questions about the use of your personal data, write to us at {email}.',
  'policy.lastChanged': 'Last changed: {date}',
  'policy.version': 'Policy version: {version}',

  'consent.notice': '{controller} processes the personal data you give here for these purposes:',
  'consent.more': 'How we process your data and what your rights are:',
  'consent.policyLink': 'privacy policy',
  'consent.optional': 'Your choice (not required)',

  'mail.footer': '{name}, reg. No. {regNo}, {address}. {website}, {email}',
  'mail.unsubscribe': 'Don’t want our news and offers? Unsubscribe in one click:',
  'mail.newsletterConfirm.subject': 'Confirm your subscription to {website} news',
  'mail.newsletterConfirm.intro': 'Someone (we hope you) asked for {website} news and offers to be sent to this address.',
  'mail.newsletterConfirm.wording': 'By confirming you agree: “{wording}”',
  'mail.newsletterConfirm.action': 'Confirm my subscription',
  'mail.newsletterConfirm.expiry': 'The link works for {hours} hours and once only. If you did not ask for this, just ignore this e-mail: without your confirmation we send you nothing.',

  'newsletter.confirmed.title': 'Thank you! Your subscription is confirmed',
  'newsletter.confirmed.text': 'We will send news and offers to {email}. You can unsubscribe at any time with the link in every e-mail.',
  'newsletter.unsubscribed.title': 'You are unsubscribed',
  'newsletter.unsubscribed.text': 'We will not send news and offers to {email} any more. We keep the address only on our suppression list (as a hash) so that it is never added again without you.',
  'token.expired.title': 'This link has expired',
  'token.expired.text': 'This link is too old, and nothing was changed. Please ask for a new one or write to us at {email}.',
  'token.used.title': 'This link has already been used',
  'token.used.text': 'This link has already been used, and nothing was changed.',
  'token.unknown.title': 'This link is not valid',
  'token.unknown.text': 'Please check that you copied the whole link from the e-mail. Nothing was changed.',
  'page.home': 'Back to the shop',

  'error.title': 'Something went wrong',
  'error.text': 'We could not complete your request. Please try again later. If it happens again, quote this reference: {ref}.',
  'error.badRequest.title': 'Invalid request',
  'error.badRequest.text': 'The request could not be processed because it is not in the right form. Nothing was changed.',
  'error.back': 'Back to the privacy policy',
};

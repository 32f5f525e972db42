import type { policy as lv } from '../lv/policy.js';

/**
 * In English: the privacy policy page, the legal bases, and the processing the module itself does (consent proof, requests, audit).
 * Keys `legalBasis.…`, `policy.…`, `own.…`; typed against the Latvian part, so a missing or extra key does not compile.
 */
export const policy: Record<keyof typeof lv, string> = {
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
    'We process only the data one of the purposes below needs: what you give us when you order, register or contact us, and what arises as you use our website.',
  'policy.data.categories': 'The categories of data processed for each purpose are listed in the next section.',
  'policy.data.source': 'We obtain the data from you, when you order, register or contact us, and from cookies, if you agree to them.',
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
  'policy.use.premisesNotice': 'The sign on the premises',
  'policy.recipients.heading': 'To whom do we pass personal data?',
  'policy.recipients.intro':
    'We use tools and services that make our cooperation easier and our communication faster, so we disclose your personal data to the recipients below. They may be located in other countries, including outside the European Union and the European Economic Area. We pass your personal data only to recipients that meet the requirements of the General Data Protection Regulation.',
  'policy.recipients.none': 'We do not pass your personal data to other recipients.',
  'policy.recipients.recipient': 'Recipient',
  'policy.recipients.purposes': 'Purposes',
  'policy.recipients.location': 'Location',
  'policy.recipients.safeguard': 'Safeguard for transfers outside the EU/EEA',
  'policy.recipients.noTransfer': 'Data are not transferred outside the EU/EEA.',
  'policy.recipients.provider': 'Company: {provider}',
  'policy.recipients.ask': 'The company and the countries are not named here; to learn them, write to us at {email}.',
  'policy.recipients.askCompany': 'The company is not named here; to learn which it is, write to us at {email}.',
  'policy.recipients.askCountries': 'The countries are not named here; to learn them, write to us at {email}.',
  'policy.recipients.missing.all': 'The company and the countries are not named here.',
  'policy.recipients.missing.company': 'The company is not named here.',
  'policy.recipients.missing.countries': 'The countries are not named here.',
  'policy.recipients.askAndCopy': 'For this, and for a copy of the safeguard, write to us at {email}.',
  'policy.recipients.copyByEmail': 'For a copy of the safeguard, write to us at {email}.',
  'policy.recipients.copyAt': 'A copy of the safeguard: {url}',
  'policy.recipients.copyLink': 'A copy of the safeguard',
  'policy.cookies.heading': 'Cookies and visitor statistics',
  'policy.cookies.text':
    'Cookies needed for the site to work are always used: the site would not work without them, so they need no consent. All other cookies are used only with your consent, which you can change or withdraw at any time in the cookie settings. Each cookie, its purpose, its lifetime, its provider and whether it is a first- or third-party cookie are listed in the tables below.',
  'policy.security.heading': 'How do we store personal data?',
  'policy.security.text':
    'To protect personal data we take physical, technical and administrative measures, regularly review and improve our security technology, and limit access to your personal data: only employees who need it to provide the service can reach it.',
  'policy.rights.heading': 'How do you get access to your personal data?',
  'policy.rights.intro':
    'We process your personal data, and you have the right to know what we do with them and how, and in some cases to ask us to process less of them. You have the right:',
  'policy.rights.access':
    'to access your personal data: receive the personal data we hold and learn the purpose and legal basis of their processing (GDPR Art. 15);',
  'policy.rights.withdraw': 'to withdraw your consent at any time: stop receiving news and reject cookies (GDPR Art. 7(3));',
  'policy.rights.rectify': 'to rectification: change your contact information (GDPR Art. 16);',
  'policy.rights.restrict': 'to restrict processing: ask us not to use certain information about you (GDPR Art. 18);',
  'policy.rights.portability':
    'to data portability: receive the information about you that you gave us, in TXT format and in a structured, machine-readable JSON format (GDPR Art. 20);',
  'policy.rights.erase': 'to be forgotten: delete your information from our databases, unless we are obliged to keep it (GDPR Art. 17);',
  'policy.rights.object': 'to object to the processing of your personal data, and to direct marketing at any time (GDPR Art. 21).',
  'policy.rights.how':
    'To use your rights, write to us at {email}. We answer without undue delay and within one month at the latest; for complex requests this may be extended by two further months, and we tell you so, with the reason, within the first month.',
  'policy.rights.guest':
    'If you ordered without an account, you can also use your rights here: give the e-mail address you ordered with, and we send it a link to a page with your data, where you can download, correct and erase them and withdraw consent.',
  'policy.rights.guestLink': 'Your rights without an account',
  'policy.authority.heading': 'Supervisory authority',
  'policy.authority.text':
    'Our data-protection work is supervised by the {authority} ({address}, {website}), and you have the right to lodge a complaint with it. Before turning to it for advice or with a complaint, please contact us so that we can resolve any misunderstanding as fast as possible.',
  'policy.orders.heading': 'Orders and consent',
  'policy.orders.text':
    'By creating an order on the {website} website you confirm that you have read this privacy policy. We process order data to conclude and perform the contract; for each purpose that needs your consent we ask for it separately, and your order does not depend on it. We process personal data under the General Data Protection Regulation (EU) 2016/679 and the other laws that apply.',
  'policy.contact': 'If you have questions about the use of your personal data, write to us at {email}.',
  'policy.lastChanged': 'Last changed: {date}',
  'policy.version': 'Policy version: {version}',

  'own.consentProof.title': 'Proof of consents and cookie choices',
  'own.consentProof.description':
    'We record every consent given, declined or withdrawn, every cookie choice and every Global Privacy Control (GPC) signal from your browser, so that we can show what you agreed to, when, and which text we showed you.',
  'own.consentProof.legalBasisNote': 'The duty to be able to demonstrate consent (GDPR Art. 7(1)) and accountability (GDPR Art. 5(2)).',
  'own.consentProof.data.subject': 'e-mail address or a random identifier given to the browser',
  'own.consentProof.data.answer': 'the answer, the purpose, a hash of the text shown, the policy version, the time and where the answer was given',
  'own.consentProof.data.ip': 'IP address',
  'own.consentProof.data.userAgent': 'the browser’s identification string (User-Agent)',
  'own.consentProof.retention':
    'Cookie choices and GPC signals: {cookieChoices}, unless they prove a consent still in force. The rest of the consent history: {formerSubjects} after the last entry, once we hold no other data about you and no consent is in force; only a hash of the e-mail address stays on the suppression list, so that we never write to you again.',
  'own.consentProof.subjects.visitors': 'website visitors who make a cookie choice or whose browser sends a GPC signal',
  'own.consentProof.subjects.customers': 'customers and newsletter subscribers who give or withdraw consent',
  'own.requests.title': 'Handling data-subject requests',
  'own.requests.description':
    'Receiving your requests (access, rectification, erasure, restriction, objection), confirming them by an e-mailed link, answering them, and keeping proof that we answered in time.',
  'own.requests.legalBasisNote': 'The duty to answer data-subject requests (GDPR Art. 12) and accountability (GDPR Art. 5(2)).',
  'own.requests.data.email': 'e-mail address',
  'own.requests.data.request': 'the request’s type, content, dates, deadline and answer',
  'own.requests.data.links': 'hashes of single-use e-mailed links',
  'own.requests.data.staff': 'the id of the staff member who handled it',
  'own.requests.retention':
    'Unconfirmed requests: {unverifiedRequests}; answered and refused ones: {closedRequests} after closing, as proof of the answer in case of a complaint; used and expired e-mailed links: {expiredTokens} after they expire. When your data are erased, the requests keep neither your e-mail address nor their content.',
  'own.requests.subjects.people': 'customers and other people who exercise their rights',
  'own.requests.subjects.staff': 'the shop’s staff who handle requests',
  'own.audit.title': 'Security and audit trail',
  'own.audit.description':
    'We record each time a staff member views or changes personal data and each time someone exercises a right, to detect unauthorised access and to be able to show that data are handled lawfully. The entries form a chain in which any change or deletion shows.',
  'own.audit.legalBasisNote':
    'Our legitimate interest in the security of personal data (GDPR Art. 32) and in being able to show that the processing is lawful (GDPR Art. 5(2)).',
  'own.audit.data.action': 'the action and its time',
  'own.audit.data.record': 'the number of the person’s record and customer account (no name, e-mail address or other value)',
  'own.audit.data.staff': 'the staff member’s id',
  'own.audit.retention':
    '{auditTrail} after each entry was written; then entries are deleted, the oldest first, leaving a signed checkpoint so that the chain that reveals tampering stays verifiable. When your data are erased, the entries keep only the numbers, never your e-mail address or other values.',
  'own.audit.subjects.people': 'customers (with or without an account) and visitors whose data are viewed or changed, or who exercise a right',
  'own.audit.subjects.staff': 'the shop’s staff who open personal data',
};

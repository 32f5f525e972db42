/**
 * In Latvian: the e-mails to shoppers: footer, newsletter confirmation, erasure report, e-mail change, request verification and answers.
 * Keys `mail.…`.
 */
export const mail = {
  'mail.footer': '{name}, reģ. Nr. {regNo}, {address}. {website}, {email}',
  'mail.unsubscribe': 'Nevēlaties saņemt mūsu jaunumus un piedāvājumus? Atsakieties ar vienu klikšķi:',
  'mail.newsletterConfirm.subject': 'Apstipriniet {website} jaunumu saņemšanu',
  'mail.newsletterConfirm.intro': 'Kāds (cerams, Jūs) lūdza sūtīt {website} jaunumus un piedāvājumus uz šo e-pasta adresi.',
  'mail.newsletterConfirm.wording': 'Apstiprinot Jūs piekrītat: „{wording}”',
  'mail.newsletterConfirm.action': 'Apstiprināt jaunumu saņemšanu',
  'mail.newsletterConfirm.expiry':
    'Saite ir derīga {hours} stundas un izmantojama vienu reizi. Ja to nepieprasījāt, vienkārši ignorējiet šo vēstuli: bez apstiprinājuma mēs Jums jaunumus nesūtīsim.',
  'mail.newsletterAlready.subject': 'Jūs jau saņemat {website} jaunumus',
  'mail.newsletterAlready.intro':
    'Kāds (cerams, Jūs) vēlreiz lūdza sūtīt {website} jaunumus uz šo e-pasta adresi. Jūs tos jau saņemat, tāpēc nekas netika mainīts.',
  'mail.newsletterAlready.leave': 'Ja tos vairs nevēlaties saņemt, atsakieties ar saiti šīs vēstules beigās.',
  'mail.erased.subject': 'Jūsu dati {website} ir dzēsti',
  'mail.erased.intro': 'Pēc Jūsu lūguma {date} dzēsām Jūsu personas datus:',
  'mail.erased.outro': 'Jūsu adresi paturam tikai atteikumu sarakstā (jaucējvērtības veidā), lai bez Jūsu ziņas tai vairs neko nesūtītu. Šī ir pēdējā vēstule.',
  'mail.emailChange.subject': 'Apstipriniet jauno e-pasta adresi {website}',
  'mail.emailChange.intro': 'Kāds (cerams, Jūs) lūdza {website} turpmāk izmantot šo e-pasta adresi.',
  'mail.emailChange.expiry': 'Saite ir derīga 24 stundas un izmantojama vienu reizi. Ja to nepieprasījāt, ignorējiet šo vēstuli: nekas netiks mainīts.',
  'mail.emailChange.action': 'Apstiprināt jauno adresi',
  'mail.request.verify.subject': 'Apstipriniet savu pieprasījumu {website}',
  'mail.request.verify.intro': 'Kāds (cerams, Jūs) {website} lapā pieprasīja: {type}. Atveriet saiti, lai apliecinātu, ka šī adrese pieder Jums, un turpinātu.',
  'mail.request.verify.expiry': 'Saite ir derīga 24 stundas un izmantojama vienu reizi. Ja to nepieprasījāt, ignorējiet šo vēstuli: nekas netiks mainīts.',
  'mail.request.verify.action': 'Apstiprināt un turpināt',
  'mail.request.nothing.subject': 'Jūsu pieprasījums {website}',
  'mail.request.nothing.text':
    'Kāds (cerams, Jūs) {website} lapā pieprasīja: {type}. Par šo e-pasta adresi mums nav nekādu personas datu: nav ne pasūtījumu, ne konta, ne piekrišanu, tāpēc nav ko parādīt, labot vai dzēst.',
  'mail.request.nothing.other':
    'Ja pirkumus veicāt ar citu adresi, pieprasiet vēlreiz ar to. Ja to nepieprasījāt, ignorējiet šo vēstuli: nekas netika mainīts.',
  'mail.request.done.subject': 'Jūsu pieprasījums Nr. {id} ir izpildīts',
  'mail.request.done.text': 'Jūsu pieprasījums ({type}), saņemts {received}, ir izpildīts.',
  'mail.request.note': 'Piezīme: {note}',
  'mail.request.extended.subject': 'Jūsu pieprasījumam Nr. {id} vajag vairāk laika',
  'mail.request.extended.text': 'Jūsu pieprasījumu ({type}), saņemtu {received}, izpildīsim līdz {due}. Iemesls: {reason}',
  'mail.request.refused.subject': 'Jūsu pieprasījums Nr. {id} ir noraidīts',
  'mail.request.refused.text': 'Mēs nevaram izpildīt Jūsu pieprasījumu ({type}), saņemtu {received}. Iemesls: {reason}',
  'mail.request.remedies':
    'Ja tam nepiekrītat, varat iesniegt sūdzību uzraudzības iestādē ({authority}, {authorityWebsite}) vai vērsties tiesā. Jautājumus rakstiet mums uz {email}.',
} as const;

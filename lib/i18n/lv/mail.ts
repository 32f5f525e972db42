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

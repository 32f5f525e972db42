/** Every text the module shows, in Latvian: the shop's own language and the reference catalogue. */
export const lv = {
  'layout.skip': 'Pāriet uz saturu',
  'layout.policy': 'Privātuma politika',
  'layout.languages': 'Valoda',
  'layout.controller': '{name}, reģ. Nr. {regNo}',

  'legalBasis.consent': 'Jūsu piekrišana (VDAR 6. panta 1. punkta a) apakšpunkts)',
  'legalBasis.contract': 'Līguma noslēgšana un izpilde (VDAR 6. panta 1. punkta b) apakšpunkts)',
  'legalBasis.legal_obligation': 'Mums piemērojams juridisks pienākums (VDAR 6. panta 1. punkta c) apakšpunkts)',
  'legalBasis.vital_interests': 'Jūsu vai citas personas vitālās intereses (VDAR 6. panta 1. punkta d) apakšpunkts)',
  'legalBasis.public_task': 'Sabiedrības interesēs veicams uzdevums (VDAR 6. panta 1. punkta e) apakšpunkts)',
  'legalBasis.legitimate_interests': 'Mūsu leģitīmās intereses (VDAR 6. panta 1. punkta f) apakšpunkts)',

  'policy.title': 'Privātuma politika',
  'policy.intro':
    'Mēs, {controller}, rūpējamies par savu klientu datu drošību un konfidencialitāti. Šī privātuma politika izskaidro, kādus personas datus mēs apstrādājam un kāpēc, kā mēs tos izmantojam un kādas izvēles un kontroles iespējas ir Jūsu rīcībā.',
  'policy.controller.heading': 'Personas datu apstrādes pārzinis',
  'policy.controller.name': 'Nosaukums',
  'policy.controller.regNo': 'Reģistrācijas numurs',
  'policy.controller.address': 'Juridiskā adrese',
  'policy.controller.website': 'Mājaslapa',
  'policy.controller.email': 'E-pasts',
  'policy.controller.phone': 'Tālrunis',
  'policy.data.heading': 'Kādus personas datus mēs apstrādājam?',
  'policy.data.order':
    'Veicot pasūtījumu, Jūs sniedzat datus, kas nepieciešami tā apstrādei: vārdu, uzvārdu, e-pasta adresi, adresi un tālruņa numuru. Mēs nepārbaudām personas identitāti: par pasūtījuma identifikatoru izmantojam e-pasta adresi.',
  'policy.data.categories': 'Katram mērķim apstrādājamo datu kategorijas ir norādītas nākamajā sadaļā.',
  'policy.data.source': 'Datus iegūstam no Jums pašiem, kad veicat pasūtījumu, reģistrējaties vai sazināties ar mums, kā arī no sīkdatnēm, ja tām piekrītat, un no videonovērošanas kamerām mūsu telpās.',
  'policy.use.heading': 'Kā mēs izmantojam personas datus?',
  'policy.use.intro': 'Personas datus izmantojam šādiem mērķiem:',
  'policy.use.purpose': 'Mērķis',
  'policy.use.data': 'Dati',
  'policy.use.legalBasis': 'Tiesiskais pamats',
  'policy.use.retention': 'Glabāšanas termiņš',
  'policy.use.consent':
    'Mērķiem, kuru pamats ir piekrišana, to lūdzam atsevišķi, ar iepriekš neatzīmētu izvēles rūtiņu. Piekrišana nav pirkuma priekšnoteikums, un to var jebkurā laikā atsaukt tikpat viegli, kā sniegt; atsaukums neietekmē iepriekšējās apstrādes likumību.',
  'policy.use.decline': 'Jūs varat nesniegt savus personas datus, tomēr bez tiem nebūs iespējams noslēgt un/vai izpildīt distances līgumu.',
  'policy.use.automated': 'Mēs nepieņemam lēmumus, kas balstīti tikai uz automatizētu apstrādi, tostarp profilēšanu, un kas Jums radītu tiesiskas sekas.',
  'policy.recipients.heading': 'Kam mēs nododam personas datus?',
  'policy.recipients.intro':
    'Mēs izmantojam rīkus un pakalpojumus, kas atvieglo mūsu sadarbību un padara saziņu ātrāku, tāpēc Jūsu personas datus izpaužam tālāk norādītajiem saņēmējiem. Tie var atrasties arī ārpus Latvijas Republikas, Eiropas Savienības vai Eiropas Ekonomikas zonas. Jūsu personas datus nododam tikai tādiem saņēmējiem, kuri ievēro Vispārīgās datu aizsardzības regulas prasības.',
  'policy.recipients.recipient': 'Saņēmējs',
  'policy.recipients.purposes': 'Mērķi',
  'policy.recipients.location': 'Atrašanās vieta',
  'policy.recipients.safeguard': 'Aizsardzība, nododot datus ārpus ES/EEZ',
  'policy.recipients.noTransfer': 'Dati netiek nodoti ārpus ES/EEZ.',
  'policy.cookies.heading': 'Sīkdatnes un apmeklējumu statistika',
  'policy.cookies.text':
    'Vietnes darbībai nepieciešamās sīkdatnes (piemēram, iepirkumu grozam un pieteikšanās sesijai) izmantojam vienmēr. Apmeklētāju skaitu un citu ar apmeklējumu saistītu informāciju (IP adrese, tīmekļa pārlūkprogrammas veids, apmeklētās lapas un apmeklējuma laiks) novērojam vispārējā līmenī ar statistikas sīkdatnēm, bet sociālo tīklu un mērķreklāmas sīkdatnes izmantojam tikai tad, ja esat tām piekritis.',
  'policy.security.heading': 'Kā mēs uzglabājam personas datus?',
  'policy.security.text':
    'Personas datu aizsardzībai veicam fiziskus, tehniskus un administratīvus aizsardzības pasākumus, regulāri pārbaudām un uzlabojam savas drošības tehnoloģijas un ierobežojam piekļuvi Jūsu personas datiem: tiem piekļūst tikai tie darbinieki, kuriem tas nepieciešams pakalpojuma sniegšanai.',
  'policy.rights.heading': 'Kā iegūt piekļuvi saviem personas datiem?',
  'policy.rights.intro':
    'Mēs apstrādājam Jūsu personas datus, un Jums ir tiesības zināt, ko mēs ar tiem darām un kā, un atsevišķos gadījumos lūgt tos apstrādāt mazākā apmērā. Jums ir tiesības:',
  'policy.rights.access': 'piekļūt saviem personas datiem – saņemt mūsu rīcībā esošos personas datus un noskaidrot to apstrādes mērķi un pamatu (VDAR 15. pants);',
  'policy.rights.withdraw': 'jebkurā laikā atsaukt sniegto piekrišanu datu apstrādei – atteikties saņemt jaunumus un noraidīt sīkdatņu izmantošanu (VDAR 7. panta 3. punkts);',
  'policy.rights.rectify': 'veikt labojumus – mainīt savu kontaktinformāciju (VDAR 16. pants);',
  'policy.rights.restrict': 'ierobežot personas datu apstrādi – lūgt mūs neizmantot noteiktu informāciju par Jums (VDAR 18. pants);',
  'policy.rights.portability': 'uz datu pārnesamību – saņemt informāciju par sevi, ko esat mums sniedzis, TXT formātā, kā arī strukturētā, mašīnlasāmā JSON formātā (VDAR 20. pants);',
  'policy.rights.erase': 'tikt aizmirstam – dzēst informāciju par sevi no mūsu datu bāzēm, ja mums nav pienākuma šos personas datus turpināt glabāt (VDAR 17. pants);',
  'policy.rights.object': 'iebilst pret savu personas datu apstrādi, tostarp jebkurā laikā pret tiešo tirgvedību (VDAR 21. pants).',
  'policy.rights.how':
    'Lai izmantotu savas tiesības, rakstiet mums uz {email}. Atbildam bez nepamatotas kavēšanās, ne vēlāk kā viena mēneša laikā; sarežģītos gadījumos šo termiņu var pagarināt vēl par diviem mēnešiem, par to un tā iemeslu Jūs informējot pirmā mēneša laikā.',
  'policy.authority.heading': 'Uzraudzības iestāde',
  'policy.authority.text':
    'Mūsu darbību personas datu aizsardzības jomā uzrauga {authority} ({address}, {website}), un Jums ir tiesības iesniegt tai sūdzību. Pirms griezties pie tās pēc padoma vai ar sūdzību, lūdzam sazināties ar mums, lai pēc iespējas ātrāk atrisinātu radušos pārpratumu.',
  'policy.orders.heading': 'Pasūtījums un piekrišana',
  'policy.orders.text':
    'Izveidojot pasūtījumu {website} mājaslapā, Jūs apliecināt, ka esat iepazinies ar šo privātuma politiku. Pasūtījuma datus apstrādājam, lai noslēgtu un izpildītu līgumu, un grāmatvedības dokumentus glabājam, jo to nosaka likums; jaunumu sūtīšanai un mērķreklāmai lūdzam atsevišķu piekrišanu. {website} vāc, apstrādā, glabā, kopīgo, dzēš un aizsargā klientu personas datus saskaņā ar Vispārīgo datu aizsardzības regulu (ES) 2016/679 un citiem Latvijas Republikā spēkā esošajiem normatīvajiem aktiem.',
  'policy.contact': 'Ja Jums radušies jautājumi par savu personas datu izmantošanu, rakstiet mums uz {email}.',
  'policy.lastChanged': 'Pēdējās izmaiņas veiktas: {date}',
  'policy.version': 'Politikas versija: {version}',

  'consent.notice': '{controller} apstrādā šeit norādītos personas datus šādiem mērķiem:',
  'consent.more': 'Kā apstrādājam Jūsu datus un kādas ir Jūsu tiesības:',
  'consent.policyLink': 'privātuma politika',
  'consent.optional': 'Pēc Jūsu izvēles (nav obligāti)',

  'mail.footer': '{name}, reģ. Nr. {regNo}, {address}. {website}, {email}',
  'mail.unsubscribe': 'Nevēlaties saņemt mūsu jaunumus un piedāvājumus? Atsakieties ar vienu klikšķi:',
  'mail.newsletterConfirm.subject': 'Apstipriniet {website} jaunumu saņemšanu',
  'mail.newsletterConfirm.intro': 'Kāds (cerams, Jūs) lūdza sūtīt {website} jaunumus un piedāvājumus uz šo e-pasta adresi.',
  'mail.newsletterConfirm.wording': 'Apstiprinot Jūs piekrītat: „{wording}”',
  'mail.newsletterConfirm.action': 'Apstiprināt jaunumu saņemšanu',
  'mail.newsletterConfirm.expiry': 'Saite ir derīga {hours} stundas un izmantojama vienu reizi. Ja to nepieprasījāt, vienkārši ignorējiet šo vēstuli: bez apstiprinājuma mēs Jums jaunumus nesūtīsim.',

  'newsletter.confirmed.title': 'Paldies! Jaunumu saņemšana apstiprināta',
  'newsletter.confirmed.text': 'Sūtīsim jaunumus un piedāvājumus uz {email}. Atteikties varat jebkurā brīdī ar saiti, kas ir katrā vēstulē.',
  'newsletter.unsubscribed.title': 'Jūs esat atteicies no jaunumiem',
  'newsletter.unsubscribed.text': 'Vairs nesūtīsim jaunumus un piedāvājumus uz {email}. Adresi paturam tikai atteikumu sarakstā (jaucējvērtības veidā), lai to bez Jūsu ziņas nepievienotu atkārtoti.',
  'token.expired.title': 'Saite vairs nav derīga',
  'token.expired.text': 'Šī saite ir novecojusi, un nekas netika mainīts. Lūdzu, pieprasiet jaunu vai rakstiet mums uz {email}.',
  'token.used.title': 'Saite jau ir izmantota',
  'token.used.text': 'Šī saite jau ir izmantota, un nekas netika mainīts.',
  'token.unknown.title': 'Saite nav derīga',
  'token.unknown.text': 'Pārbaudiet, vai nokopējāt visu saiti no vēstules. Nekas netika mainīts.',
  'page.home': 'Atgriezties veikalā',

  'error.title': 'Kaut kas nogāja greizi',
  'error.text': 'Mēs nevarējām izpildīt Jūsu pieprasījumu. Lūdzu, mēģiniet vēlreiz vēlāk. Ja kļūda atkārtojas, norādiet šo atsauces numuru: {ref}.',
  'error.badRequest.title': 'Nederīgs pieprasījums',
  'error.badRequest.text': 'Pieprasījumu nevarēja apstrādāt, jo tas nav pareizā formā. Nekas netika mainīts.',
  'error.back': 'Atgriezties uz privātuma politiku',
} as const;

export type MessageKey = keyof typeof lv;

/**
 * In Latvian: the privacy policy page, the legal bases, and the processing the module itself does (consent proof, requests, audit).
 * Keys `legalBasis.…`, `policy.…`, `own.…`.
 */
export const policy = {
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
    'Apstrādājam tikai tos datus, kas vajadzīgi kādam no turpmāk norādītajiem mērķiem: tos, ko sniedzat, veicot pasūtījumu, reģistrējoties vai sazinoties ar mums, un tos, kas rodas, Jums izmantojot mūsu vietni.',
  'policy.data.categories': 'Katram mērķim apstrādājamo datu kategorijas ir norādītas nākamajā sadaļā.',
  'policy.data.source': 'Datus iegūstam no Jums pašiem, kad veicat pasūtījumu, reģistrējaties vai sazināties ar mums, kā arī no sīkdatnēm, ja tām piekrītat.',
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
  'policy.use.premisesNotice': 'Zīme, kas izvietota telpās',
  'policy.recipients.heading': 'Kam mēs nododam personas datus?',
  'policy.recipients.intro':
    'Mēs izmantojam rīkus un pakalpojumus, kas atvieglo mūsu sadarbību un padara saziņu ātrāku, tāpēc Jūsu personas datus izpaužam tālāk norādītajiem saņēmējiem. Tie var atrasties arī citās valstīs, tostarp ārpus Eiropas Savienības un Eiropas Ekonomikas zonas. Jūsu personas datus nododam tikai tādiem saņēmējiem, kuri ievēro Vispārīgās datu aizsardzības regulas prasības.',
  'policy.recipients.none': 'Jūsu personas datus citiem saņēmējiem nenododam.',
  'policy.recipients.recipient': 'Saņēmējs',
  'policy.recipients.purposes': 'Mērķi',
  'policy.recipients.location': 'Atrašanās vieta',
  'policy.recipients.safeguard': 'Aizsardzība, nododot datus ārpus ES/EEZ',
  'policy.recipients.noTransfer': 'Dati netiek nodoti ārpus ES/EEZ.',
  'policy.recipients.provider': 'Uzņēmums: {provider}',
  'policy.recipients.ask': 'Uzņēmums un valstis šeit nav norādīti; lai tos uzzinātu, rakstiet mums uz {email}.',
  'policy.recipients.askCompany': 'Uzņēmums šeit nav norādīts; lai to uzzinātu, rakstiet mums uz {email}.',
  'policy.recipients.askCountries': 'Valstis šeit nav norādītas; lai tās uzzinātu, rakstiet mums uz {email}.',
  'policy.recipients.missing.all': 'Uzņēmums un valstis šeit nav norādīti.',
  'policy.recipients.missing.company': 'Uzņēmums šeit nav norādīts.',
  'policy.recipients.missing.countries': 'Valstis šeit nav norādītas.',
  'policy.recipients.askAndCopy': 'Šo informāciju, kā arī garantiju kopiju varat saņemt, rakstot mums uz {email}.',
  'policy.recipients.copyByEmail': 'Šo garantiju kopiju varat saņemt, rakstot mums uz {email}.',
  'policy.recipients.copyAt': 'Šo garantiju kopija: {url}',
  'policy.recipients.copyLink': 'Šo garantiju kopija',
  'policy.cookies.heading': 'Sīkdatnes un apmeklējumu statistika',
  'policy.cookies.text':
    'Vietnes darbībai nepieciešamās sīkdatnes izmantojam vienmēr: bez tām vietne nedarbotos, tāpēc tām piekrišana nav vajadzīga. Pārējās sīkdatnes izmantojam tikai ar Jūsu piekrišanu, ko varat jebkurā brīdī mainīt vai atsaukt sīkdatņu iestatījumos. Katru sīkdatni, tās nolūku, glabāšanas ilgumu, nodrošinātāju un to, vai tā ir pirmās vai trešās puses sīkdatne, norādām tabulās zemāk.',
  'policy.security.heading': 'Kā mēs uzglabājam personas datus?',
  'policy.security.text':
    'Personas datu aizsardzībai veicam fiziskus, tehniskus un administratīvus aizsardzības pasākumus, regulāri pārbaudām un uzlabojam savas drošības tehnoloģijas un ierobežojam piekļuvi Jūsu personas datiem: tiem piekļūst tikai tie darbinieki, kuriem tas nepieciešams pakalpojuma sniegšanai.',
  'policy.rights.heading': 'Kā iegūt piekļuvi saviem personas datiem?',
  'policy.rights.intro':
    'Mēs apstrādājam Jūsu personas datus, un Jums ir tiesības zināt, ko mēs ar tiem darām un kā, un atsevišķos gadījumos lūgt tos apstrādāt mazākā apmērā. Jums ir tiesības:',
  'policy.rights.access':
    'piekļūt saviem personas datiem – saņemt mūsu rīcībā esošos personas datus un noskaidrot to apstrādes mērķi un pamatu (VDAR 15. pants);',
  'policy.rights.withdraw':
    'jebkurā laikā atsaukt sniegto piekrišanu datu apstrādei – atteikties saņemt jaunumus un noraidīt sīkdatņu izmantošanu (VDAR 7. panta 3. punkts);',
  'policy.rights.rectify': 'veikt labojumus – mainīt savu kontaktinformāciju (VDAR 16. pants);',
  'policy.rights.restrict': 'ierobežot personas datu apstrādi – lūgt mūs neizmantot noteiktu informāciju par Jums (VDAR 18. pants);',
  'policy.rights.portability':
    'uz datu pārnesamību – saņemt informāciju par sevi, ko mums sniedzāt, TXT formātā, kā arī strukturētā, mašīnlasāmā JSON formātā (VDAR 20. pants);',
  'policy.rights.erase':
    'tikt aizmirstam – dzēst informāciju par sevi no mūsu datu bāzēm, ja mums nav pienākuma šos personas datus turpināt glabāt (VDAR 17. pants);',
  'policy.rights.object': 'iebilst pret savu personas datu apstrādi, tostarp jebkurā laikā pret tiešo tirgvedību (VDAR 21. pants).',
  'policy.rights.how':
    'Lai izmantotu savas tiesības, rakstiet mums uz {email}. Atbildam bez nepamatotas kavēšanās, ne vēlāk kā viena mēneša laikā; sarežģītos gadījumos šo termiņu var pagarināt vēl par diviem mēnešiem, par to un tā iemeslu Jūs informējot pirmā mēneša laikā.',
  'policy.rights.guest':
    'Ja pasūtījāt bez konta, savas tiesības varat izmantot arī šeit: norādiet e-pasta adresi, ko izmantojāt pasūtījumā, un nosūtīsim uz to saiti uz lapu ar Jūsu datiem, kur tos var lejupielādēt, labot un dzēst, kā arī atsaukt piekrišanu.',
  'policy.rights.guestLink': 'Jūsu tiesības bez konta',
  'policy.authority.heading': 'Uzraudzības iestāde',
  'policy.authority.text':
    'Mūsu darbību personas datu aizsardzības jomā uzrauga {authority} ({address}, {website}), un Jums ir tiesības iesniegt tai sūdzību. Pirms griezties pie tās pēc padoma vai ar sūdzību, lūdzam sazināties ar mums, lai pēc iespējas ātrāk atrisinātu radušos pārpratumu.',
  'policy.orders.heading': 'Pasūtījums un piekrišana',
  'policy.orders.text':
    'Izveidojot pasūtījumu {website} mājaslapā, Jūs apliecināt, ka šī privātuma politika Jums ir zināma. Pasūtījuma datus apstrādājam, lai noslēgtu un izpildītu līgumu; katram mērķim, kam vajadzīga Jūsu piekrišana, to lūdzam atsevišķi, un pasūtījums no tās nav atkarīgs. Personas datus apstrādājam saskaņā ar Vispārīgo datu aizsardzības regulu (ES) 2016/679 un citiem piemērojamajiem normatīvajiem aktiem.',
  'policy.contact': 'Ja Jums radušies jautājumi par savu personas datu izmantošanu, rakstiet mums uz {email}.',
  'policy.lastChanged': 'Pēdējās izmaiņas veiktas: {date}',
  'policy.version': 'Politikas versija: {version}',

  'own.consentProof.title': 'Piekrišanu un sīkdatņu izvēļu pierādīšana',
  'own.consentProof.description':
    'Katru piekrišanas sniegšanu, atteikumu un atsaukumu, katru sīkdatņu izvēli un pārlūkprogrammas globālās privātuma kontroles (GPC) signālu ierakstām, lai varētu pierādīt, kam un kad piekritāt un kādu tekstu Jums rādījām.',
  'own.consentProof.legalBasisNote': 'Pienākums spēt pierādīt, ka piekrišana sniegta (VDAR 7. panta 1. punkts), un pārskatatbildība (VDAR 5. panta 2. punkts).',
  'own.consentProof.data.subject': 'e-pasta adrese vai pārlūkprogrammai piešķirts nejaušs identifikators',
  'own.consentProof.data.answer': 'atbilde, mērķis, parādītā teksta jaucējvērtība, politikas versija, laiks un vieta, kur atbilde sniegta',
  'own.consentProof.data.ip': 'IP adrese',
  'own.consentProof.data.userAgent': 'pārlūkprogrammas identifikācijas virkne (User-Agent)',
  'own.consentProof.retention':
    'Sīkdatņu izvēles un GPC signāli – {cookieChoices}, ja vien tie nepierāda joprojām spēkā esošu piekrišanu. Pārējā piekrišanu vēsture – {formerSubjects} pēc pēdējā ieraksta, ja par Jums vairs neglabājam citus datus un neviena piekrišana nav spēkā; atteikumu sarakstā paliek tikai e-pasta adreses jaucējvērtība, lai Jums vairs neko nesūtītu.',
  'own.consentProof.subjects.visitors': 'mājaslapas apmeklētāji, kas izvēlas sīkdatnes vai kuru pārlūkprogramma sūta GPC signālu',
  'own.consentProof.subjects.customers': 'klienti un jaunumu abonenti, kas sniedz vai atsauc piekrišanu',
  'own.requests.title': 'Datu subjektu pieprasījumu izpilde',
  'own.requests.description':
    'Jūsu pieprasījumu (piekļuve, labošana, dzēšana, ierobežošana, iebildumi) saņemšana, apstiprināšana ar e-pastā nosūtītu saiti un izpilde, kā arī pierādījums, ka atbildējām laikā.',
  'own.requests.legalBasisNote': 'Pienākums atbildēt uz datu subjektu pieprasījumiem (VDAR 12. pants) un pārskatatbildība (VDAR 5. panta 2. punkts).',
  'own.requests.data.email': 'e-pasta adrese',
  'own.requests.data.request': 'pieprasījuma veids, saturs, datumi, termiņš un atbilde',
  'own.requests.data.links': 'vienreizējo e-pasta saišu jaucējvērtības',
  'own.requests.data.staff': 'tā darbinieka identifikators, kas pieprasījumu izskatīja',
  'own.requests.retention':
    'Neapstiprināti pieprasījumi – {unverifiedRequests}; izpildīti un atteikti – {closedRequests} pēc slēgšanas, lai sūdzības gadījumā varētu pierādīt atbildi; izlietotās un novecojušās e-pasta saites – {expiredTokens} pēc derīguma beigām. Kad Jūsu dati tiek dzēsti, pieprasījumos vairs neglabājam ne e-pasta adresi, ne saturu.',
  'own.requests.subjects.people': 'klienti un citas personas, kas izmanto savas tiesības',
  'own.requests.subjects.staff': 'veikala darbinieki, kas izskata pieprasījumus',
  'own.audit.title': 'Drošība un audita žurnāls',
  'own.audit.description':
    'Ierakstām katru reizi, kad darbinieks skata vai maina personas datus un kad kāds izmanto savas tiesības, lai atklātu nesankcionētu piekļuvi un varētu pierādīt, ka ar datiem rīkojamies likumīgi. Ieraksti veido ķēdi, kurā redzams katrs labojums vai dzēsums.',
  'own.audit.legalBasisNote':
    'Mūsu leģitīmās intereses – personas datu drošība (VDAR 32. pants) un spēja pierādīt, ka apstrāde ir likumīga (VDAR 5. panta 2. punkts).',
  'own.audit.data.action': 'darbība un tās laiks',
  'own.audit.data.record': 'personas ieraksta un klienta konta numurs (bez vārda, e-pasta adreses vai citām vērtībām)',
  'own.audit.data.staff': 'darbinieka identifikators',
  'own.audit.retention':
    '{auditTrail} pēc ieraksta izdarīšanas; pēc tam ierakstus dzēšam, sākot ar vecākajiem, un ķēdē paliek parakstīts kontrolpunkts, lai ķēdi, kas atklāj labojumus, joprojām varētu pārbaudīt. Kad Jūsu dati tiek dzēsti, ierakstos paliek tikai numuri, nekad ne Jūsu e-pasta adrese vai citas vērtības.',
  'own.audit.subjects.people': 'klienti (arī bez konta) un apmeklētāji, kuru datus skata vai maina vai kas izmanto savas tiesības',
  'own.audit.subjects.staff': 'veikala darbinieki, kas skata personas datus',
} as const;

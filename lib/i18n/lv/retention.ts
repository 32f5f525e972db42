/**
 * In Latvian: the retention rules' names and reasons, and the warning e-mail before erasure.
 * Keys `retention.…`.
 */
export const retention = {
  'retention.rule.expiredTokens': 'Izlietotās un novecojušās e-pasta saites',
  'retention.rule.expiredTokens.reason': 'Saite vairs nav derīga; to glabājam vēl {period}, lai pateiktu, ka tā jau izmantota vai beigusies.',
  'retention.rule.unverifiedRequests': 'Neapstiprināti pieprasījumi',
  'retention.rule.unverifiedRequests.reason': 'Pieprasījums netika apstiprināts ar e-pasta saiti; pēc {period} to dzēšam.',
  'retention.rule.cookieChoices': 'Sīkdatņu izvēles',
  'retention.rule.cookieChoices.reason':
    'Izvēles pierādījums vajadzīgs, kamēr tā ir spēkā; vecākas par {period} izvēles dzēšam, ja vien tās nepierāda pašreizējo piekrišanu.',
  'retention.rule.closedRequests': 'Atbildēti un noraidīti pieprasījumi',
  'retention.rule.closedRequests.reason': 'Pierādījums, ka uz pieprasījumu atbildēts, vajadzīgs sūdzības gadījumā; {period} pēc slēgšanas to dzēšam.',
  'retention.rule.rateLimits': 'Pieprasījumu skaitītāji',
  'retention.rule.rateLimits.reason': 'Skaitītājs vajadzīgs tikai līdz tā loga beigām.',
  'retention.rule.hookCalls': 'Pierakstīto pasūtījumu un kontu atzīmes',
  'retention.rule.hookCalls.reason':
    'Atzīme, ka pasūtījuma vai konta piekrišanas jau pierakstītas, vajadzīga tikai, lai atkārtots veikala izsaukums tās nepierakstītu vēlreiz; vecākas par {period} dzēšam.',
  'retention.rule.notices': 'Brīdinājumi pirms dzēšanas',
  'retention.rule.notices.reason': 'Brīdinājuma pieraksts vajadzīgs līdz dzēšanai; vecākus par {period} pēc termiņa dzēšam.',
  'retention.rule.sentMail': 'Nosūtītie e-pasti',
  'retention.rule.sentMail.reason':
    'E-pastus, ko modulis nosūtījis vai kuru sūtīšanu pārtraucis, glabājam {period}, lai darbinieki redzētu, kas nosūtīts; pēc tam tos dzēšam.',
  'retention.rule.auditTrail': 'Audita žurnāla ieraksti',
  'retention.rule.auditTrail.reason':
    'Audita ieraksti pierāda, kā apstrādāti pieprasījumi un piekrišanas; {period} pēc ieraksta to dzēšam, sākot ar vecākajiem, un ķēdē paliek parakstīts kontrolpunkts, lai to joprojām varētu pārbaudīt.',
  'retention.rule.formerSubjects': 'Ieraksti par bijušajiem klientiem',
  'retention.rule.formerSubjects.reason':
    'Kad par personu vairs neglabājam nekādus datus, nav spēkā esošas piekrišanas un {period} nekas nav reģistrēts, dzēšam arī piekrišanu vēsturi; atteikumu sarakstā paliek tikai e-pasta jaucējvērtība.',
  'retention.mail.subject': '{website}: Jūsu dati tiks dzēsti {date}',
  'retention.mail.unused':
    'Jūsu dati sadaļā “{label}” vietnē {website} nav izmantoti kopš {since}. Kā teikts mūsu privātuma politikā, tos glabājam {period}, tāpēc {date} tie tiks dzēsti.',
  'retention.mail.keep': 'Ja vēlaties tos paturēt, pieslēdzieties līdz {date} – tad termiņš sāksies no jauna. Ja nevēlaties, nekas nav jādara.',
  'retention.mail.action': 'Pieslēgties',
  'retention.headMail.subject': '{website}: audita žurnāla gals pēc {date} datu glabāšanas termiņu piemērošanas',
  'retention.headMail.intro': 'Datu glabāšanas termiņu piemērošana {date} ir pabeigta. Audita žurnāla gals tagad ir:',
  'retention.headMail.keep':
    'Glabājiet šo vērtību ārpus veikala datubāzes (šī vēstule to jau dara). Komanda „shop-privacy audit verify --expect {head}” pārbauda, ka neviens ieraksts līdz šim nav izdzēsts vai mainīts.',
} as const;

/**
 * In Latvian: the cookie banner, the cookie settings page and the cookie table.
 * Keys `cookies.…`.
 */
export const cookies = {
  'cookies.banner.label': 'Sīkdatņu izvēle',
  'cookies.banner.title': 'Mēs izmantojam sīkdatnes',
  'cookies.banner.text':
    'Vietnes darbībai nepieciešamās sīkdatnes izmantojam vienmēr. Apmeklējumu statistikas un mārketinga (sociālo tīklu un mērķreklāmas) sīkdatnes izmantojam tikai ar Jūsu piekrišanu, kuru varat jebkurā brīdī mainīt vai atsaukt.',
  'cookies.banner.gpc': 'Jūsu pārlūks sūta signālu Global Privacy Control, tāpēc mārketinga sīkdatnes esam atteikuši Jūsu vārdā.',
  'cookies.acceptAll': 'Pieņemt visas',
  'cookies.rejectAll': 'Noraidīt visas',
  'cookies.settings': 'Iestatījumi',
  'cookies.save': 'Saglabāt izvēli',
  'cookies.accountNote':
    'Šīs izvēles attiecas uz sīkdatnēm šajā pārlūkā. Jūsu konta piekrišanas (piemēram, mērķreklāmai un jaunumiem) nemainās; tās varat mainīt savā privātuma lapā.',
  'cookies.accountLink': 'Atvērt privātuma lapu',
  'cookies.title': 'Sīkdatņu iestatījumi',
  'cookies.intro':
    'Šeit varat jebkurā brīdī mainīt vai atsaukt savu izvēli – tikpat viegli, kā to sniedzāt. Izvēli glabājam vienā nepieciešamā sīkdatnē un piekrišanu reģistrā kā pierādījumu.',
  'cookies.necessary.title': 'Nepieciešamās sīkdatnes',
  'cookies.necessary.text': 'Vajadzīgas, lai vietne darbotos: iepirkumu grozs, pieteikšanās, drošība un Jūsu sīkdatņu izvēle. Tās nevar atslēgt.',
  'cookies.necessary.always': 'Vienmēr ieslēgtas',
  'cookies.analytics.title': 'Apmeklējumu statistika',
  'cookies.analytics.text':
    'Ļauj mums vispārējā līmenī novērot apmeklētāju skaitu un apmeklējumus (IP adrese, pārlūkprogrammas veids, apmeklētās lapas un laiks), lai uzlabotu vietni.',
  'cookies.marketing.title': 'Mārketings: sociālie tīkli un mērķreklāma',
  'cookies.marketing.text': 'Sasaista vietni ar sociālajiem tīkliem un ļauj rādīt Jums pielāgotu reklāmu.',
  'cookies.allow': 'Atļaut',
  'cookies.current.none': 'Izvēle vēl nav izdarīta.',
  'cookies.current.saved': 'Jūsu izvēle ir saglabāta.',
  'cookies.gpcLocked': 'Atteikts pēc Jūsu pārlūka signāla Global Privacy Control.',
  'cookies.footerLink': 'Sīkdatņu iestatījumi',
  'cookies.banner.which': 'Kuras sīkdatnes un kāpēc',
  'cookies.table.caption': 'Sīkdatņu saraksts: {category}',
  'cookies.table.name': 'Sīkdatne',
  'cookies.table.purpose': 'Nolūks',
  'cookies.table.lifetime': 'Glabāšanas ilgums',
  'cookies.table.provider': 'Nodrošinātājs',
  'cookies.table.party': 'Pirmā vai trešā puse',
  'cookies.table.empty': 'Šajā kategorijā pašlaik sīkdatņu nav.',
  'cookies.party.first': 'Pirmā puse (tikai šī vietne)',
  'cookies.party.third': 'Trešā puse; piekļūst: {access}',
  'cookies.lifetime.session': 'Līdz pārlūka aizvēršanai',
  'cookies.own.consent': 'Atceras Jūsu sīkdatņu izvēli (kuras kategorijas atļāvāt un kad), lai par to nejautātu katrā lapā.',
  'cookies.own.csrf': 'Aizsargā privātuma veidlapas pret viltotiem pieprasījumiem no citām vietnēm (CSRF).',
  'cookies.own.guest': 'Kad bez pieteikšanās kontā atverat e-pastā nosūtīto saiti uz savu datu lapu, ļauj šai lapai palikt atvērtai.',
  'cookies.own.lang': 'Atceras valodu, kuru izvēlējāties valodu pārslēdzējā.',
} as const;

import { defaultSecurityMeasures, ownPurposeIds } from '../options/defaults.js';
import type { PolicyTextsInput, PurposeInput, RecipientInput } from '../options/policy-schema.js';
import { frozen, type PrivacyPreset } from './preset.js';

/*
 * The xparts.lv privacy policy (SIA KRAUD, Latvia, last changed 08.03.2023) as a preset: its
 * purposes, recipients, supervisory authority, security measures and time zone. They name
 * Latvian law (Accounting Law §28, Consumer Rights Protection Law), Datu valsts inspekcija and
 * processing other shops may not do (video surveillance, social advertising), so a shop opts in
 * with a spread and reviews them; nothing here is a default.
 */

const supervisoryAuthority = {
  name: { lv: 'Datu valsts inspekcija', en: 'Data State Inspectorate (Datu valsts inspekcija)' },
  address: 'Elijas iela 17, Rīga, LV-1050',
  website: 'https://www.dvi.gov.lv',
};

/** What the module and the shop do to keep personal data safe (GDPR Art. 30(1)(g), Art. 32). */
const securityMeasures: { lv: string; en: string }[] = [
  { lv: 'Datu pārsūtīšana tikai šifrētā savienojumā (HTTPS/TLS).', en: 'Data travels only over encrypted connections (HTTPS/TLS).' },
  // The module's own measures, as every shop has them, between the shop's.
  ...defaultSecurityMeasures,
  { lv: 'Regulāras datu bāzes rezerves kopijas un spēcīgas, unikālas paroles.', en: 'Regular database backups and strong, unique passwords.' },
];

const contactData = [
  { lv: 'vārds, uzvārds', en: 'first name, surname' },
  { lv: 'e-pasta adrese', en: 'e-mail address' },
  { lv: 'tālruņa numurs', en: 'telephone number' },
  { lv: 'piegādes adrese', en: 'delivery address' },
];

const accountingRetention = {
  lv: 'Līguma izpildes laikā; grāmatvedības attaisnojuma dokumentus (rēķinus, pasūtījumus) glabājam 5 gadus, kā to nosaka Grāmatvedības likuma 28. pants, pēc tam tajos esošos personas datus anonimizējam.',
  en: 'For the performance of the contract; accounting source documents (invoices, orders) are kept for 5 years as the Latvian Accounting Law §28 requires, after which the personal data in them are anonymised.',
};

const purposes: PurposeInput[] = [
  {
    id: 'registration',
    title: { lv: 'Lietotāja reģistrācija', en: 'User registration' },
    description: {
      lv: 'Konta izveide un uzturēšana, lai Jūs varētu pieslēgties, redzēt savus pasūtījumus un iepirkties ātrāk.',
      en: 'Creating and keeping your account so that you can log in, see your orders and shop faster.',
    },
    legalBasis: 'contract',
    noticeAt: ['signup'],
    dataCategories: [
      ...contactData,
      { lv: 'pieteikšanās dati (paroli glabājam tikai jaucējvērtības veidā)', en: 'login details (the password is kept only as a hash)' },
    ],
    retention: {
      lv: 'Kamēr konts ir aktīvs; neaktīvu kontu dzēšam 3 gadus pēc pēdējās pieslēgšanās, par to iepriekš brīdinot.',
      en: 'While the account is active; an inactive account is deleted 3 years after the last login, with a warning beforehand.',
    },
    subjectCategories: [{ lv: 'reģistrētie klienti', en: 'registered customers' }],
  },
  {
    id: 'purchase',
    title: { lv: 'Pirkuma apstrāde', en: 'Purchase processing' },
    description: {
      lv: 'Pasūtījuma pieņemšana, apmaksa, piegāde un saziņa par to, kā arī grāmatvedības dokumentu sagatavošana.',
      en: 'Taking, charging for, delivering and communicating about your order, and preparing the accounting documents.',
    },
    legalBasis: 'contract',
    noticeAt: ['checkout'],
    legalBasisNote: {
      lv: 'Grāmatvedības dokumentu glabāšana – juridisks pienākums (VDAR 6. panta 1. punkta c) apakšpunkts, Grāmatvedības likuma 28. pants).',
      en: 'Keeping the accounting records is a legal obligation (GDPR Art. 6(1)(c), Latvian Accounting Law §28).',
    },
    dataCategories: [...contactData, { lv: 'pasūtījuma saturs un summas', en: 'order contents and amounts' }],
    retention: accountingRetention,
    subjectCategories: [{ lv: 'klienti, kas veic pasūtījumus, arī bez reģistrācijas', en: 'customers who place orders, with or without an account' }],
  },
  {
    id: 'refunds',
    title: { lv: 'Naudas līdzekļu atgriešana', en: 'Refunds' },
    description: {
      lv: 'Naudas atmaksa par atgrieztām precēm vai atceltiem pasūtījumiem.',
      en: 'Paying back money for returned goods or cancelled orders.',
    },
    legalBasis: 'contract',
    noticeAt: ['checkout'],
    legalBasisNote: {
      lv: 'Atmaksa patērētājam – arī juridisks pienākums (Patērētāju tiesību aizsardzības likums).',
      en: 'Refunding a consumer is also a legal obligation (Latvian Consumer Rights Protection Law).',
    },
    dataCategories: [
      { lv: 'vārds, uzvārds', en: 'first name, surname' },
      { lv: 'e-pasta adrese', en: 'e-mail address' },
      { lv: 'bankas konta numurs atmaksai', en: 'bank account number for the refund' },
      { lv: 'pasūtījuma saturs un summas', en: 'order contents and amounts' },
    ],
    retention: accountingRetention,
    subjectCategories: [{ lv: 'klienti, kas atgriež preces vai atceļ pasūtījumus', en: 'customers who return goods or cancel orders' }],
  },
  {
    id: 'newsletter',
    title: { lv: 'Jaunumu un piedāvājumu nosūtīšana', en: 'Sending news and offers' },
    description: {
      lv: 'Jaunumu un piedāvājumu sūtīšana uz Jūsu e-pasta adresi, ja tam piekrītat.',
      en: 'E-mailing you news and offers, if you have agreed to it.',
    },
    legalBasis: 'consent',
    consent: {
      offeredAt: ['checkout', 'signup', 'newsletter'],
      confirmByEmail: true,
      label: {
        lv: 'Vēlos saņemt jaunumus un piedāvājumus e-pastā. Piekrišanu varu jebkurā brīdī atsaukt.',
        en: 'I want to receive news and offers by e-mail. I can withdraw this consent at any time.',
      },
    },
    dataCategories: [{ lv: 'e-pasta adrese', en: 'e-mail address' }],
    retention: {
      lv: 'Līdz piekrišanas atsaukšanai; pēc tam e-pasta adresi glabājam tikai atteikumu sarakstā, lai Jums vairs neko nesūtītu.',
      en: 'Until you withdraw consent; after that the address is kept only on a suppression list so that we never write to you again.',
    },
    subjectCategories: [{ lv: 'jaunumu abonenti', en: 'newsletter subscribers' }],
  },
  {
    id: 'phone_identification',
    title: { lv: 'Lietotāja identificēšana pa tālruni', en: 'Identifying the user by telephone' },
    description: {
      lv: 'Jūsu identificēšana pēc pasūtījuma numura un tālruņa numura, kad sazināties ar mums pa tālruni par pasūtījumu.',
      en: 'Identifying you by order number and telephone number when you call us about an order.',
    },
    legalBasis: 'contract',
    noticeAt: ['checkout'],
    dataCategories: [
      { lv: 'tālruņa numurs', en: 'telephone number' },
      { lv: 'pasūtījuma numurs', en: 'order number' },
    ],
    retention: { lv: 'Kopā ar pasūtījumu.', en: 'With the order.' },
    subjectCategories: [{ lv: 'klienti, kas zvana par savu pasūtījumu', en: 'customers who call about their order' }],
  },
  {
    id: 'cctv',
    title: { lv: 'Videonovērošana telpās', en: 'Video surveillance of the premises' },
    description: {
      lv: 'Videonovērošana mūsu telpās, lai novērstu un atklātu noziedzīgus nodarījumus.',
      en: 'Video surveillance of our premises to prevent and detect crime.',
    },
    legalBasis: 'legitimate_interests',
    legalBasisNote: {
      lv: 'Mūsu leģitīmās intereses – personu un īpašuma drošība; par novērošanu informē zīmes pie ieejas.',
      en: 'Our legitimate interest in the safety of people and property; signs at the entrance tell about the surveillance.',
    },
    dataCategories: [{ lv: 'videoattēls', en: 'video images' }],
    // EDPB Guidelines 3/2019 §121: a few days; longer needs its reason.
    retention: {
      lv: '72 stundas – pietiekami, lai incidentu, kas noticis nedēļas nogalē, kad telpas ir slēgtas, varētu pamanīt nākamajā darba dienā. Ierakstu, kas vajadzīgs konkrēta incidenta (piemēram, zādzības vai bojājuma) izmeklēšanai, glabājam līdz izmeklēšanas beigām.',
      en: '72 hours: long enough for an incident over a weekend, while the premises are closed, to be noticed on the next working day. A recording needed to investigate a specific incident (such as a theft or damage) is kept until that investigation ends.',
    },
    premisesNotice: true,
    subjectCategories: [{ lv: 'personas mūsu telpās (apmeklētāji, kurjeri, darbinieki)', en: 'people on our premises (visitors, couriers, staff)' }],
  },
  {
    id: 'social_advertising',
    title: { lv: 'Sasaiste ar sociālajiem tīkliem un mērķreklāma', en: 'Social networks and targeted advertising' },
    description: {
      lv: 'Mājaslapas sasaiste ar sociālajiem tīkliem un Jums pielāgotu reklāmu rādīšana.',
      en: 'Linking the website with social networks and showing you advertising tailored to you.',
    },
    legalBasis: 'consent',
    consent: {
      offeredAt: ['checkout', 'signup'],
      cookieCategory: 'marketing',
      label: {
        lv: 'Piekrītu, ka manus datus izmanto, lai sasaistītu vietni ar sociālajiem tīkliem un rādītu man pielāgotu reklāmu. Piekrišanu varu jebkurā brīdī atsaukt.',
        en: 'I agree that my data are used to link the site with social networks and to show me advertising tailored to me. I can withdraw this consent at any time.',
      },
    },
    dataCategories: [
      { lv: 'sīkdatņu identifikatori un apmeklētās lapas', en: 'cookie identifiers and pages visited' },
      { lv: 'e-pasta adrese', en: 'e-mail address' },
    ],
    retention: { lv: 'Līdz piekrišanas atsaukšanai.', en: 'Until you withdraw consent.' },
    subjectCategories: [
      { lv: 'mājaslapas apmeklētāji un klienti, kas piekrīt mērķreklāmai', en: 'website visitors and customers who agree to targeted advertising' },
    ],
  },
  {
    id: 'analytics',
    title: { lv: 'Apmeklējumu statistika', en: 'Visitor statistics' },
    description: {
      lv: 'Apmeklētāju skaita un apmeklējumu (IP adrese, pārlūkprogrammas veids, apmeklētās lapas, apmeklējuma laiks) novērošana vispārējā līmenī, lai uzlabotu vietni.',
      en: 'Observing the number of visitors and visits (IP address, browser type, pages visited, time of visit) at a general level, to improve the site.',
    },
    legalBasis: 'consent',
    consent: { offeredAt: [], cookieCategory: 'analytics' },
    dataCategories: [
      { lv: 'IP adrese', en: 'IP address' },
      { lv: 'pārlūkprogrammas veids', en: 'browser type' },
      { lv: 'apmeklētās lapas un apmeklējuma laiks', en: 'pages visited and time of visit' },
    ],
    retention: { lv: 'Ne ilgāk kā 6 mēnešus; pēc tam tikai apkopoti skaitļi.', en: 'At most 6 months; after that only aggregate figures.' },
    subjectCategories: [{ lv: 'mājaslapas apmeklētāji, kas piekrīt statistikas sīkdatnēm', en: 'website visitors who agree to statistics cookies' }],
  },
];

const transferSafeguard = {
  lv: 'Eiropas Komisijas lēmums par aizsardzības līmeņa pietiekamību (VDAR 45. pants) vai standarta līguma klauzulas (VDAR 46. panta 2. punkta c) apakšpunkts).',
  en: 'A European Commission adequacy decision (GDPR Art. 45) or standard contractual clauses (GDPR Art. 46(2)(c)).',
};
const euAndBeyond = { lv: 'ES/EEZ; var atrasties arī ārpus tās', en: 'EU/EEA; may also be outside it' };

const recipients: RecipientInput[] = [
  {
    id: 'communication',
    name: { lv: 'Saziņas pakalpojumu sniedzēji (e-pasts, īsziņas)', en: 'Communication service providers (e-mail, text messages)' },
    purposes: ['registration', 'purchase', 'refunds', 'newsletter', 'privacy_requests'],
    location: euAndBeyond,
    thirdCountryTransfer: true,
    safeguard: transferSafeguard,
  },
  {
    id: 'marketing',
    name: { lv: 'Mārketinga pakalpojumu sniedzēji', en: 'Marketing service providers' },
    purposes: ['newsletter', 'social_advertising', 'analytics'],
    location: euAndBeyond,
    thirdCountryTransfer: true,
    safeguard: transferSafeguard,
  },
  {
    id: 'it_support',
    name: { lv: 'IT atbalsta un mitināšanas pakalpojumu sniedzēji', en: 'IT support and hosting providers' },
    purposes: ['registration', 'purchase', 'refunds', 'newsletter', 'phone_identification', 'social_advertising', 'analytics', ...ownPurposeIds],
    location: euAndBeyond,
    thirdCountryTransfer: true,
    safeguard: transferSafeguard,
  },
];

/** The policy's own paragraphs as xparts.lv words them: its order form, its cameras, its advertising, Latvian law. */
const policyTexts: PolicyTextsInput = {
  recipients: {
    lv: 'Mēs izmantojam rīkus un pakalpojumus, kas atvieglo mūsu sadarbību un padara saziņu ātrāku, tāpēc Jūsu personas datus izpaužam tālāk norādītajiem saņēmējiem. Tie var atrasties arī ārpus Latvijas Republikas, Eiropas Savienības vai Eiropas Ekonomikas zonas. Jūsu personas datus nododam tikai tādiem saņēmējiem, kuri ievēro Vispārīgās datu aizsardzības regulas prasības.',
    en: 'We use tools and services that make our cooperation easier and our communication faster, so we disclose your personal data to the recipients below. They may be located outside the Republic of Latvia, the European Union or the European Economic Area. We pass your personal data only to recipients that meet the requirements of the General Data Protection Regulation.',
  },
  dataGiven: {
    lv: 'Veicot pasūtījumu, Jūs sniedzat datus, kas nepieciešami tā apstrādei: vārdu, uzvārdu, e-pasta adresi, adresi un tālruņa numuru. Mēs nepārbaudām personas identitāti: par pasūtījuma identifikatoru izmantojam e-pasta adresi.',
    en: 'When you place an order you give the data needed to process it: first name, surname, e-mail address, address and telephone number. We do not verify your identity: the e-mail address is used as the order identifier.',
  },
  dataSources: {
    lv: 'Datus iegūstam no Jums pašiem, kad veicat pasūtījumu, reģistrējaties vai sazināties ar mums, kā arī no sīkdatnēm, ja tām piekrītat, un no videonovērošanas kamerām mūsu telpās.',
    en: 'We obtain the data from you, when you order, register or contact us; from cookies, if you agree to them; and from the video cameras on our premises.',
  },
  cookies: {
    lv: 'Vietnes darbībai nepieciešamās sīkdatnes (iepirkumu grozam, pieteikšanās sesijai, drošībai un Jūsu sīkdatņu izvēles saglabāšanai) izmantojam vienmēr: bez tām vietne nedarbotos, tāpēc tām piekrišana nav vajadzīga. Apmeklējumu statistikas sīkdatnes, ar kurām vispārējā līmenī novērojam apmeklētāju skaitu un ar apmeklējumu saistītu informāciju (IP adrese, tīmekļa pārlūkprogrammas veids, apmeklētās lapas un apmeklējuma laiks), kā arī sociālo tīklu un mērķreklāmas sīkdatnes izmantojam tikai ar Jūsu piekrišanu. Piekrišanu varat jebkurā brīdī mainīt vai atsaukt sīkdatņu iestatījumos. Katru sīkdatni, tās nolūku, glabāšanas ilgumu, nodrošinātāju un to, vai tā ir pirmās vai trešās puses sīkdatne, norādām tabulās zemāk.',
    en: 'Cookies needed for the site to work (for the cart, the login session, security and remembering your cookie choice) are always used: the site would not work without them, so they need no consent. Visitor-statistics cookies, with which we observe the number of visitors and information tied to a visit at a general level (IP address, browser type, pages visited and time of visit), and social-network and targeted-advertising cookies are used only with your consent. You can change or withdraw your consent at any time in the cookie settings. Each cookie, its purpose, its lifetime, its provider and whether it is a first- or third-party cookie are listed in the tables below.',
  },
  orders: {
    lv: 'Izveidojot pasūtījumu xparts.lv mājaslapā, Jūs apliecināt, ka šī privātuma politika Jums ir zināma. Pasūtījuma datus apstrādājam, lai noslēgtu un izpildītu līgumu, un grāmatvedības dokumentus glabājam, jo to nosaka likums; jaunumu sūtīšanai un mērķreklāmai lūdzam atsevišķu piekrišanu. xparts.lv vāc, apstrādā, glabā, kopīgo, dzēš un aizsargā klientu personas datus saskaņā ar Vispārīgo datu aizsardzības regulu (ES) 2016/679 un citiem Latvijas Republikā spēkā esošajiem normatīvajiem aktiem.',
    en: 'By creating an order on the xparts.lv website you confirm that you have read this privacy policy. We process order data to conclude and perform the contract and keep accounting records because the law requires it; for news and offers and for targeted advertising we ask for your separate consent. xparts.lv collects, processes, stores, shares, deletes and protects customers’ personal data under the General Data Protection Regulation (EU) 2016/679 and the other laws in force in the Republic of Latvia.',
  },
};

/** The xparts.lv policy: `createPrivacy({ ...xpartsPreset, controller: { name, regNo, address, email, website }, … })`. */
export const xpartsPreset: PrivacyPreset = frozen({
  purposes,
  recipients,
  supervisoryAuthority,
  securityMeasures,
  policyTexts,
  timezone: 'Europe/Riga',
});

/** Whose policy the preset's texts were written for: a shop with another controller is warned at start (presets/review.ts). */
export const xpartsOrigin = { preset: 'xparts.lv', controller: 'SIA KRAUD' };

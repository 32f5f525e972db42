import type { PrivacyOptions } from '../../index.js';

const contact = {
  email: { label: { lv: 'E-pasta adrese', en: 'E-mail address' }, contact: 'email' },
  first_name: { label: { lv: 'Vārds', en: 'First name' }, contact: 'first_name' },
  last_name: { label: { lv: 'Uzvārds', en: 'Last name' }, contact: 'last_name' },
  phone: { label: { lv: 'Tālruņa numurs', en: 'Telephone number' }, contact: 'phone' },
  address: { label: { lv: 'Adrese', en: 'Address' }, contact: 'address' },
} as const;

/** Where xparts.lv keeps personal data: declared once, used by access, export and the other rights. */
export const shopDataSources: NonNullable<PrivacyOptions['dataSources']> = [
  {
    id: 'customers',
    label: { lv: 'Konts', en: 'Account' },
    purposes: ['registration'],
    table: 'customers',
    match: { email: 'email', customerId: 'id' },
    columns: contact,
    alsoExport: {
      created_at: { lv: 'Izveidots', en: 'Created', as: 'datetime' },
      last_login_at: { lv: 'Pēdējā pieslēgšanās', en: 'Last login', as: 'datetime' },
    },
    erase: { action: 'delete' },
    // The policy: an inactive account is deleted 3 years after the last login, with a warning first.
    retention: {
      from: 'last_login_at',
      orFrom: 'created_at',
      after: { years: 3 },
      action: 'delete',
      reason: {
        lv: 'Konts vajadzīgs, kamēr to izmantojat; neaktīvu kontu dzēšam 3 gadus pēc pēdējās pieslēgšanās. Pasūtījumus, kurus glabāt liek Grāmatvedības likums, paturam bez saites uz kontu.',
        en: 'An account is needed while you use it; an inactive account is deleted 3 years after the last login. Orders the Accounting Law makes us keep are kept, unlinked from the account.',
      },
      warn: { days: 30, link: '/login' },
    },
  },
  {
    id: 'orders',
    label: { lv: 'Pasūtījumi', en: 'Orders' },
    purposes: ['purchase', 'refunds', 'phone_identification'],
    table: 'orders',
    match: { email: 'email', customerId: 'customer_id' },
    // The columns are NOT NULL: anonymisation writes '' where the name and address were.
    columns: Object.fromEntries(Object.entries(contact).map(([column, spec]) => [column, { ...spec, anonymisedValue: '' }])),
    alsoExport: {
      number: { lv: 'Pasūtījuma numurs', en: 'Order number' },
      total_cents: { lv: 'Summa', en: 'Total', as: 'cents' },
      created_at: { lv: 'Datums', en: 'Date', as: 'datetime' },
    },
    // Staff find a caller by order number and telephone, as the policy describes.
    reference: 'number',
    erase: {
      action: 'anonymise',
      keepFor: { years: 5, from: 'created_at' },
      reason: {
        lv: 'Grāmatvedības likuma 28. pants: attaisnojuma dokumentus glabā 5 gadus; personas datus tajos anonimizējam.',
        en: 'Latvian Accounting Law §28: source documents are kept for 5 years; the personal data in them are anonymised.',
      },
    },
    children: [
      {
        id: 'order_lines',
        label: { lv: 'Pasūtījuma rinda', en: 'Order line' },
        table: 'order_lines',
        foreignKey: 'order_id',
        alsoExport: {
          sku: { lv: 'Kods', en: 'SKU' },
          name: { lv: 'Prece', en: 'Item' },
          quantity: { lv: 'Daudzums', en: 'Quantity', as: 'number' },
          unit_price_cents: { lv: 'Cena', en: 'Price', as: 'cents' },
        },
      },
    ],
  },
  {
    id: 'newsletter_subscribers',
    label: { lv: 'Jaunumu saņēmēju saraksts', en: 'Newsletter mailing list' },
    purposes: ['newsletter'],
    table: 'newsletter_subscribers',
    match: { email: 'email' },
    columns: { email: contact.email },
    alsoExport: { source: { lv: 'Kur pierakstījās', en: 'Signed up at' }, created_at: { lv: 'Kopš', en: 'Since', as: 'datetime' } },
    erase: { action: 'delete' },
    // Kept until the subscriber withdraws; the withdrawal itself removes the row.
    retention: false,
  },
  {
    id: 'cctv',
    label: { lv: 'Videonovērošanas ieraksti', en: 'Video surveillance recordings' },
    purposes: ['cctv'],
    description: {
      lv: 'Videoierakstus no mūsu telpām glabājam 72 stundas ārpus šīs datu bāzes, un tie nav saistīti ar Jūsu e-pasta adresi. Ja vēlaties saņemt ierakstu ar savu attēlu, 72 stundu laikā rakstiet uz info@xparts.lv, norādot datumu, laiku un vietu.',
      en: 'Recordings from our premises are kept for 72 hours outside this database and are not linked to your e-mail address. To obtain a recording you appear in, write to info@xparts.lv within 72 hours with the date, time and place.',
    },
    // Footage is not searchable by e-mail: the access answer says how to obtain it instead.
    export: async () => [],
  },
];

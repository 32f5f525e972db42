'use strict';
// What Riepu Punkts declares to express-shop-privacy: who it is, why it keeps what, and where.
const { defaultPurposes } = require('express-shop-privacy');

const label = (lv, en) => ({ lv, en });
const addressLink = {
  id: 'address',
  label: label('Adrese', 'Address'),
  table: 'address',
  column: 'address_id',
  columns: {
    full_name: { label: label('Vārds, uzvārds', 'Full name'), contact: 'full_name' },
    street: { label: label('Iela, māja', 'Street'), contact: 'street' },
    city: { label: label('Pilsēta', 'City'), contact: 'city' },
    postcode: { label: label('Pasta indekss', 'Postcode'), contact: 'postcode' },
    country: { label: label('Valsts', 'Country'), contact: 'country' },
  },
};

module.exports = {
  controller: {
    name: 'SIA Riepu Punkts',
    regNo: '40203999991',
    address: 'Brīvības iela 1, Rīga, LV-1010',
    email: 'privatums@riepupunkts.example',
    website: 'riepupunkts.example',
  },
  supervisoryAuthority: {
    name: label('Datu valsts inspekcija', 'Data State Inspectorate (Datu valsts inspekcija)'),
    address: 'Elijas iela 17, Rīga, LV-1050',
    website: 'https://www.dvi.gov.lv',
  },
  timezone: 'Europe/Riga',
  purposes: [
    ...defaultPurposes,
    {
      id: 'newsletter',
      title: label('Jaunumu sūtīšana', 'Sending news'),
      description: label('Jaunumu un piedāvājumu sūtīšana e-pastā, ja tam piekrītat.', 'E-mailing you news and offers, if you agree to it.'),
      legalBasis: 'consent',
      consent: {
        offeredAt: ['checkout', 'signup'],
        confirmByEmail: true,
        label: label(
          'Vēlos saņemt jaunumus e-pastā. Piekrišanu varu jebkurā brīdī atsaukt.',
          'I want news by e-mail. I can withdraw this consent at any time.',
        ),
      },
      dataCategories: [label('e-pasta adrese', 'e-mail address')],
      retention: label('Kamēr neatsaucat piekrišanu.', 'As long as you have not withdrawn your consent.'),
      subjectCategories: [label('jaunumu abonenti', 'newsletter subscribers')],
    },
  ],
  dataSources: [
    {
      id: 'account',
      label: label('Konts', 'Account'),
      purposes: ['purchase'],
      table: 'users',
      match: { email: 'email', customerId: 'id' },
      columns: { email: { label: label('E-pasts', 'E-mail'), contact: 'email' } },
      alsoExport: { created_at: { lv: 'Izveidots', en: 'Created', as: 'datetime' } },
      links: [addressLink],
      erase: { action: 'delete' },
    },
    {
      id: 'orders',
      label: label('Pasūtījumi', 'Orders'),
      purposes: ['purchase'],
      table: 'orders',
      match: { email: 'email', customerId: 'user_id' },
      columns: {
        email: { label: label('E-pasts', 'E-mail'), contact: 'email' },
        phone: { label: label('Tālrunis', 'Telephone'), contact: 'phone' },
      },
      alsoExport: {
        id: { lv: 'Pasūtījums', en: 'Order' },
        total_cents: { lv: 'Summa', en: 'Total', as: 'cents' },
        created_at: { lv: 'Datums', en: 'Date', as: 'datetime' },
      },
      links: [addressLink],
      children: [
        {
          id: 'lines',
          label: label('Preces', 'Items'),
          table: 'order_lines',
          foreignKey: 'order_id',
          key: ['order_id', 'line_no'],
          alsoExport: { product_id: { lv: 'Prece', en: 'Product' }, quantity: { lv: 'Daudzums', en: 'Quantity', as: 'number' } },
        },
      ],
      erase: {
        action: 'anonymise',
        keepFor: { years: 5, from: 'created_at' },
        reason: label('Grāmatvedības attaisnojuma dokumenti jāglabā 5 gadus.', 'Accounting records must be kept for 5 years.'),
      },
    },
  ],
};

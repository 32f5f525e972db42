import type { Knex } from 'knex';

/** An auto-parts catalogue: SKU, name in Latvian and English, category, brand, price in cents, stock. */
const catalogue = [
  ['BP-TRW-GDB1550', 'Bremžu kluči, priekšējie', 'Front brake pads', 'brakes', 'TRW', 3890, 24],
  ['BD-BRE-09A96811', 'Bremžu disks, ventilējams 280 mm', 'Brake disc, vented 280 mm', 'brakes', 'Brembo', 5450, 12],
  ['BF-ATE-03990158', 'Bremžu šķidrums DOT 4, 1 l', 'Brake fluid DOT 4, 1 l', 'brakes', 'ATE', 1290, 40],
  ['OF-MAN-W71295', 'Eļļas filtrs', 'Oil filter', 'filters', 'MANN-FILTER', 890, 60],
  ['AF-MAN-C30005', 'Gaisa filtrs', 'Air filter', 'filters', 'MANN-FILTER', 1490, 35],
  ['CF-BOS-1987432120', 'Salona filtrs ar aktivēto ogli', 'Cabin filter, activated carbon', 'filters', 'Bosch', 1990, 28],
  ['SP-NGK-BKR6EIX', 'Aizdedzes svece, irīdija', 'Spark plug, iridium', 'ignition', 'NGK', 1150, 80],
  ['IC-BOS-0221604115', 'Aizdedzes spole', 'Ignition coil', 'ignition', 'Bosch', 4690, 9],
  ['WB-BOS-3397007297', 'Stikla tīrītāju slotiņas, komplekts', 'Wiper blades, set', 'visibility', 'Bosch', 2490, 30],
  ['HL-OSR-64210NL', 'Spuldze H7 Night Breaker', 'H7 bulb Night Breaker', 'visibility', 'Osram', 1690, 50],
  ['OL-CAS-5W30-5', 'Motoreļļa 5W-30, 5 l', 'Engine oil 5W-30, 5 l', 'fluids', 'Castrol', 4290, 22],
  ['CL-FEB-22268', 'Dzesēšanas šķidrums G12++, 1,5 l', 'Coolant G12++, 1.5 l', 'fluids', 'Febi Bilstein', 1190, 45],
  ['BT-VAR-E11', 'Akumulators 74 Ah, 680 A', 'Battery 74 Ah, 680 A', 'electrics', 'Varta', 11990, 7],
  ['TB-GAT-K015578XS', 'Zobsiksnas komplekts ar ūdens sūkni', 'Timing belt kit with water pump', 'engine', 'Gates', 15890, 5],
  ['SA-SAC-313476', 'Amortizators, priekšējais', 'Shock absorber, front', 'suspension', 'Sachs', 6790, 14],
  ['CV-SKF-VKJA5362', 'Pusass šarnīrs, ārējais', 'CV joint, outer', 'suspension', 'SKF', 5290, 10],
] as const;

/** Fills an empty catalogue; a shop that has products of its own (or removed some) is left alone. */
export async function seedCatalogue(knex: Knex): Promise<void> {
  if (await knex('products').first('id')) return;
  const rows = catalogue.map(([sku, nameLv, nameEn, category, brand, price, stock]) => ({
    sku,
    name_lv: nameLv,
    name_en: nameEn,
    category,
    brand,
    price_cents: price,
    stock,
  }));
  // Two instances may both find the table empty: ignoring conflicts on the unique SKU makes that harmless.
  await knex('products').insert(rows).onConflict('sku').ignore();
}

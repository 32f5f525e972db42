import { shopper, startShop } from './shop.js';

type Shop = Awaited<ReturnType<typeof startShop>>;

/** A logged-in employee of the example shop, with the staff pages open to them. */
export async function staffBrowser(shop: Shop) {
  const staff = shopper(shop);
  await staff.post('/signup', { email: 'staff@xparts.lv', first_name: 'Ilze', last_name: 'Ozola', password: 'a staff password' }).expect(303);
  return staff;
}

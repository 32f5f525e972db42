import { grantStaff, shopper, startShop } from './shop.js';

type Shop = Awaited<ReturnType<typeof startShop>>;

/** A logged-in employee of the example shop: signed up, then given the role by an operator. */
export async function staffBrowser(shop: Shop) {
  const staff = shopper(shop);
  await staff.post('/signup', { email: 'staff@xparts.lv', first_name: 'Ilze', last_name: 'Ozola', password: 'a staff password' }).expect(303);
  await grantStaff(shop, 'staff@xparts.lv');
  return staff;
}

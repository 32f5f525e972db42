/**
 * `npm run staff -- grant <email>` and `npm run staff -- revoke <email>`: an operator gives a
 * customer of the example shop the staff role (the privacy module's pages at /privacy/staff)
 * or takes it away, on the database `npm start` uses (DATABASE_URL, default the embedded
 * sqlite:data/shop.sqlite). The customer signs up first. Exits 1 for an unknown address.
 */
import { Command } from 'commander';
import { connectDatabase } from '../../index.js';
import { databaseUrlFromEnv } from './app.js';
import { migrateShop } from './migrations/index.js';
import { setStaffRole, type StaffChange } from './staff.js';

const said: Record<StaffChange, string> = {
  granted: 'Granted: at their next page the customer opens /privacy/staff.',
  revoked: 'Revoked: the staff pages are closed to the customer from their next page.',
  unchanged: 'Nothing to change: the customer already had that role.',
  unknown: 'No customer has that address. They sign up at /signup first; then grant them the role.',
};

async function change(address: string, role: 'grant' | 'revoke'): Promise<void> {
  const knex = connectDatabase(databaseUrlFromEnv(process.env));
  try {
    await migrateShop(knex);
    const outcome = await setStaffRole(knex, address, role);
    if (outcome === 'unknown') {
      console.error(said.unknown);
      process.exitCode = 1;
    } else {
      console.log(said[outcome]);
    }
  } catch (err) {
    console.error(`The staff role could not be changed: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await knex.destroy();
  }
}

const program = new Command()
  .name('npm run staff --')
  .description('Grants or revokes the staff role of a customer of the example shop: staff open the privacy pages at /privacy/staff.');
program
  .command('grant <email>')
  .description('make the customer with this address staff')
  .action((email: string) => change(email, 'grant'));
program
  .command('revoke <email>')
  .description('take the staff role away from the customer with this address')
  .action((email: string) => change(email, 'revoke'));
await program.parseAsync();

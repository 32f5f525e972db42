import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import type { PrivacyOptions } from '../../index.js';
import { shopDataSources } from './data-sources.js';

/** xparts.lv's options for the privacy module: the app and `shop-privacy` read the same ones. */
export function shopPrivacyOptions(input: { db: Knex | string; secret: string; publicUrl: string; mail: Transporter; staffEmails: string[] }): PrivacyOptions {
  const staffEmails = new Set(input.staffEmails.map((email) => email.trim().toLowerCase()));
  return {
    db: input.db,
    secret: input.secret,
    publicUrl: input.publicUrl,
    controller: { email: 'info@xparts.lv' },
    // emailVerified: the customer followed the link the shop e-mailed at signup; until then the
    // module shows them only what is linked to their account, never what an address typed holds.
    currentCustomer: (req) => {
      const customer = req.session?.customer;
      return customer ? { id: customer.id, email: customer.email, emailVerified: customer.emailVerified === true } : null;
    },
    // A real shop has roles; the example treats a few logged-in addresses as its employees.
    isStaff: (req) => staffEmails.has(req.session?.customer?.email.toLowerCase() ?? ''),
    staffId: (req) => (req.session?.customer ? `customer-${req.session.customer.id}` : null),
    mailer: { transport: input.mail, from: 'xparts.lv <info@xparts.lv>' },
    dataSources: shopDataSources,
  };
}

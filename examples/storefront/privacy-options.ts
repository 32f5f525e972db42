import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import type { PrivacyOptions } from '../../index.js';
import { shopDataSources } from './data-sources.js';
import { isStaffMember } from './staff.js';

/**
 * xparts.lv's options for the privacy module: the app and `shop-privacy` read the same ones.
 * The app hands in its knex; the command line hands in a URL and never opens the staff pages.
 */
export function shopPrivacyOptions(input: { db: Knex | string; secret: string; publicUrl: string; mail: Transporter }): PrivacyOptions {
  const knex = typeof input.db === 'string' ? null : input.db;
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
    // Staff is a role an operator grants (`npm run staff -- grant <email>`), read on every
    // request so that revoking it closes the staff pages at once.
    ...(knex ? { isStaff: (req) => isStaffMember(knex, req.session?.customer?.id) } : {}),
    staffId: (req) => (req.session?.customer ? `customer-${req.session.customer.id}` : null),
    mailer: { transport: input.mail, from: 'xparts.lv <info@xparts.lv>' },
    dataSources: shopDataSources,
  };
}

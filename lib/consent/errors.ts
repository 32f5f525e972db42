import { PrivacyError } from '../http/errors.js';

/** A caller passed something the module cannot act on; nothing was changed. */
export class InvalidInputError extends PrivacyError {
  constructor(message: string) {
    super('invalid_input', `express-shop-privacy: ${message}`, 400);
  }
}

/** The address withdrew this consent before; only the person's own new consent can restore it. */
export class SuppressedError extends PrivacyError {
  constructor(readonly purpose: string) {
    super(
      'suppressed',
      `express-shop-privacy: this address withdrew "${purpose}" and is on the suppression list; only its owner's own consent can restore it`,
      409,
    );
  }
}

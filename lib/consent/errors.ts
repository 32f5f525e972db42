/** A caller passed something the module cannot act on; nothing was changed. */
export class InvalidInputError extends Error {
  readonly status = 400;
  constructor(message: string) {
    super(`express-shop-privacy: ${message}`);
    this.name = 'InvalidInputError';
  }
}

/** The address withdrew this consent before; only the person's own new consent can restore it. */
export class SuppressedError extends Error {
  readonly status = 409;
  constructor(readonly purpose: string) {
    super(`express-shop-privacy: this address withdrew "${purpose}" and is on the suppression list; only its owner's own consent can restore it`);
    this.name = 'SuppressedError';
  }
}

/** The secret every test instance signs cookies and CSRF tokens with. */
export const testSecret = 'test-only-secret-0123456789abcdefghijklmnop';

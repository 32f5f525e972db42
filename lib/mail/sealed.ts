import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * The outbox's messages sealed (AES-256-GCM) with a key derived from the app's secret: until it
 * is sent, a row holds a single-use link that the tokens table keeps only hashed, and the
 * person's details; whoever can read the database but not the secret reads neither.
 */
export function messageSeal(secret: string) {
  const key = createHmac('sha256', secret).update('express-shop-privacy/outbox/v1').digest();
  return {
    seal(text: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return ['v1', iv, body, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },

    /** The text, or null when it was sealed with another secret (or altered). */
    open(sealed: string): string | null {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !iv || !body || !tag) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

export type MessageSeal = ReturnType<typeof messageSeal>;

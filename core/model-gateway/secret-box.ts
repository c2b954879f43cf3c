import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SERVER_KEY_BYTES } from '../../schemas/server-key';
import { AppError } from '../app-error';
import { err, ok, type Result } from '../result';

/**
 * Seals short secrets (provider API keys, header values) with the server key: AES-256-GCM, a random 96-bit IV
 * per value, the context (e.g. the workspace) bound as additional data so a sealed value moved elsewhere fails.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** An AppError (internal) naming the cause when the value was sealed with another key or was altered. */
  open(sealed: string, context: string): Result<string>;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Identifies a key without revealing it, so a value sealed with another key is told apart from a damaged one. */
const keyId = (key: Uint8Array): string =>
  createHash('sha256').update('spanloop-secret-box').update(key).digest('hex').slice(0, 8);

/** Format: `v1.<key id>.<base64 of iv | tag | ciphertext>`. */
export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== SERVER_KEY_BYTES) throw new Error(`the server key must be ${SERVER_KEY_BYTES} bytes`);
  const id = keyId(key);
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
      return `${VERSION}.${id}.${sealed}`;
    },
    open(sealed, context) {
      const [version, sealedWith, data] = sealed.split('.');
      if (version !== VERSION || sealedWith === undefined || data === undefined)
        return err(new AppError('internal', 'a stored secret has an unknown format'));
      if (sealedWith !== id)
        return err(
          new AppError(
            'internal',
            'a stored secret was sealed with another server key: restore that SPANLOOP_SECRET_KEY or set the secret again',
          ),
        );
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length < IV_BYTES + TAG_BYTES)
        return err(new AppError('internal', 'a stored secret is truncated'));
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
        return ok(plain.toString('utf8'));
      } catch {
        return err(
          new AppError('internal', 'a stored secret failed authentication: it was altered or moved'),
        );
      }
    },
  };
}

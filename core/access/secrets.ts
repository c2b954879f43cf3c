import { createHash, randomBytes } from 'node:crypto';

export const PUBLIC_KEY_PREFIX = 'sl-pk-';
export const SECRET_KEY_PREFIX = 'sl-sk-';
/** Characters of the secret after its prefix that stay visible in listings. */
const VISIBLE = 6;

/** A random id with a readable type prefix (`ws_…`, `usr_…`, `key_…`). */
export const newId = (prefix: string): string => `${prefix}_${randomBytes(10).toString('hex')}`;

/** High-entropy secrets need no slow hash: sha256 cannot be brute-forced over 256 random bits. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export interface KeyMaterial {
  publicKey: string;
  secret: string;
  secretPrefix: string;
  secretHash: string;
}

/** The stored parts of a key pair. */
export const keyMaterial = (publicKey: string, secret: string): KeyMaterial => ({
  publicKey,
  secret,
  secretPrefix: secret.slice(0, SECRET_KEY_PREFIX.length + VISIBLE),
  secretHash: hashSecret(secret),
});

/** A new key pair: the public key names it (Basic auth user), the secret proves it (shown once). */
export const newKeyMaterial = (): KeyMaterial =>
  keyMaterial(
    PUBLIC_KEY_PREFIX + randomBytes(12).toString('hex'),
    SECRET_KEY_PREFIX + randomBytes(32).toString('base64url'),
  );

/** A console session token (cookie value); stored as its hash like key secrets. */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');

/** A readable generated password for the first administrator. */
export const newPassword = (): string => randomBytes(18).toString('base64url');

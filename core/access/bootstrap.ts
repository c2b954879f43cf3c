import type { MetadataStore } from '../metadata/types';
import { hashPassword } from './password';
import { createApiKey } from './api-keys';
import { keyMaterial, newPassword } from './secrets';
import { createUser, setMember } from './users';
import { createWorkspace, DEFAULT_WORKSPACE_ID } from './workspaces';

export interface FirstAdmin {
  email: string;
  /** Set when Spanloop chose the password; it is shown once and never stored in clear. */
  generatedPassword?: string;
}

/**
 * Creates the default workspace when missing and, on a store without users, the first administrator as its
 * owner. Returns the administrator only when it was created now, so the caller prints the login once.
 */
export async function ensureDefaults(
  store: MetadataStore,
  admin: { email: string; password?: string | undefined },
  initKey?: { publicKey: string; secret: string },
): Promise<FirstAdmin | undefined> {
  const generated = admin.password === undefined ? newPassword() : undefined;
  const passwordHash = await hashPassword(admin.password ?? generated ?? '');
  return store.transaction(async (tx) => {
    await tx.query('LOCK TABLE users IN EXCLUSIVE MODE');
    await createWorkspace(tx, { id: DEFAULT_WORKSPACE_ID, name: DEFAULT_WORKSPACE_ID });
    // Registered once: a later revocation sticks even though the configuration still names the key.
    if (initKey !== undefined) {
      const [known] = await tx.query('SELECT id FROM api_keys WHERE public_key = $1', [initKey.publicKey]);
      if (known === undefined)
        await createApiKey(tx, {
          workspaceId: DEFAULT_WORKSPACE_ID,
          name: 'initial key (configuration)',
          scopes: ['ingest', 'read'],
          material: keyMaterial(initKey.publicKey, initKey.secret),
        });
    }
    const [anyone] = await tx.query('SELECT id FROM users LIMIT 1');
    if (anyone !== undefined) return undefined;
    const user = await createUser(tx, {
      email: admin.email,
      displayName: 'Administrator',
      passwordHash,
      instanceAdmin: true,
    });
    if (user === undefined) return undefined;
    await setMember(tx, DEFAULT_WORKSPACE_ID, user.id, 'owner');
    return generated === undefined
      ? { email: user.email }
      : { email: user.email, generatedPassword: generated };
  });
}

import type { SqlClient } from '../metadata/types';
import { hashSecret, newSessionToken } from './secrets';

/** Starts a console session; the token goes into a cookie and only its hash is stored. */
export async function createSession(
  sql: SqlClient,
  userId: string,
  expiresAt: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken();
  await sql.query('INSERT INTO user_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    hashSecret(token),
    userId,
    expiresAt,
  ]);
  return { token, expiresAt };
}

/** The user of a live session, or undefined for an unknown or expired token. */
export async function sessionUser(sql: SqlClient, token: string, now: Date): Promise<string | undefined> {
  const rows = await sql.query(
    'SELECT user_id FROM user_sessions WHERE token_hash = $1 AND expires_at > $2',
    [hashSecret(token), now],
  );
  const userId = rows[0]?.user_id;
  return typeof userId === 'string' ? userId : undefined;
}

export async function endSession(sql: SqlClient, token: string): Promise<void> {
  await sql.query('DELETE FROM user_sessions WHERE token_hash = $1', [hashSecret(token)]);
}

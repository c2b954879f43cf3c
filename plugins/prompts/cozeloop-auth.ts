import { withoutNulls } from '../../schemas/cozeloop-json';
import type { Context } from 'hono';
import type { Principal } from '../../core/access/principal';
import { AppError } from '../../core/app-error';
import { jsonBodyOf, type RootAuthenticate } from '../sdk/index';

/** The `workspace_id` a request names (by id or name): a JSON string or number; undefined when absent. */
function workspaceOf(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const workspace = String(value);
  if (workspace === '') throw new AppError('invalid_argument', 'workspace_id is required');
  return workspace;
}

/** Authenticates with the workspace taken from `workspace` (else the `cozeloop-workspace-id` header). */
const principalFor = (
  c: Context,
  authenticate: RootAuthenticate,
  workspace: string | undefined,
  scope: Scope,
) =>
  authenticate(
    (name) =>
      name.toLowerCase() === 'cozeloop-workspace-id' ? (workspace ?? c.req.header(name)) : c.req.header(name),
    scope,
  );

type Scope = 'read' | 'write' | 'run';

/**
 * A request whose JSON body names its `workspace_id`: the key must allow that workspace; the body is validated
 * by the caller, after authentication (so a wrong key answers 401 whatever the body).
 */
export async function authenticateBody(
  c: Context,
  authenticate: RootAuthenticate,
  scope: Scope,
): Promise<{ principal: Principal; body: unknown }> {
  const json = await jsonBodyOf(c);
  const raw = json.ok ? json.value : undefined;
  const field =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).workspace_id : undefined;
  const principal = await principalFor(c, authenticate, workspaceOf(field), scope);
  if (!json.ok) throw json.error;
  return { principal, body: withoutNulls(raw) };
}

/** A request (GET, DELETE) naming its workspace in the `workspace_id` query parameter. */
export const authenticateQuery = (
  c: Context,
  authenticate: RootAuthenticate,
  scope: Scope,
): Promise<Principal> => principalFor(c, authenticate, workspaceOf(c.req.query('workspace_id')), scope);

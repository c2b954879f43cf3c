import { useState, type FormEvent } from 'react';
import { ROLES, type MemberView, type Role } from '../api/types';
import { ErrorBox } from '../app/error-box';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { RoleNote } from './settings-page';

const ROLE_HELP: Record<Role, string> = {
  owner: 'everything, including other owners',
  admin: 'members, keys and settings',
  member: 'read and change data (prompts, datasets)',
  viewer: 'read only',
};

/** Who belongs to the workspace and with which role; admins add, change and remove members. */
export function MemberSettings() {
  const ws = useWorkspace();
  const list = useLoad(`${ws.id}/members`, (signal) =>
    ws.can('admin')
      ? ws.api.get<{ members: MemberView[] }>('/workspace/members', undefined, signal)
      : Promise.resolve({ members: [] }),
  );
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  if (!ws.can('admin')) return <RoleNote need="the admin or owner role" />;

  const act = (p: Promise<unknown>) => {
    setError(undefined);
    p.then(() => list.reload(), setError);
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    act(
      ws.api
        .post('/workspace/members', { email, role, ...(password === '' ? {} : { password }) })
        .then(() => {
          setEmail('');
          setPassword('');
        }),
    );
  };

  return (
    <div>
      <h2>Members</h2>
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {error !== undefined && <ErrorBox error={error} />}
      <table className="data-table">
        <caption className="visually-hidden">Members of this workspace</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.members ?? []).map((m) => (
            <tr key={m.userId}>
              <td>
                {m.email}
                {m.userId === ws.principal.userId && <span className="muted"> (you)</span>}
              </td>
              <td>
                <select
                  aria-label={`Role of ${m.email}`}
                  value={m.role}
                  onChange={(e) =>
                    act(
                      ws.api.patch(`/workspace/members/${encodeURIComponent(m.userId)}`, {
                        role: e.target.value,
                      }),
                    )
                  }
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  type="button"
                  className="small danger"
                  onClick={() => {
                    if (window.confirm(`Remove ${m.email} from this workspace?`))
                      act(ws.api.del(`/workspace/members/${encodeURIComponent(m.userId)}`));
                  }}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="stack-form" onSubmit={add} aria-label="Add a member">
        <h3>Add a member</h3>
        <label className="field">
          <span>Email</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r} — {ROLE_HELP[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Initial password (for a new user; leave empty to add an existing user)</span>
          <input
            type="password"
            autoComplete="new-password"
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          Add member
        </button>
      </form>
    </div>
  );
}

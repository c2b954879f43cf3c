import { useState, type FormEvent } from 'react';
import {
  ROLES,
  type CreatedInvitationView,
  type InvitationView,
  type MemberView,
  type Role,
} from '../api/types';
import { formatDate } from '../app/format';
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

/** Who belongs to the workspace and with which role; admins invite, change and remove members. */
export function MemberSettings() {
  const ws = useWorkspace();
  const list = useLoad(`${ws.id}/members`, (signal) =>
    ws.can('admin')
      ? ws.api.get<{ members: MemberView[] }>('/workspace/members', undefined, signal)
      : Promise.resolve({ members: [] }),
  );
  const pending = useLoad(`${ws.id}/invitations`, (signal) =>
    ws.can('admin')
      ? ws.api.get<{ invitations: InvitationView[] }>('/workspace/invitations', undefined, signal)
      : Promise.resolve({ invitations: [] }),
  );
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [created, setCreated] = useState<CreatedInvitationView | undefined>();
  const [error, setError] = useState<unknown>();
  if (!ws.can('admin')) return <RoleNote need="the admin or owner role" />;

  const act = (p: Promise<unknown>) => {
    setError(undefined);
    p.then(() => {
      list.reload();
      pending.reload();
    }, setError);
  };
  const invite = (e: FormEvent) => {
    e.preventDefault();
    setCreated(undefined);
    act(
      ws.api.post<CreatedInvitationView>('/workspace/invitations', { email, role }).then((inv) => {
        setCreated(inv);
        setEmail('');
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
      <h3>Pending invitations</h3>
      {(pending.data?.invitations ?? []).length === 0 ? (
        <p className="muted">No pending invitations.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Pending invitations</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(pending.data?.invitations ?? []).map((i) => (
              <tr key={i.id}>
                <td>{i.email}</td>
                <td>{i.role}</td>
                <td>{formatDate(i.expiresAt)}</td>
                <td>
                  <button
                    type="button"
                    className="small danger"
                    onClick={() => act(ws.api.del(`/workspace/invitations/${encodeURIComponent(i.id)}`))}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {created !== undefined && (
        <div className="notice" role="status">
          <p>
            Invitation for <strong>{created.email}</strong> ({created.role}). Give them this link; it is shown
            only now and works for 7 days:
          </p>
          <input
            readOnly
            aria-label="Invitation link"
            className="mono"
            value={`${window.location.origin}${created.path}`}
            onFocus={(e) => e.target.select()}
          />
        </div>
      )}
      <form className="stack-form" onSubmit={invite} aria-label="Invite a member">
        <h3>Invite a member</h3>
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
        <button type="submit" className="primary">
          Invite
        </button>
      </form>
    </div>
  );
}

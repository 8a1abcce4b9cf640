// Users (administrator): every user with roles and state (active, disabled, locked); add a user
// with one or more roles and a first PIN; for a chosen user (Manage), set roles, reset the PIN,
// unlock, disable or re-enable. Each change needs a reason and is audited by the core, which
// also refuses what would leave no active administrator; its refusal shows at the field.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Role } from '../../../src-shared/domain';
import { ROLES } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { UserAdminView } from '../../../src-shared/ipc/users-schemas';
import { useApi, useAppState } from '../../app/context';
import { DataTable } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { ROLE_LABELS } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { fieldProblems, formatTownTime, orderedRoles, ROLE_HINTS, rolesText, type FieldProblems } from './admin-forms';
import './admin.css';

function statusText(u: UserAdminView, timeZone: string | null): string {
  if (!u.active) return 'Disabled';
  if (u.lockedUntil) return `Locked until ${formatTownTime(u.lockedUntil, timeZone)}`;
  if (u.failedAttempts > 0) return `Active (${u.failedAttempts} failed sign-in${u.failedAttempts === 1 ? '' : 's'})`;
  return 'Active';
}

export function UsersScreen() {
  const api = useApi();
  const list = useLoad(() => api.call('users.list', {}), 'users');
  const settings = useLoad(() => api.call('settings.get', {}), 'users-settings');
  const timeZone = settings.value?.timeZone ?? null;
  const [managing, setManaging] = useState<number | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const users = list.value?.users ?? [];
  const chosen = users.find((u) => u.id === managing) ?? null;
  return (
    <div className="users-admin">
      <h1 ref={headingRef} tabIndex={-1}>
        Users
      </h1>
      {!list.value && list.loading && <p role="status">Loading the users…</p>}
      <ErrorAlert error={list.error} prefix="Could not load the users:" />
      {list.value && (
        <DataTable
          caption="Users, active first"
          columns={[{ label: 'Username' }, { label: 'Name' }, { label: 'Roles' }, { label: 'Status' }, { label: 'Actions' }]}
          rows={users}
          empty="No users."
          row={(u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{rolesText(u.roles)}</td>
              <td>{statusText(u, timeZone)}</td>
              <td>
                <button type="button" aria-label={`Manage ${u.username}`} onClick={() => setManaging(u.id)}>
                  Manage
                </button>
              </td>
            </tr>
          )}
        />
      )}
      <AddUserForm onAdded={() => void list.reload()} />
      {chosen && <ManageUserDialog user={chosen} timeZone={timeZone} onChanged={() => void list.reload()} onClose={() => setManaging(null)} />}
    </div>
  );
}

function RolesFieldset({ legend, ticked, onChange, error }: { legend: string; ticked: ReadonlySet<Role>; onChange: (next: Set<Role>) => void; error?: string | null }) {
  const id = useId();
  return (
    <fieldset className="roles-fieldset" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {ROLES.map((r) => (
        <div className="field field-check" key={r}>
          <input
            id={`${id}-${r}`}
            type="checkbox"
            checked={ticked.has(r)}
            onChange={(e) => {
              const next = new Set(ticked);
              if (e.target.checked) next.add(r);
              else next.delete(r);
              onChange(next);
            }}
          />
          <label htmlFor={`${id}-${r}`}>
            {ROLE_LABELS[r]} <span className="muted">({ROLE_HINTS[r]})</span>
          </label>
        </div>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

interface AddDraft {
  username: string;
  displayName: string;
  roles: Set<Role>;
  pin: string;
  pin2: string;
  reason: string;
}

const emptyAdd = (): AddDraft => ({ username: '', displayName: '', roles: new Set(), pin: '', pin2: '', reason: '' });

function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const api = useApi();
  const [d, setD] = useState<AddDraft>(emptyAdd);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const firstRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setDone('');
    const local: FieldProblems = {};
    if (d.pin !== d.pin2) local.pin2 = 'The two PINs differ.';
    if (d.reason.trim().length < 3) local.reason = 'Say why the user is added (at least 3 characters).';
    if (d.roles.size === 0) local.roles = 'Choose at least one role.';
    if (Object.keys(local).length > 0) {
      setProblems(local);
      setError(null);
      return;
    }
    setBusy(true);
    const env = await api.call('users.create', { username: d.username, displayName: d.displayName, roles: orderedRoles(d.roles), secret: d.pin, reason: d.reason.trim() });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      setProblems(fieldProblems(env.error));
      setD((x) => ({ ...x, pin: '', pin2: '' }));
      return;
    }
    setError(null);
    setProblems({});
    setD(emptyAdd());
    setDone(`Added ${env.value.username} (${rolesText(env.value.roles)}).`);
    firstRef.current?.focus();
    onAdded();
  }

  return (
    <section className="card" aria-labelledby="add-user-heading">
      <h2 id="add-user-heading">Add a user</h2>
      <form onSubmit={(e) => void submit(e)} aria-label="Add a user" noValidate>
        <TextField label="Username" inputRef={firstRef} value={d.username} maxLength={32} hint="2 to 32 letters, digits, dot, dash or underscore; what they type to sign in." error={problems.username} onChange={(username) => setD({ ...d, username })} />
        <TextField label="Name shown on screen" value={d.displayName} maxLength={80} error={problems.displayName} onChange={(displayName) => setD({ ...d, displayName })} />
        <RolesFieldset legend="Roles (their permissions add up)" ticked={d.roles} error={problems.roles} onChange={(roles) => setD({ ...d, roles })} />
        <TextField label="PIN or password" type="password" value={d.pin} maxLength={128} error={problems.secret} onChange={(pin) => setD({ ...d, pin })} />
        <TextField label="Repeat the PIN" type="password" value={d.pin2} maxLength={128} error={problems.pin2} onChange={(pin2) => setD({ ...d, pin2 })} />
        <TextField label="Reason for adding" value={d.reason} maxLength={500} error={problems.reason} onChange={(reason) => setD({ ...d, reason })} />
        <ErrorAlert error={error} prefix="Not added:" />
        <div className="form-actions">
          <button type="submit" disabled={busy} aria-busy={busy}>
            Add user
          </button>
        </div>
        <p role="status" className="done">
          {done}
        </p>
      </form>
    </section>
  );
}

function ManageUserDialog({ user, timeZone, onChanged, onClose }: { user: UserAdminView; timeZone: string | null; onChanged: () => void; onClose: () => void }) {
  const api = useApi();
  const me = useAppState((s) => s.session?.user.id ?? null);
  const [reason, setReason] = useState('');
  const [roles, setRoles] = useState<Set<Role>>(() => new Set(user.roles));
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [problems, setProblems] = useState<FieldProblems>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const reasonRef = useRef<HTMLInputElement>(null);

  async function act(what: 'roles' | 'pin' | 'unlock' | 'disable' | 'enable') {
    if (busy) return;
    setDone('');
    const local: FieldProblems = {};
    if (reason.trim().length < 3) local.reason = 'Give the reason for this change (at least 3 characters).';
    if (what === 'roles' && roles.size === 0) local.roles = 'Choose at least one role.';
    if (what === 'pin' && pin !== pin2) local.pin2 = 'The two PINs differ.';
    if (Object.keys(local).length > 0) {
      setProblems(local);
      setError(null);
      if (local.reason) reasonRef.current?.focus();
      return;
    }
    const why = reason.trim();
    setBusy(true);
    const env =
      what === 'roles'
        ? await api.call('users.setRoles', { userId: user.id, roles: orderedRoles(roles), reason: why })
        : what === 'pin'
          ? await api.call('users.resetPin', { userId: user.id, secret: pin, reason: why })
          : what === 'unlock'
            ? await api.call('users.unlock', { userId: user.id, reason: why })
            : what === 'disable'
              ? await api.call('users.disable', { userId: user.id, reason: why })
              : await api.call('users.enable', { userId: user.id, reason: why });
    setBusy(false);
    setPin('');
    setPin2('');
    if (!env.ok) {
      setError(env.error);
      setProblems(fieldProblems(env.error));
      return;
    }
    setError(null);
    setProblems({});
    setReason('');
    setRoles(new Set(env.value.roles));
    const name = env.value.username;
    setDone(
      what === 'roles'
        ? `Roles of ${name}: ${rolesText(env.value.roles)}.`
        : what === 'pin'
          ? `New PIN set for ${name}.`
          : what === 'unlock'
            ? `${name} is unlocked.`
            : what === 'disable'
              ? `${name} is disabled.`
              : `${name} is enabled again.`,
    );
    onChanged();
  }

  const locked = user.lockedUntil !== null || user.failedAttempts > 0;
  return (
    <Dialog label={`Manage user ${user.username}`} onClose={onClose} className="manage-user">
      <h2>
        {user.displayName} ({user.username})
      </h2>
      <p>
        {rolesText(user.roles)} · {statusText(user, timeZone)}
      </p>
      <TextField label="Reason for the change" inputRef={reasonRef} value={reason} maxLength={500} hint="Needed for every change below; it goes in the audit log." error={problems.reason} onChange={setReason} />
      <form
        aria-label="Roles"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act('roles');
        }}
      >
        <RolesFieldset legend="Roles" ticked={roles} error={problems.roles} onChange={setRoles} />
        <button type="submit" disabled={busy}>
          Save roles
        </button>
      </form>
      <form
        aria-label="Reset the PIN"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act('pin');
        }}
      >
        <TextField label="New PIN" type="password" value={pin} maxLength={128} error={problems.secret} onChange={setPin} />
        <TextField label="Repeat the new PIN" type="password" value={pin2} maxLength={128} error={problems.pin2} onChange={setPin2} />
        <button type="submit" disabled={busy}>
          Reset PIN
        </button>
      </form>
      <div className="form-actions">
        {locked && (
          <button type="button" disabled={busy} onClick={() => void act('unlock')}>
            Unlock
          </button>
        )}
        {user.active ? (
          <button type="button" disabled={busy || user.id === me} title={user.id === me ? 'You cannot disable yourself.' : undefined} onClick={() => void act('disable')}>
            Disable user
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => void act('enable')}>
            Enable user
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorAlert error={error} prefix="Refused:" />
      <p role="status" className="done">
        {done}
      </p>
    </Dialog>
  );
}

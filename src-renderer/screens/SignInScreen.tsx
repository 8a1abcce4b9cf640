// Sign-in: username and PIN or password, the town, station and business date from
// ledger.status, and the ledger-health banner. Escape clears the form.
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AppError } from '../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../app/context';
import { HealthBanner } from '../app/HealthBanner';
import { firstScreenFor } from '../app/screens';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatDate } from '../ui/format';

export function SignInScreen({ onReloadStatus }: { onReloadStatus: () => Promise<void> }) {
  const api = useApi();
  const { store } = useServices();
  const status = useAppState((s) => s.status);
  const statusError = useAppState((s) => s.statusError);
  const signedOutReason = useAppState((s) => s.signedOutReason);
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (username.trim() === '') {
      setError({ code: 'BAD_INPUT', message: 'Enter your username.' });
      userRef.current?.focus();
      return;
    }
    if (secret === '') {
      setError({ code: 'BAD_INPUT', message: 'Enter your PIN or password.' });
      secretRef.current?.focus();
      return;
    }
    setBusy(true);
    const env = await api.call('session.signIn', { username, secret });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      setSecret('');
      secretRef.current?.focus();
      return;
    }
    setError(null);
    store.getState().signIn(env.value, firstScreenFor(env.value.user.roles));
    // The business date may have rolled over since the sign-in screen loaded.
    void onReloadStatus();
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    setUsername('');
    setSecret('');
    setError(null);
    userRef.current?.focus();
  }

  return (
    <div className="signin-page">
      <header className="signin-header">
        <p className="town-name">{status?.townName ?? 'TownCounter'}</p>
        {status && (
          <p className="signin-meta">
            <span>Station {status.station}</span> <span>Business date {formatDate(status.businessDate)}</span>
          </p>
        )}
      </header>
      <HealthBanner />
      <main className="signin-main" id="main">
        <h1>Sign in</h1>
        {statusError && (
          <div role="alert" className="alert alert-error">
            Could not read the ledger status: {statusError.message}{' '}
            <button type="button" onClick={() => void onReloadStatus()}>
              Try again
            </button>
          </div>
        )}
        {signedOutReason && (
          <p role="status" className="alert alert-info">
            {signedOutReason}
          </p>
        )}
        <form className="signin-form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate aria-label="Sign in">
          <div className="field">
            <label htmlFor="signin-username">Username</label>
            <input
              id="signin-username"
              ref={userRef}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={32}
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="signin-secret">PIN or password</label>
            <input id="signin-secret" ref={secretRef} name="secret" type="password" autoComplete="current-password" maxLength={128} value={secret} onChange={(e) => setSecret(e.target.value)} />
          </div>
          <ErrorAlert error={error} />
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            Sign in
          </button>
        </form>
      </main>
    </div>
  );
}

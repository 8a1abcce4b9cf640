// The ledger-health banner: shown on the sign-in screen and in the frame. Red for as long as the
// ledger's start-up check has failed (the core refuses every posting meanwhile), the ledger can't
// be written (read-only) or the last write met a storage fault (disk full, I/O error); a quiet
// status line while the start-up check is still running in the background (the app already
// works), polled until it finishes. A stored setting that was refused (its default is used) or a
// private file others can read shows as a warning banner: posting goes on.
import { useEffect } from 'react';
import { useApi, useServices, useAppState } from './context';

export const UNHEALTHY_TEXT = 'Ledger failed its start-up check — posting is stopped';
export const READ_ONLY_TEXT = 'The ledger cannot be written — posting is stopped';
export const FAULT_TEXT = 'The ledger could not save the last change';

/** How often the banner asks again while the start-up check runs. */
export const CHECK_POLL_MS = 1000;

export const WARNINGS_TEXT = 'Needs an administrator';

export function HealthBanner() {
  const status = useAppState((s) => s.status);
  const api = useApi();
  const { store } = useServices();
  const running = status?.check?.state === 'running';

  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => {
      void api.call('ledger.status', {}).then((env) => {
        if (env.ok) store.getState().setStatus(env.value);
      });
    }, CHECK_POLL_MS);
    return () => clearTimeout(timer);
  }, [running, status, api, store]);

  if (!status) return null;
  const checking = running ? (
    <p role="status" className="banner-note">
      Checking the ledger in the background… {Math.round((status.check?.progress ?? 0) * 100)} %
    </p>
  ) : null;
  if (status.healthy) return status.warnings && status.warnings.length > 0 ? (
    <>
      <WarningsBanner warnings={status.warnings} />
      {checking}
    </>
  ) : (
    checking
  );
  const failed = status.check ? status.check.state === 'failed' : true;
  const title = failed ? UNHEALTHY_TEXT : status.fault?.code === 'LEDGER_READ_ONLY' ? READ_ONLY_TEXT : FAULT_TEXT;
  return (
    <>
      <div role="alert" className="banner banner-danger">
        <p className="banner-title">{title}</p>
        <p>{failed || status.fault?.code === 'LEDGER_READ_ONLY' ? 'You can look accounts up, but nothing can be posted. Call your administrator.' : 'Nothing was lost: the change was not saved. Try again once the problem below is fixed.'}</p>
        {status.problems.length > 0 && (
          <ul aria-label="Problems found">
            {status.problems.slice(0, 5).map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        )}
        {status.warnings && status.warnings.length > 0 && (
          <ul aria-label="Settings and files to fix">
            {status.warnings.slice(0, 5).map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        )}
      </div>
      {checking}
    </>
  );
}

/** A bad stored setting or a file others can read: posting goes on, but an administrator must fix it. */
function WarningsBanner({ warnings }: { warnings: string[] }) {
  return (
    <div role="alert" className="banner banner-danger">
      <p className="banner-title">{WARNINGS_TEXT}</p>
      <p>The app is working, but an administrator must fix this (Settings, as admin):</p>
      <ul aria-label="Settings and files to fix">
        {warnings.slice(0, 5).map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

// The ledger-health banner: shown on the sign-in screen and in the frame for as long as the
// ledger's start-up check has failed (the core refuses every posting meanwhile), and for a
// stored setting that was refused (its default is used) or a private file others can read.
import { useAppState } from './context';

export const UNHEALTHY_TEXT = 'Ledger failed its start-up check — posting is stopped';

export const WARNINGS_TEXT = 'Needs an administrator';

export function HealthBanner() {
  const status = useAppState((s) => s.status);
  if (!status) return null;
  if (status.healthy) return status.warnings && status.warnings.length > 0 ? <WarningsBanner warnings={status.warnings} /> : null;
  return (
    <div role="alert" className="banner banner-danger">
      <p className="banner-title">{UNHEALTHY_TEXT}</p>
      <p>You can look accounts up, but nothing can be posted. Call your administrator.</p>
      {status.problems.length > 0 && (
        <ul aria-label="Problems found at start-up">
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

// The ledger-health banner: shown on the sign-in screen and in the frame for as long as the
// ledger's start-up check has failed (the core refuses every posting meanwhile).
import { useAppState } from './context';

export const UNHEALTHY_TEXT = 'Ledger failed its start-up check — posting is stopped';

export function HealthBanner() {
  const status = useAppState((s) => s.status);
  if (!status || status.healthy) return null;
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
    </div>
  );
}

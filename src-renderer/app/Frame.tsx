// The signed-in frame: header (town, station, business date, printer status, user, Sign out),
// the health banner, the Main navigation built from SCREENS, and the current screen. Alt+digit
// jumps to a screen from anywhere. The printer status is polled here and shared with the screens.
import { useEffect, useState } from 'react';
import type { LedgerStatus } from '../../src-shared/ipc/contract';
import { useApi, useAppState, useServices } from './context';
import { HealthBanner } from './HealthBanner';
import { screensFor } from './screens';
import { ExportFrameStatus, useExportStatusPoll } from '../screens/export/ExportFrameStatus';
import { PrinterStatusContext, PrinterStatusIndicator, usePrinterStatusPoll } from '../screens/printer/printer-status';
import { formatDate, ROLE_LABELS } from '../ui/format';
import { rolesOf } from '../../src-shared/domain';

/** The open business day; once the day is closed, says so and names the next one (never a closed day as if open). */
function BusinessDateMeta({ status }: { status: LedgerStatus }) {
  if (status.businessDayOpen || !status.closedBusinessDate) return <span className="meta">Business date {formatDate(status.businessDate)}</span>;
  return (
    <span className="meta">
      Day {formatDate(status.closedBusinessDate)} closed — next: {formatDate(status.businessDate)}
    </span>
  );
}

export function Frame() {
  const api = useApi();
  const { store } = useServices();
  const session = useAppState((s) => s.session);
  const status = useAppState((s) => s.status);
  const route = useAppState((s) => s.route);
  const [signingOut, setSigningOut] = useState(false);
  const printer = usePrinterStatusPoll(api);
  const exportStatus = useExportStatusPoll(api);
  const virtualPrinter = printer.status?.virtual === true;
  const screens = session ? screensFor(session.user.roles).filter((s) => s.onlyWhen !== 'virtualPrinter' || virtualPrinter) : [];
  const current = screens.find((s) => s.id === route) ?? screens[0];

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      // A digit or a letter, read from the physical key so layouts and Alt+letter characters (macOS) don't matter.
      const key = /^(?:Digit|Key)([0-9A-Z])$/.exec(e.code)?.[1] ?? (/^[0-9a-z]$/i.test(e.key) ? e.key.toUpperCase() : null);
      const target = key === null ? undefined : screens.find((s) => s.shortcut !== undefined && s.shortcut === key);
      if (!target) return;
      e.preventDefault();
      go(target.id);
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  function go(id: string) {
    const s = store.getState();
    // Choosing Accounts again from the nav goes back to the search list.
    if (id === 'accounts' && s.route === 'accounts') s.closeAccount();
    s.navigate(id);
  }

  async function signOut() {
    if (signingOut) return;
    setSigningOut(true);
    // Signed out here whatever the ledger answers: the token is forgotten either way.
    await api.call('session.signOut', {});
    store.getState().signOut();
  }

  if (!session || !current) return null;
  const Screen = current.Component;
  return (
    <PrinterStatusContext.Provider value={printer}>
      <div className="frame">
        <header className="app-header">
          <div className="app-id">
            <span className="town-name">{status?.townName ?? 'TownCounter'}</span>
            <span className="meta">Station {session.station}</span>
            {status && <BusinessDateMeta status={status} />}
            <PrinterStatusIndicator />
            <ExportFrameStatus status={exportStatus} />
          </div>
          <div className="app-user">
            <span className="user-name">{session.user.displayName}</span>
            <span className="user-role">{rolesOf(session.user).map((r) => ROLE_LABELS[r]).join(' + ')}</span>
            <button type="button" onClick={() => void signOut()} disabled={signingOut}>
              Sign out
            </button>
          </div>
        </header>
        <HealthBanner />
        <div className="frame-body">
          <nav aria-label="Main" className="main-nav">
            <ul>
              {screens.map((s) => (
                <li key={s.id}>
                  <button type="button" aria-current={s.id === current.id ? 'page' : undefined} aria-keyshortcuts={s.shortcut ? `Alt+${s.shortcut}` : undefined} onClick={() => go(s.id)}>
                    <span>{s.label}</span>
                    {s.shortcut && <kbd aria-hidden="true">Alt+{s.shortcut}</kbd>}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" className="screen">
            <Screen key={current.id} />
          </main>
        </div>
      </div>
    </PrinterStatusContext.Provider>
  );
}

// Reports (cashier, supervisor, administrator): pick a business day (newest first, open or
// closed), then view its daily cash report and receipt journal (supervisor, administrator)
// and its drawer reports (a cashier sees their own) — each on screen, as a PDF and printed.
// A supervisor closes the business day here, after a confirmation; a day with open drawers or
// unposted mail batches is refused and the reason shown.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { roleHas, type Role } from '../../../src-shared/domain';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField } from '../../ui/fields';
import { formatDate, useTownTime, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { DailyCashReportView } from './DailyCashReportView';
import { DrawerReportView } from './DrawerReportView';
import { ReceiptJournalView } from './ReceiptJournalView';
import { varianceText } from './report-format';
import './reports.css';

type BusinessDay = MethodOutput<'day.list'>['days'][number];
type View = 'daily' | 'journal' | 'drawers';

const VIEW_LABELS: Record<View, string> = { daily: 'Daily cash report', journal: 'Receipt journal', drawers: 'Drawer reports' };

/** The views a role may open. Day reports need reports.read; drawer reports (and every report
 *  PDF, see the contract's reports.pdf) need drawer.operate. */
/** Roles assumed while no one is signed in (the frame shows no screen then). */
const NO_SESSION_ROLES: readonly Role[] = ['cashier'];

function viewsFor(role: readonly Role[]): View[] {
  const v: View[] = [];
  if (roleHas(role, 'reports.read')) v.push('daily', 'journal');
  if (roleHas(role, 'drawer.operate')) v.push('drawers');
  return v;
}

function dayStatus(d: BusinessDay, stamp: (iso: string) => string): string {
  if (d.closedAt) return `Closed ${stamp(d.closedAt)}${d.closedBy ? ` by ${d.closedBy}` : ''}.`;
  const parts = [`${d.openDrawers} open drawer${d.openDrawers === 1 ? '' : 's'}`, `${d.openBatches} unposted mail batch${d.openBatches === 1 ? '' : 'es'}`];
  return `Open: ${parts.join(', ')}.`;
}

export function ReportsScreen() {
  const api = useApi();
  const { stamp } = useTownTime();
  const role = useAppState((s) => s.session?.user.roles ?? NO_SESSION_ROLES);
  const [version, setVersion] = useState(0);
  const days = useLoad(() => api.call('day.list', { limit: 60 }), 'days');
  const [picked, setPicked] = useState<string | null>(null);
  const views = viewsFor(role);
  const [view, setView] = useState<View>(views[0] ?? 'drawers');
  const [confirming, setConfirming] = useState(false);
  const [closedMessage, setClosedMessage] = useState('');
  const list = days.value?.days ?? [];
  const date = picked ?? list[0]?.businessDate ?? null;
  const day = list.find((d) => d.businessDate === date) ?? null;
  // Keyboard-first: once the days are in, focus goes to the day picker (once per visit).
  const focused = useRef(false);
  const hasDay = day !== null;
  useEffect(() => {
    if (!hasDay || focused.current) return;
    focused.current = true;
    document.getElementById('report-day')?.focus();
  }, [hasDay]);
  const canDownload = roleHas(role, 'drawer.operate');

  return (
    <div className="reports-screen">
      <h1>Reports</h1>
      {!days.value && days.loading && <p role="status">Loading business days…</p>}
      <ErrorAlert error={days.error} prefix="Could not list the business days:" />
      {days.value && list.length === 0 && <p className="muted">No business days yet: the first drawer or mail batch opens one.</p>}
      {day && date && (
        <>
          <div className="report-toolbar">
            <SelectField
              id="report-day"
              label="Business day"
              value={date}
              onChange={(v) => {
                setPicked(v);
                setClosedMessage('');
              }}
              options={list.map((d) => ({ value: d.businessDate, label: `${formatDate(d.businessDate)} — ${d.closedAt ? 'closed' : 'open'}` }))}
            />
            {roleHas(role, 'day.close') && !day.closedAt && (
              <button type="button" className="danger" onClick={() => setConfirming(true)}>
                Close business day
              </button>
            )}
          </div>
          <p className="day-status" role="status">
            {closedMessage || `Business day ${formatDate(day.businessDate)}: ${dayStatus(day, stamp)}`}
          </p>
          <ReportTabs views={views} view={view} onView={setView} />
          <div {...(views.length > 1 ? { role: 'tabpanel', id: `report-panel-${view}`, 'aria-labelledby': `report-tab-${view}`, tabIndex: 0 } : {})}>
            {view === 'daily' && <DailyPanel key={`${date}:${version}`} date={date} canDownload={canDownload} />}
            {view === 'journal' && <JournalPanel key={`${date}:${version}`} date={date} canDownload={canDownload} />}
            {view === 'drawers' && <DrawersPanel key={`${date}:${version}`} date={date} supervisor={role.includes('supervisor')} />}
          </div>
          {confirming && (
            <CloseDayDialog
              day={day}
              onCancel={() => setConfirming(false)}
              onClosed={(d) => {
                setConfirming(false);
                setClosedMessage(`Business day ${formatDate(d.businessDate)} is closed. The next posting opens the next business day.`);
                setVersion((v) => v + 1);
                // The Close business day button goes away with the reload: focus goes back to the day picker.
                void days.reload().then(() => document.getElementById('report-day')?.focus());
              }}
            />
          )}
        </>
      )}
    </div>
  );
}

/** Tabs for the report views: arrow keys move between them, Home/End to the ends. */
function ReportTabs({ views, view, onView }: { views: View[]; view: View; onView: (v: View) => void }) {
  if (views.length < 2) return null;
  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>) {
    const i = views.indexOf(view);
    const to = e.key === 'ArrowRight' ? views[(i + 1) % views.length] : e.key === 'ArrowLeft' ? views[(i - 1 + views.length) % views.length] : e.key === 'Home' ? views[0] : e.key === 'End' ? views[views.length - 1] : undefined;
    if (!to) return;
    e.preventDefault();
    onView(to);
    document.getElementById(`report-tab-${to}`)?.focus();
  }
  return (
    <div role="tablist" aria-label="Report" className="tabs no-print">
      {views.map((v) => (
        <button key={v} type="button" role="tab" id={`report-tab-${v}`} aria-selected={v === view} aria-controls={`report-panel-${v}`} tabIndex={v === view ? 0 : -1} onClick={() => onView(v)} onKeyDown={onKeyDown}>
          {VIEW_LABELS[v]}
        </button>
      ))}
    </div>
  );
}

function DailyPanel({ date, canDownload }: { date: string; canDownload: boolean }) {
  const api = useApi();
  const r = useLoad(() => api.call('reports.daily', { businessDate: date }), date);
  return (
    <>
      {!r.value && r.loading && <p role="status">Loading the daily cash report…</p>}
      <ErrorAlert error={r.error} prefix="Could not load the daily cash report:" />
      {r.value && <DailyCashReportView report={r.value} canDownload={canDownload} />}
    </>
  );
}

function JournalPanel({ date, canDownload }: { date: string; canDownload: boolean }) {
  const api = useApi();
  const r = useLoad(() => api.call('reports.receiptJournal', { businessDate: date }), date);
  return (
    <>
      {!r.value && r.loading && <p role="status">Loading the receipt journal…</p>}
      <ErrorAlert error={r.error} prefix="Could not load the receipt journal:" />
      {r.value && <ReceiptJournalView report={r.value} canDownload={canDownload} />}
    </>
  );
}

function DrawersPanel({ date, supervisor }: { date: string; supervisor: boolean }) {
  const api = useApi();
  const list = useLoad(() => api.call('drawer.list', { businessDate: date }), date);
  const [shown, setShown] = useState<number | null>(null);
  const drawers = list.value?.drawers ?? [];
  const report = drawers.find((d) => d.drawerId === shown) ?? null;
  const captionId = useId();
  return (
    <>
      {!list.value && list.loading && <p role="status">Loading the drawers…</p>}
      <ErrorAlert error={list.error} prefix="Could not list the drawers:" />
      {list.value && drawers.length === 0 && <p className="muted">{supervisor ? 'No drawers on this day.' : 'You had no drawer on this day.'}</p>}
      {drawers.length > 0 && (
        <table className="data" aria-labelledby={captionId}>
          <caption id={captionId}>Drawers of {formatDate(date)}</caption>
          <thead>
            <tr>
              <th scope="col">Drawer</th>
              <th scope="col">Cashier</th>
              <th scope="col">Station</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Collected
              </th>
              <th scope="col" className="num">
                Over/short
              </th>
            </tr>
          </thead>
          <tbody>
            {drawers.map((d) => (
              <tr key={d.drawerId} aria-current={d.drawerId === shown ? 'true' : undefined}>
                <td>
                  <button type="button" className="link-button" onClick={() => setShown(d.drawerId)} aria-label={`View drawer ${d.drawerId} report`}>
                    Drawer {d.drawerId}
                  </button>
                </td>
                <td>{d.cashier}</td>
                <td>{d.station}</td>
                <td>{d.closedAt ? 'Closed' : <span className="badge badge-warn">Open</span>}</td>
                <td className="num">{money(d.collectedCents)}</td>
                <td className="num">{d.overShortCents === null ? 'Not closed' : varianceText(d.overShortCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report && <DrawerReportView key={report.drawerId} report={report} showExpected={supervisor} focusOnMount />}
    </>
  );
}

function CloseDayDialog({ day, onCancel, onClosed }: { day: BusinessDay; onCancel: () => void; onClosed: (d: BusinessDay) => void }) {
  const api = useApi();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const t = setTimeout(() => confirmRef.current?.focus(), 0);
    return () => clearTimeout(t);
  }, []);

  async function confirm() {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    const env = await api.call('day.close', { businessDate: day.businessDate });
    busyRef.current = false;
    setBusy(false);
    if (env.ok) onClosed(env.value);
    else setError(env.error);
  }

  return (
    <Dialog label={`Close business day ${formatDate(day.businessDate)}`} onClose={onCancel}>
      <h2>Close business day {formatDate(day.businessDate)}?</h2>
      <p>Closing locks the day: nothing more posts to {formatDate(day.businessDate)}, and the next posting opens the next business day. Every drawer must be closed and every mail batch posted.</p>
      <ErrorAlert error={error} prefix="The day was not closed:" />
      <div className="form-actions">
        <button type="button" ref={confirmRef} className="danger" onClick={() => void confirm()} disabled={busy} aria-busy={busy}>
          Close the day
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

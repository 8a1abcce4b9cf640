// The work order board (dispatch): columns New, Dispatched and Completed (awaiting
// verification) with their counts, filtered by division, crew and age; overdue orders stand
// out. All by keyboard: arrow keys move between orders (Left/Right between columns), and on
// the selected order D dispatches, C completes, V verifies, X cancels, T saves its crew ticket,
// P prints its short crew ticket on the receipt printer, Enter shows its details. N creates an order at an address. The board asks the core for at
// most 200 orders a column, so it stays quick with thousands open.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { DIVISIONS, type WorkOrderDetail, type WorkOrderView } from '../../../src-shared/ipc/work-order-schemas';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField } from '../../ui/fields';
import { formatCount, formatDate, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';
import { ageLabel, DIVISION_LABELS, PRIORITY_LABELS, SOURCE_LABELS, STATUS_LABELS } from './labels';
import { TurnaroundView } from './TurnaroundView';
import { CompleteDialog, CreateWorkOrderDialog, DispatchDialog, ReasonDialog } from './WorkOrderDialogs';
import '../counter/counter.css';
import './work-orders.css';

const AGES = [
  { value: '', label: 'Any age' },
  { value: '24', label: 'Older than 1 day' },
  { value: '72', label: 'Older than 3 days' },
  { value: '168', label: 'Older than a week' },
];

type Action = 'dispatch' | 'complete' | 'verify' | 'cancel' | 'details' | 'create';

export function WorkOrdersScreen() {
  const [view, setView] = useState<'board' | 'turnaround'>('board');
  return (
    <div className="screen work-orders">
      <div className="wo-title">
        <h1>Work orders</h1>
        <div role="group" aria-label="View" className="wo-tabs">
          <button type="button" aria-pressed={view === 'board'} onClick={() => setView('board')}>
            Dispatch board
          </button>
          <button type="button" aria-pressed={view === 'turnaround'} onClick={() => setView('turnaround')}>
            Turnaround report
          </button>
        </div>
      </div>
      {view === 'board' ? <Board /> : <TurnaroundView />}
    </div>
  );
}

function Board() {
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const may = (p: Parameters<typeof roleHas>[1]) => role !== null && roleHas(role, p);
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const [division, setDivision] = useState('');
  const [crew, setCrew] = useState('');
  const [age, setAge] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const filter = useMemo(
    () => ({ ...(division ? { division: division as WorkOrderView['division'] } : {}), ...(crew ? { crewId: Number(crew) } : {}), ...(age ? { minAgeHours: Number(age) } : {}), overdueOnly }),
    [division, crew, age, overdueOnly],
  );
  const board = useLoad(() => api.call('workOrders.board', filter), JSON.stringify(filter));
  const crews = useLoad(() => api.call('workOrders.crews', {}), 'crews');
  const [selected, setSelected] = useState<number | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const cardRefs = useRef(new Map<number, HTMLButtonElement>());
  // The latest notice request: a slower follow-up (the printer's answer) never overwrites a newer one.
  const noticeSeq = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const columns = board.value?.columns ?? [];
  const all = columns.flatMap((c) => c.orders);
  const current = all.find((o) => o.id === selected) ?? null;

  // Keep a selection: the first order once the board loads.
  useEffect(() => {
    if (selected === null || !all.some((o) => o.id === selected)) setSelected(all[0]?.id ?? null);
  }, [all, selected]);

  const focusOrder = useCallback((id: number | null) => {
    setSelected(id);
    if (id !== null) requestAnimationFrame(() => cardRefs.current.get(id)?.focus());
  }, []);

  const announce = (message: string) => {
    noticeSeq.current++;
    setNotice(message);
  };

  async function afterChange(o: WorkOrderDetail, verb: string) {
    setAction(null);
    setError(null);
    announce(`${o.number} ${verb}.`);
    await board.reload();
    focusOrder(o.id);
  }

  async function ticket(o: WorkOrderView) {
    const env = await api.call('workOrders.pdf', { kind: 'ticket', id: o.id });
    if (env.ok) {
      saveDocument(env.value);
      announce(`Ticket for ${o.number} saved (${env.value.filename}).`);
    } else setError(env.error);
  }

  /** Queues the short crew ticket for this station's receipt printer, then says how it went. */
  async function printTicket(o: WorkOrderView) {
    const seq = ++noticeSeq.current;
    setError(null);
    setNotice(`Sending the crew ticket for ${o.number} to the receipt printer…`);
    const env = await api.call('workOrders.printTicket', { id: o.id });
    if (!mounted.current || seq !== noticeSeq.current) return;
    if (!env.ok) {
      setNotice(null);
      setError(env.error);
      return;
    }
    setNotice(`Crew ticket for ${o.number} queued for the receipt printer.`);
    if (!may('printer.operate')) return;
    // The print worker sends it after the commit: look at the job a few times for the outcome.
    const jobId = env.value.job.id;
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 400));
      if (!mounted.current || seq !== noticeSeq.current) return;
      const jobs = await api.call('printer.jobs', { limit: 50 });
      if (!mounted.current || seq !== noticeSeq.current || !jobs.ok) return;
      const job = jobs.value.jobs.find((j) => j.id === jobId);
      if (!job) return;
      if (job.status === 'done') {
        setNotice(`Crew ticket for ${o.number} printed.`);
        return;
      }
      if (job.lastError) {
        setNotice(`Crew ticket for ${o.number} is waiting for the printer (${job.lastError}); it prints when the printer is back.`);
        return;
      }
    }
  }

  async function routeSheet() {
    if (!crew) return;
    const env = await api.call('workOrders.pdf', { kind: 'routeSheet', crewId: Number(crew), date: today });
    if (env.ok) {
      saveDocument(env.value);
      announce(`Route sheet saved (${env.value.filename}).`);
    } else setError(env.error);
  }

  const can = {
    dispatch: (o: WorkOrderView) => may('workOrders.dispatch') && (o.status === 'new' || o.status === 'dispatched'),
    complete: (o: WorkOrderView) => may('workOrders.dispatch') && o.status === 'dispatched',
    verify: (o: WorkOrderView) => may('workOrders.verify') && o.status === 'completed',
    cancel: (o: WorkOrderView) => may('workOrders.dispatch') && (o.status === 'new' || o.status === 'dispatched'),
    print: (o: WorkOrderView) => may('workOrders.dispatch') && (o.status === 'new' || o.status === 'dispatched'),
  };

  function onCardKey(e: KeyboardEvent<HTMLButtonElement>, o: WorkOrderView, col: number, row: number) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const move = (c: number, r: number) => {
      const target = columns[c]?.orders;
      if (!target || target.length === 0) return false;
      focusOrder(target[Math.max(0, Math.min(r, target.length - 1))]!.id);
      return true;
    };
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    let handled = true;
    if (key === 'ArrowDown') move(col, row + 1);
    else if (key === 'ArrowUp') move(col, row - 1);
    else if (key === 'Home') move(col, 0);
    else if (key === 'End') move(col, Number.MAX_SAFE_INTEGER);
    else if (key === 'ArrowRight') {
      for (let c = col + 1; c < columns.length; c++) if (move(c, row)) break;
    } else if (key === 'ArrowLeft') {
      for (let c = col - 1; c >= 0; c--) if (move(c, row)) break;
    } else if (key === 'Enter') setAction('details');
    else if (key === 'd' && can.dispatch(o)) setAction('dispatch');
    else if (key === 'c' && can.complete(o)) setAction('complete');
    else if (key === 'v' && can.verify(o)) setAction('verify');
    else if (key === 'x' && can.cancel(o)) setAction('cancel');
    else if (key === 't') void ticket(o);
    // A held-down P (key repeat) prints one ticket, not one per repeat.
    else if (key === 'p') {
      if (!e.repeat && can.print(o)) void printTicket(o);
    }
    else handled = false;
    if (handled) e.preventDefault();
  }

  const crewOptions = (crews.value?.crews ?? []).filter((c) => !division || c.division === division);

  return (
    <>
      <div className="wo-filters" role="group" aria-label="Filters">
        <SelectField label="Division" value={division} onChange={(v) => (setDivision(v), setCrew(''))} options={[{ value: '', label: 'All divisions' }, ...DIVISIONS.map((d) => ({ value: d, label: DIVISION_LABELS[d] }))]} />
        <SelectField label="Crew" value={crew} onChange={setCrew} options={[{ value: '', label: 'All crews' }, ...crewOptions.map((c) => ({ value: String(c.id), label: c.name }))]} />
        <SelectField label="Age" value={age} onChange={setAge} options={AGES} />
        <div className="field-check">
          <input id="wo-overdue" type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
          <label htmlFor="wo-overdue">Overdue only</label>
        </div>
        <div className="wo-filter-actions">
          {may('workOrders.create') && (
            <button type="button" onClick={() => setAction('create')} aria-keyshortcuts="N">
              New order at an address <kbd aria-hidden="true">N</kbd>
            </button>
          )}
          {crew && (
            <button type="button" onClick={() => void routeSheet()}>
              Route sheet for {crewOptions.find((c) => String(c.id) === crew)?.name ?? 'crew'} (PDF)
            </button>
          )}
        </div>
      </div>
      <p className="hint">
        Arrow keys move between orders; on an order: <kbd>D</kbd> dispatch, <kbd>C</kbd> complete, <kbd>V</kbd> verify, <kbd>X</kbd> cancel, <kbd>T</kbd> crew ticket (PDF), <kbd>P</kbd> print ticket on the receipt printer, <kbd>Enter</kbd> details.
      </p>
      {/* Always mounted, so screen readers announce each new message (a ticket queued, then printed). */}
      <p role="status" aria-label="Board status" className={notice ? 'alert alert-info' : 'visually-hidden'}>
        {notice ?? ''}
      </p>
      <ErrorAlert error={error} />
      <ErrorAlert error={board.error} prefix="Could not load the board:" />
      {!board.value && board.loading && <p role="status">Loading the board…</p>}
      <div
        className="wo-board"
        onKeyDown={(e) => {
          if (e.key.toLowerCase() === 'n' && !e.altKey && !e.ctrlKey && !e.metaKey && e.target instanceof HTMLButtonElement && may('workOrders.create')) {
            e.preventDefault();
            setAction('create');
          }
        }}
      >
        {columns.map((c, ci) => (
          <section key={c.status} className="wo-column" aria-labelledby={`wo-col-${c.status}`}>
            <h2 id={`wo-col-${c.status}`}>
              {STATUS_LABELS[c.status]} <span className="wo-count">{formatCount(c.count)}</span>
              {c.overdue > 0 && <span className="wo-overdue-count"> — {formatCount(c.overdue)} overdue</span>}
            </h2>
            {c.truncated && (
              <p className="hint">
                Showing the {c.orders.length} most urgent of {formatCount(c.count)}; narrow the filters to see others.
              </p>
            )}
            <ul className="wo-list" aria-label={`${STATUS_LABELS[c.status]} orders`}>
              {c.orders.length === 0 && <li className="hint">None</li>}
              {c.orders.map((o, ri) => (
                <li key={o.id}>
                  <button
                    type="button"
                    ref={(el) => {
                      if (el) cardRefs.current.set(o.id, el);
                      else cardRefs.current.delete(o.id);
                    }}
                    className={`wo-card${o.overdue ? ' overdue' : ''}${o.priority === 'emergency' || o.priority === 'high' ? ' urgent' : ''}`}
                    tabIndex={o.id === selected ? 0 : -1}
                    aria-current={o.id === selected ? 'true' : undefined}
                    aria-label={`${o.number}, ${o.typeLabel}, ${o.address}${o.crewName ? `, ${o.crewName}` : ''}, ${PRIORITY_LABELS[o.priority]} priority, ${ageLabel(o.ageHours)} old${o.overdue ? ', overdue' : ''}`}
                    onFocus={() => setSelected(o.id)}
                    onClick={() => setSelected(o.id)}
                    onDoubleClick={() => setAction('details')}
                    onKeyDown={(e) => onCardKey(e, o, ci, ri)}
                  >
                    <span className="wo-num">{o.number}</span>
                    <span className="wo-type">{o.typeLabel}</span>
                    <span className="wo-addr">{o.address}</span>
                    <span className="wo-meta">
                      {o.crewName ?? DIVISION_LABELS[o.division]} · {ageLabel(o.ageHours)}
                      {o.overdue && <strong className="wo-late"> · overdue</strong>}
                      {o.priority !== 'normal' && ` · ${PRIORITY_LABELS[o.priority]}`}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      {current && (
        <div className="wo-actions" role="toolbar" aria-label={`Actions for ${current.number}`}>
          <span>{current.number}:</span>
          <button type="button" disabled={!can.dispatch(current)} onClick={() => setAction('dispatch')}>
            {current.status === 'dispatched' ? 'Move to another crew' : 'Dispatch'} <kbd aria-hidden="true">D</kbd>
          </button>
          <button type="button" disabled={!can.complete(current)} onClick={() => setAction('complete')}>
            Complete <kbd aria-hidden="true">C</kbd>
          </button>
          <button type="button" disabled={!can.verify(current)} onClick={() => setAction('verify')}>
            Verify <kbd aria-hidden="true">V</kbd>
          </button>
          <button type="button" disabled={!can.cancel(current)} onClick={() => setAction('cancel')}>
            Cancel order <kbd aria-hidden="true">X</kbd>
          </button>
          <button type="button" onClick={() => void ticket(current)}>
            Crew ticket (PDF) <kbd aria-hidden="true">T</kbd>
          </button>
          <button type="button" disabled={!can.print(current)} onClick={() => void printTicket(current)} aria-keyshortcuts="P">
            Print ticket <kbd aria-hidden="true">P</kbd>
          </button>
          <button type="button" onClick={() => setAction('details')}>
            Details
          </button>
        </div>
      )}
      {action === 'create' && <CreateWorkOrderDialog source="phone" onClose={() => setAction(null)} onCreated={(o) => void afterChange(o, 'created')} />}
      {current && action === 'dispatch' && <DispatchDialog order={current} onClose={() => setAction(null)} onDone={(o) => void afterChange(o, `dispatched to ${o.crewName ?? 'the crew'}`)} />}
      {current && action === 'complete' && <CompleteDialog order={current} onClose={() => setAction(null)} onDone={(o) => void afterChange(o, 'completed')} />}
      {current && action === 'verify' && (
        <ReasonDialog
          title={`Verify ${current.number}`}
          label="Review note (optional)"
          submitLabel="Verify"
          optional
          onClose={() => setAction(null)}
          onSubmit={async (note) => {
            const env = await api.call('workOrders.verify', { id: current.id, ...(note ? { note } : {}) });
            if (env.ok) void afterChange(env.value, 'verified');
            return env.ok ? null : env.error;
          }}
        />
      )}
      {current && action === 'cancel' && (
        <ReasonDialog
          title={`Cancel ${current.number}`}
          label="Reason"
          submitLabel="Cancel the order"
          onClose={() => setAction(null)}
          onSubmit={async (reason) => {
            const env = await api.call('workOrders.cancel', { id: current.id, reason });
            if (env.ok) void afterChange(env.value, 'cancelled');
            return env.ok ? null : env.error;
          }}
        />
      )}
      {current && action === 'details' && <DetailsDialog id={current.id} onClose={() => setAction(null)} />}
    </>
  );
}

export function DetailsDialog({ id, onClose }: { id: number; onClose(): void }) {
  const api = useApi();
  const { stamp } = useTownTime();
  const order = useLoad(() => api.call('workOrders.get', { id }), String(id));
  const o = order.value;
  return (
    <Dialog label={o ? `Work order ${o.number}` : 'Work order'} onClose={onClose} className="wo-dialog">
      <h2>{o ? `Work order ${o.number}` : 'Work order'}</h2>
      <ErrorAlert error={order.error} />
      {o && (
        <>
          <dl className="facts">
            <dt>Type</dt>
            <dd>
              {o.typeLabel} ({DIVISION_LABELS[o.division]}, target {o.targetHours} h)
            </dd>
            <dt>Status</dt>
            <dd>
              {STATUS_LABELS[o.status]}
              {o.overdue ? ' — overdue' : ''}
            </dd>
            <dt>Address</dt>
            <dd>
              {o.address}
              {o.landmark ? ` — ${o.landmark}` : ''}
            </dd>
            {o.accountNumber && (
              <>
                <dt>Account</dt>
                <dd>
                  {o.accountNumber} — {o.customerName}
                </dd>
              </>
            )}
            {o.medicalAlertUntil && (
              <>
                <dt>Medical Alert</dt>
                <dd className="flag-medical">Certified until {formatDate(o.medicalAlertUntil)}</dd>
              </>
            )}
            {o.meterNumber && (
              <>
                <dt>Meter</dt>
                <dd>
                  {o.meterNumber}
                  {o.lastReading ? ` — last ${o.lastReading.value.toLocaleString('en-US')} on ${o.lastReading.readOn}` : ''}
                </dd>
              </>
            )}
            <dt>Priority</dt>
            <dd>{PRIORITY_LABELS[o.priority]}</dd>
            <dt>Created</dt>
            <dd>
              {stamp(o.createdAt)} by {o.createdBy} ({SOURCE_LABELS[o.source]}); due {stamp(o.dueAt)}
            </dd>
            {o.customerWords && (
              <>
                <dt>Customer said</dt>
                <dd>{o.customerWords}</dd>
              </>
            )}
            {o.instructions && (
              <>
                <dt>What to do</dt>
                <dd>{o.instructions}</dd>
              </>
            )}
            {o.completedAt && (
              <>
                <dt>Completed</dt>
                <dd>
                  {stamp(o.completedAt)}
                  {o.reading !== null ? ` — reading ${o.reading.toLocaleString('en-US')}` : ''}
                  {o.readingFlag ? ` (flagged: ${o.readingFlag})` : ''}
                </dd>
                <dt>Findings</dt>
                <dd>{o.findings}</dd>
              </>
            )}
            {o.cancelReason && (
              <>
                <dt>Cancelled</dt>
                <dd>{o.cancelReason}</dd>
              </>
            )}
          </dl>
          <table className="data">
            <caption>History</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Change</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {o.history.map((h, i) => (
                <tr key={i}>
                  <td>{stamp(h.at)}</td>
                  <td>{h.user}</td>
                  <td>{h.from ? `${STATUS_LABELS[h.from]} → ${STATUS_LABELS[h.to]}` : STATUS_LABELS[h.to]}</td>
                  <td>{h.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          Close <kbd aria-hidden="true">Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}


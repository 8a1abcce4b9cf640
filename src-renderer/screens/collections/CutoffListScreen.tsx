// The Cut-off list screen (Alt+U): pick a cut-off date (the core's calendar says whether a cut-off
// can happen that day and which day next can), generate the list with a progress bar fed by
// collections.cutoffList.lists, then read it: totals, a chart of on/left off by reason, the
// entries (each with its one reason), PDF and CSV. Every decision comes from the core.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import { CUTOFF_REASON_CODES, CUTOFF_REASON_LABELS, type CutoffListView, type CutoffReasonCode } from '../../../src-shared/ipc/cutoff-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatCount, formatDate, money, useTownTime } from '../../ui/format';
import { saveText } from '../../ui/save-text';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';
import { CutoffChart } from './CutoffChart';
import { CutoffNoticesPanel } from './CutoffNoticesPanel';

const POLL_MS = 300;
const PAGE = 100;
/** Entries per PDF part (the core's PDF_PART_ENTRIES). */
const PDF_PART = 1000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const STATUS_WORDS: Record<CutoffListView['status'], string> = { building: 'Building', ready: 'Ready', superseded: 'Superseded', abandoned: 'Abandoned' };
const FILTERS = [
  { value: 'all', label: 'All entries' },
  { value: 'on', label: 'On the list' },
  { value: 'off', label: 'Left off' },
];

export function CutoffListScreen() {
  const api = useApi();
  const { store } = useServices();
  const { stamp } = useTownTime();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const businessDate = useAppState((s) => s.status?.businessDate ?? '');
  const canRun = roles !== null && roleHas(roles, 'collections.run');
  const [date, setDate] = useState('');
  const [generating, setGenerating] = useState<CutoffListView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [listId, setListId] = useState<number | null>(null);
  const [filter, setFilter] = useState('all');
  const [reason, setReason] = useState('');
  const [offset, setOffset] = useState(0);
  const [docError, setDocError] = useState<AppError | null>(null);
  const [pdfPart, setPdfPart] = useState('1');
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);
  // Start from the first day after the business date a cut-off can happen.
  useEffect(() => {
    if (date || !businessDate) return;
    void api.call('collections.cutoffCalendar', { date: addDaysIso(businessDate, 1) }).then((env) => {
      if (env.ok) setDate((d) => d || env.value.nextValid);
    });
  }, [api, businessDate, date]);

  const validDate = DATE_RE.test(date);
  const calendar = useLoad(() => (validDate ? api.call('collections.cutoffCalendar', { date }) : Promise.resolve({ ok: true as const, value: null })), `cal-${date}`);
  const lists = useLoad(() => api.call('collections.cutoffList.lists', { limit: 20 }), 'cutoff-lists');
  // Show the newest ready list for the date when none is chosen.
  useEffect(() => {
    if (listId !== null || !lists.value) return;
    const ready = lists.value.lists.find((l) => l.status === 'ready' && l.cutoffDate === date) ?? lists.value.lists.find((l) => l.status === 'ready');
    if (ready) setListId(ready.id);
  }, [lists.value, listId, date]);
  const list = useLoad(
    () =>
      listId === null
        ? Promise.resolve({ ok: true as const, value: null })
        : api.call('collections.cutoffList.get', { listId, filter: filter as 'all', reasonCode: (reason || undefined) as CutoffReasonCode | undefined, offset, limit: PAGE }),
    `list-${listId}-${filter}-${reason}-${offset}`,
  );

  async function generate(e: FormEvent) {
    e.preventDefault();
    if (!validDate) return;
    setBusy(true);
    setError(null);
    setGenerating(null);
    const timer = setInterval(() => {
      void api.call('collections.cutoffList.lists', { cutoffDate: date, limit: 5 }).then((env) => {
        if (!env.ok) return;
        const live = env.value.lists.find((l) => l.status === 'building');
        if (live) setGenerating(live);
      });
    }, POLL_MS);
    const env = await api.call('collections.cutoffList.generate', { cutoffDate: date });
    clearInterval(timer);
    setBusy(false);
    setGenerating(null);
    if (env.ok) {
      setListId(env.value.id);
      setOffset(0);
      setError(null);
    } else setError(env.error);
    await lists.reload();
  }

  async function pdf() {
    if (listId === null) return;
    const env = await api.call('collections.cutoffList.pdf', { listId, filter: filter as 'all', reasonCode: (reason || undefined) as CutoffReasonCode | undefined, part: Number(pdfPart) || 1 });
    if (env.ok) {
      setDocError(null);
      saveDocument(env.value);
    } else setDocError(env.error);
  }
  async function csv() {
    if (listId === null) return;
    const env = await api.call('collections.cutoffList.csv', { listId, filter: filter as 'all' });
    if (env.ok) {
      setDocError(null);
      saveText(env.value.filename, env.value.content, 'text/csv');
    } else setDocError(env.error);
  }

  const cal = calendar.value;
  const v = list.value;
  const progress = generating ? Math.round(generating.progress * 100) : 0;
  return (
    <div className="screen cutoff-screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Cut-off list
      </h1>
      <form className="card" aria-label="Generate a cut-off list" onSubmit={(e) => void generate(e)}>
        <TextField label="Cut-off date" type="date" value={date} onChange={setDate} required hint="No cut-off on a Friday, a weekend, a town holiday or the day before one." />
        {cal && (
          <div role="status" aria-label="Calendar check">
            {cal.problem ? (
              <p className="field-error">
                No cut-off that day: {cal.problem}.{' '}
                <button type="button" className="link-button" onClick={() => setDate(cal.nextValid)}>
                  Use {formatDate(cal.nextValid)}
                </button>
              </p>
            ) : (
              <p>
                A cut-off can happen on {formatDate(cal.date)}.{cal.winterRule ? ' The winter rule applies that day.' : ''}
              </p>
            )}
          </div>
        )}
        {canRun ? (
          <button type="submit" className="primary" disabled={busy || !validDate || !!cal?.problem}>
            Generate list
          </button>
        ) : (
          <p className="hint">Generating a list needs a supervisor.</p>
        )}
      </form>
      {busy && (
        <div className="card">
          <label htmlFor="cutoff-progress">Generating the list for {formatDate(date)}</label>
          <progress id="cutoff-progress" aria-label="Cut-off list progress" max={100} value={progress} />
          <p role="status">{generating ? `${progress} % of accounts checked: ${formatCount(generating.onListCount)} on the list, ${formatCount(generating.leftOffCount)} left off so far` : 'Starting…'}</p>
        </div>
      )}
      <ErrorAlert error={error} prefix="Not generated:" />
      <ErrorAlert error={lists.error} />
      {lists.value && lists.value.lists.length > 0 && (
        <SelectField
          label="List"
          value={listId === null ? '' : String(listId)}
          onChange={(x) => {
            setListId(x ? Number(x) : null);
            setOffset(0);
          }}
          placeholder="Choose a list"
          options={lists.value.lists.map((l) => ({ value: String(l.id), label: `${formatDate(l.cutoffDate)} — list ${l.id} (${STATUS_WORDS[l.status]}${l.status === 'building' ? ` ${Math.round(l.progress * 100)} %` : ''})` }))}
        />
      )}
      <ErrorAlert error={list.error} />
      {v && (
        <section className="card" aria-labelledby="cutoff-list-heading">
          <h2 id="cutoff-list-heading">
            Cut-off list for {formatDate(v.list.cutoffDate)} ({STATUS_WORDS[v.list.status]})
          </h2>
          <p role="status" aria-label="List totals">
            {formatCount(v.list.onListCount)} on the list ({money(v.list.onListCents)} past due), {formatCount(v.list.leftOffCount)} left off. Generated {stamp(v.list.finishedAt ?? v.list.startedAt)}
            {v.list.generatedBy ? ` by ${v.list.generatedBy}` : ''}.
          </p>
          <div className="cutoff-summary">
            <CutoffChart byReason={v.byReason} />
            <table className="data" aria-label="Accounts by reason">
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Accounts</th>
                  <th scope="col">Past due</th>
                </tr>
              </thead>
              <tbody>
                {v.byReason.map((r) => (
                  <tr key={`${r.onList}-${r.reasonCode}`}>
                    <td>
                      {r.onList ? 'On' : 'Off'}: {CUTOFF_REASON_LABELS[r.reasonCode]}
                    </td>
                    <td className="num">{formatCount(r.count)}</td>
                    <td className="num">{money(r.cents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {v.list.status === 'ready' && <CutoffNoticesPanel key={v.list.id} list={v.list} />}
          <div className="cutoff-filters">
            <SelectField
              label="Show"
              value={filter}
              onChange={(x) => {
                setFilter(x);
                setOffset(0);
                setPdfPart('1');
              }}
              options={FILTERS}
            />
            <SelectField
              label="Reason"
              value={reason}
              onChange={(x) => {
                setReason(x);
                setOffset(0);
                setPdfPart('1');
              }}
              placeholder="Any reason"
              options={CUTOFF_REASON_CODES.filter((c) => c !== 'nothing_past_due').map((c) => ({ value: c, label: CUTOFF_REASON_LABELS[c] }))}
            />
            {v.total > PDF_PART && (
              <SelectField
                label="PDF part"
                value={pdfPart}
                onChange={setPdfPart}
                options={Array.from({ length: Math.ceil(v.total / PDF_PART) }, (_, i) => ({ value: String(i + 1), label: `Part ${i + 1}: entries ${formatCount(i * PDF_PART + 1)}–${formatCount(Math.min((i + 1) * PDF_PART, v.total))}` }))}
              />
            )}
            <button type="button" onClick={() => void pdf()}>
              Save as PDF
            </button>
            <button type="button" onClick={() => void csv()}>
              Save as CSV
            </button>
          </div>
          <ErrorAlert error={docError} prefix="Could not make the file:" />
          <table className="data" aria-label="Cut-off list entries">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Customer</th>
                <th scope="col">Phone</th>
                <th scope="col">Past due</th>
                <th scope="col">Standing</th>
              </tr>
            </thead>
            <tbody>
              {v.entries.map((e) => (
                <tr key={e.accountId} className={e.onList ? 'row-alert' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => store.getState().openAccount(e.accountId)} aria-label={`Open account ${e.accountNumber}`}>
                      {e.accountNumber}
                    </button>
                  </td>
                  <td>{e.name}</td>
                  <td>{e.phone ?? ''}</td>
                  <td className="num">{money(e.pastDueCents)}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {v.total === 0 ? 'No entries.' : `Entries ${formatCount(offset + 1)}–${formatCount(Math.min(offset + PAGE, v.total))} of ${formatCount(v.total)}.`}{' '}
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous page
            </button>
            <button type="button" disabled={offset + PAGE >= v.total} onClick={() => setOffset(offset + PAGE)}>
              Next page
            </button>
          </p>
        </section>
      )}
    </div>
  );
}

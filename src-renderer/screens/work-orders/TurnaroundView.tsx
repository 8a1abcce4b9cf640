// The turnaround report: for orders created in a date range (town calendar), per type and per
// division, how many were done, the median and 90th-percentile hours against the target, and
// the share within target — as a table and as a bar chart, and as PDF.
import { useState, type FormEvent } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { DIVISIONS, type TurnaroundReport } from '../../../src-shared/ipc/work-order-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { saveDocument } from '../reports/pdf-download';
import { DIVISION_LABELS } from './labels';

const hours = (h: number | null) => (h === null ? '—' : h.toFixed(1));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

/** The figures both tables share: created, done, median, 90th percentile, within target. */
function TurnaroundCells({ r }: { r: Pick<TurnaroundReport['divisions'][number], 'created' | 'completed' | 'medianHours' | 'p90Hours' | 'withinTarget' | 'withinTargetShare'> }) {
  return (
    <>
      <td className="num">{r.created}</td>
      <td className="num">{r.completed}</td>
      <td className="num">{hours(r.medianHours)}</td>
      <td className="num">{hours(r.p90Hours)}</td>
      <td className="num">
        {r.withinTarget} ({pct(r.withinTargetShare)})
      </td>
    </>
  );
}

function monthStart(date: string): string {
  return date ? `${date.slice(0, 8)}01` : '';
}

export function TurnaroundView() {
  const api = useApi();
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const [from, setFrom] = useState(monthStart(today));
  const [to, setTo] = useState(today);
  const [division, setDivision] = useState('');
  const [report, setReport] = useState<TurnaroundReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const query = () => ({ from, to, ...(division ? { division: division as TurnaroundReport['rows'][number]['division'] } : {}) });

  async function run(e?: FormEvent) {
    e?.preventDefault();
    setBusy(true);
    const env = await api.call('workOrders.turnaround', query());
    setBusy(false);
    if (env.ok) {
      setReport(env.value);
      setError(null);
    } else setError(env.error);
  }

  async function pdf() {
    const env = await api.call('workOrders.pdf', { kind: 'turnaround', ...query() });
    if (env.ok) saveDocument(env.value);
    else setError(env.error);
  }

  const charted = report?.rows.filter((r) => r.withinTargetShare !== null) ?? [];
  return (
    <section aria-labelledby="wo-turnaround" className="card">
      <h2 id="wo-turnaround">Turnaround against target</h2>
      <form className="wo-filters" onSubmit={(e) => void run(e)}>
        <TextField label="From (YYYY-MM-DD)" value={from} onChange={setFrom} pattern="\d{4}-\d{2}-\d{2}" required />
        <TextField label="To (YYYY-MM-DD)" value={to} onChange={setTo} pattern="\d{4}-\d{2}-\d{2}" required />
        <SelectField label="Division" value={division} onChange={setDivision} options={[{ value: '', label: 'All divisions' }, ...DIVISIONS.map((d) => ({ value: d, label: DIVISION_LABELS[d] }))]} />
        <div className="wo-filter-actions">
          <button type="submit" className="primary" disabled={busy}>
            Show report
          </button>
          <button type="button" onClick={() => void pdf()} disabled={!report}>
            Download PDF
          </button>
        </div>
      </form>
      <ErrorAlert error={error} />
      {report && (
        <>
          <table className="data">
            <caption>
              Orders created {report.from} to {report.to}, by type
            </caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Division</th>
                <th scope="col" className="num">Target (h)</th>
                <th scope="col" className="num">Created</th>
                <th scope="col" className="num">Done</th>
                <th scope="col" className="num">Median (h)</th>
                <th scope="col" className="num">90th percentile (h)</th>
                <th scope="col" className="num">Within target</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.length === 0 && (
                <tr>
                  <td colSpan={8}>No orders were created in these days.</td>
                </tr>
              )}
              {report.rows.map((r) => (
                <tr key={`${r.type}-${r.division}`}>
                  <th scope="row">{r.typeLabel}</th>
                  <td>{DIVISION_LABELS[r.division]}</td>
                  <td className="num">{r.targetHours}</td>
                  <TurnaroundCells r={r} />
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data">
            <caption>By division</caption>
            <thead>
              <tr>
                <th scope="col">Division</th>
                <th scope="col" className="num">Created</th>
                <th scope="col" className="num">Done</th>
                <th scope="col" className="num">Median (h)</th>
                <th scope="col" className="num">90th percentile (h)</th>
                <th scope="col" className="num">Within target</th>
              </tr>
            </thead>
            <tbody>
              {report.divisions.map((d) => (
                <tr key={d.division}>
                  <th scope="row">{DIVISION_LABELS[d.division]}</th>
                  <TurnaroundCells r={d} />
                </tr>
              ))}
            </tbody>
          </table>
          {charted.length > 0 && (
            <figure className="wo-chart">
              <figcaption>Share of completed orders done within target</figcaption>
              <svg role="img" aria-label={charted.map((r) => `${r.typeLabel} ${pct(r.withinTargetShare)}`).join(', ')} viewBox={`0 0 600 ${charted.length * 26 + 10}`} width="100%">
                {charted.map((r, i) => {
                  const share = r.withinTargetShare ?? 0;
                  const y = 5 + i * 26;
                  return (
                    <g key={`${r.type}-${r.division}`}>
                      <text x="0" y={y + 14} fontSize="12">
                        {r.typeLabel}
                      </text>
                      <rect x="200" y={y} width="340" height="18" fill="none" stroke="#888" />
                      <rect x="200" y={y} width={340 * share} height="18" className={share >= 0.9 ? 'bar-good' : share >= 0.7 ? 'bar-fair' : 'bar-poor'} />
                      <text x="548" y={y + 14} fontSize="12">
                        {pct(share)}
                      </text>
                    </g>
                  );
                })}
              </svg>
            </figure>
          )}
        </>
      )}
    </section>
  );
}

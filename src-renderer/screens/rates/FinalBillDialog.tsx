// The final bill from the account page (Alt+Shift+F): the final read date and, per meter, the
// final reading (left empty, the reading a final-read work order already recorded is used).
// Enter works the bill out (billing.finalBill with preview); "Post final bill" posts it. An
// implausible reading is named and must be confirmed, as at work-order completion.
import { useState, type FormEvent } from 'react';
import { SERVICE_LABELS } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { FinalBillView } from '../../../src-shared/ipc/rate-schemas';
import { formatCents } from '../../../src-shared/money';
import { useApi } from '../../app/context';
import { DataTable } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';

export interface FinalBillMeter {
  service: 'water' | 'electric';
  number: string;
}

export function FinalBillDialog({ accountId, accountNumber, meters, today, onClose, onPosted }: { accountId: number; accountNumber: string; meters: FinalBillMeter[]; today: string; onClose(): void; onPosted(bill: FinalBillView): void }) {
  const api = useApi();
  const [readOn, setReadOn] = useState(today);
  const [values, setValues] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState(false);
  const [needsConfirm, setNeedsConfirm] = useState(false);
  const [result, setResult] = useState<FinalBillView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [posted, setPosted] = useState<FinalBillView | null>(null);

  const ask = async (preview: boolean) => {
    const p: Record<string, string> = {};
    const readings: Array<{ service: 'water' | 'electric'; meterNumber: string; value: number; readCode: 'ok' }> = [];
    for (const m of meters) {
      const v = (values[m.number] ?? '').replace(/,/g, '').trim();
      if (v === '') continue;
      if (!/^\d{1,9}$/.test(v)) p[m.number] = 'the register as a whole number';
      else readings.push({ service: m.service, meterNumber: m.number, value: Number(v), readCode: 'ok' });
    }
    setProblems(p);
    if (Object.keys(p).length > 0) return;
    const r = await api.call('billing.finalBill', { accountId, readOn: readOn.trim(), readings, confirmAnyway: confirm, preview });
    if (r.ok) {
      setError(null);
      setResult(r.value);
      setNeedsConfirm(r.value.meters.some((m) => m.check?.verdict === 'implausible'));
      if (!preview) {
        setPosted(r.value);
        onPosted(r.value);
      }
      return;
    }
    setError(r.error);
    if (r.error.code === 'READING_IMPLAUSIBLE') setNeedsConfirm(true);
    const d = r.error.details as { field?: string; meterNumber?: string } | undefined;
    if (d?.field === 'readOn') setProblems({ readOn: r.error.message });
    else if (d?.field === 'readings' && d.meterNumber) setProblems({ [d.meterNumber]: r.error.message });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void ask(true);
  };

  return (
    <Dialog label={`Final bill for account ${accountNumber}`} onClose={onClose}>
      <h2>Final bill for account {accountNumber}</h2>
      {posted ? (
        <>
          <p role="status">
            Final bill posted: {formatCents(posted.totalCents, { symbol: true })} for {posted.periodFrom} to {posted.periodTo}, due {posted.dueDate}. The account is final billed.
          </p>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      ) : (
        <form aria-label="Final bill" onSubmit={submit}>
          <TextField
            label="Final read date"
            value={readOn}
            onChange={(v) => {
              setReadOn(v);
              setResult(null);
            }}
            placeholder="YYYY-MM-DD"
            error={problems.readOn}
          />
          {meters.map((m) => (
            <TextField
              key={m.number}
              label={`Final reading, ${m.service} meter ${m.number}`}
              inputMode="numeric"
              value={values[m.number] ?? ''}
              onChange={(v) => {
                setValues({ ...values, [m.number]: v });
                setResult(null);
              }}
              error={problems[m.number]}
              hint="Empty: the reading already recorded (a final-read work order)."
            />
          ))}
          {needsConfirm && (
            <div className="field">
              <label>
                <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> The reading is right: bill it anyway (it is flagged)
              </label>
            </div>
          )}
          <button type="submit">Work out the bill</button>
          {/* Posts what was last worked out: a changed date or reading asks for Enter again. */}
          <button type="button" disabled={!result} onClick={() => void ask(false)}>
            Post final bill
          </button>
          <ErrorAlert error={error && !problems.readOn ? error : null} prefix="Not billed:" />
          {result && (
            <DataTable
              caption={`Final bill ${result.periodFrom} to ${result.periodTo} (${result.days} days)`}
              columns={[{ label: 'Service' }, { label: 'Amount', num: true }]}
              rows={result.lines}
              empty="Nothing to bill."
              row={(l) => (
                <tr key={l.service}>
                  <td>{SERVICE_LABELS[l.service]}</td>
                  <td className="num">{formatCents(l.cents, { symbol: true })}</td>
                </tr>
              )}
              foot={
                <tr>
                  <th scope="row">Total</th>
                  <td className="num">{formatCents(result.totalCents, { symbol: true })}</td>
                </tr>
              }
            />
          )}
        </form>
      )}
    </Dialog>
  );
}

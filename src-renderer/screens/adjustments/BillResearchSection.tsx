// The account page's Bill research (Alt+Shift+R): consumption history with the 12-month average
// and the bills flagged far from it (the core decides both), and the leak-adjustment calculator
// for a bill, whose result the clerk turns into an adjustment request.
import { useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { LeakCalculation } from '../../../src-shared/ipc/adjustment-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatCount, formatDate, money } from '../../ui/format';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { useLoad } from '../../ui/use-load';

const pct = (p: number | null) => (p === null ? '' : `${p > 0 ? '+' : ''}${p}%`);

export function BillResearchSection({ accountId, onChanged }: { accountId: number; onChanged(): unknown }) {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canRequest = roles !== null && roleHas(roles, 'adjustments.request');
  const research = useLoad(() => api.call('adjustments.research', { accountId }), String(accountId));
  const [calc, setCalc] = useState<LeakCalculation | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [explanation, setExplanation] = useState('');
  const [requestKey, setRequestKey] = useState(newIdempotencyKey);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function openCalculator(billId: number) {
    setNotice(null);
    const env = await api.call('adjustments.leakCalc', { accountId, billId });
    if (env.ok) {
      setCalc(env.value);
      setError(null);
      setRequestKey(newIdempotencyKey());
    } else setError(env.error);
  }

  async function request() {
    if (!calc) return;
    setBusy(true);
    const env = await api.call('adjustments.requestLeak', { accountId, billId: calc.billId, explanation, idempotencyKey: requestKey });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    const pending = env.value.adjustments.some((a) => a.status === 'pending');
    setNotice(`${env.value.adjustments.map((a) => a.number).join(', ')}: ${money(env.value.calculation.totalCents)} ${pending ? 'requested — waiting for a supervisor’s approval' : 'posted'}.`);
    setCalc(null);
    setExplanation('');
    await research.reload();
    onChanged();
  }

  const r = research.value;
  return (
    <section aria-labelledby="acct-research" className="card">
      <h2 id="acct-research">Bill research</h2>
      <ErrorAlert error={research.error} />
      {r && (
        <p>
          12-month average (to {formatDate(r.asOf)}):{' '}
          {r.averageWaterGallons === null ? 'no water history' : `${formatCount(r.averageWaterGallons)} gallons`}
          {r.averageElectricKwh !== null && `, ${formatCount(r.averageElectricKwh)} kWh`} over {r.averageOverBills} bill(s). Bills more than {r.flagPercent}% off it are flagged.
        </p>
      )}
      {r && (
        <table className="data">
          <caption>Consumption history, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Bill date</th>
              <th scope="col">Period</th>
              <th scope="col">Gallons</th>
              <th scope="col">kWh</th>
              <th scope="col">Off the average</th>
              <th scope="col">Total</th>
              <th scope="col">Flag</th>
              <th scope="col">Leak</th>
            </tr>
          </thead>
          <tbody>
            {r.bills.length === 0 && (
              <tr>
                <td colSpan={8}>No bills in the last 24 months.</td>
              </tr>
            )}
            {r.bills.map((b) => (
              <tr key={b.billId} className={b.flagged ? 'flagged' : undefined}>
                <td>{formatDate(b.billDate)}</td>
                <td>
                  {formatDate(b.periodFrom)}–{formatDate(b.periodTo)}
                </td>
                <td className="num">{b.waterGallons === null ? '' : formatCount(b.waterGallons)}</td>
                <td className="num">{b.electricKwh === null ? '' : formatCount(b.electricKwh)}</td>
                <td className="num">{[pct(b.waterPercentOff), pct(b.electricPercentOff)].filter(Boolean).join(' / ')}</td>
                <td className="num">{money(b.totalCents)}</td>
                <td>{b.flagged ? <strong>Far from average</strong> : ''}</td>
                <td>
                  {b.leakEligible && (
                    <button type="button" onClick={() => void openCalculator(b.billId)} aria-label={`Leak calculator for the bill of ${formatDate(b.billDate)}`}>
                      Leak calculator
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorAlert error={error} />
      {notice && (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      )}
      {calc && (
        <div role="group" aria-label="Leak calculation">
          <h3>Leak calculation for the bill of {formatDate(calc.billDate)}</h3>
          <ul>
            {calc.arithmetic.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {calc.refusal ? (
            <p role="alert" className="alert alert-error">
              {calc.refusal}
            </p>
          ) : (
            canRequest && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void request();
                }}
              >
                <TextField label="Leak explanation" value={explanation} onChange={setExplanation} required minLength={3} maxLength={1000} hint="What leaked and when it was repaired." />
                <button type="submit" disabled={busy || explanation.trim().length < 3}>
                  Request leak adjustment of {money(calc.totalCents)}
                </button>
                <button type="button" onClick={() => setCalc(null)}>
                  Close calculator
                </button>
              </form>
            )
          )}
        </div>
      )}
    </section>
  );
}

// The account page's Arrangement (Alt+Shift+X): how the account's extension or payment
// arrangement stands today (installments paid, due, missed), its history, the limits, and the
// form that makes a new one. The core checks the limits and judges the standing.
import { useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { ArrangementKind } from '../../../src-shared/ipc/adjustment-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { checkAmount } from '../../ui/amount';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate, money } from '../../ui/format';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';

const STATE_LABELS = { none: 'No arrangement in force', keeping: 'Kept so far (off the cut-off list)', kept: 'Paid in full', broken: 'Broken: an installment was missed' } as const;
const INSTALLMENT_LABELS = { paid: 'Paid', missed: 'Missed', due: 'Due today', upcoming: 'Upcoming' } as const;

interface Row {
  dueDate: string;
  amount: string;
}

export function ArrangementSection({ accountId, onChanged }: { accountId: number; onChanged(): unknown }) {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canMake = roles !== null && roleHas(roles, 'service.intake');
  const overview = useLoad(() => api.call('arrangements.get', { accountId }), String(accountId));
  const [kind, setKind] = useState<ArrangementKind>('arrangement');
  const [rows, setRows] = useState<Row[]>([
    { dueDate: '', amount: '' },
    { dueDate: '', amount: '' },
  ]);
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<AppError | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function chooseKind(k: ArrangementKind) {
    setKind(k);
    setRows((r) => (k === 'extension' ? r.slice(0, 1) : r.length < 2 ? [...r, { dueDate: '', amount: '' }] : r));
  }

  async function letter(letterId: number) {
    const env = await api.call('letters.pdf', { letterId });
    if (env.ok) {
      setError(null);
      saveDocument(env.value);
    } else setError(env.error);
  }

  async function submit() {
    setNotice(null);
    const installments = [];
    for (let i = 0; i < rows.length; i++) {
      const a = checkAmount(rows[i]!.amount);
      if (!a.ok) {
        setFieldError(`Installment ${i + 1}: ${a.message}`);
        return;
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(rows[i]!.dueDate)) {
        setFieldError(`Installment ${i + 1}: enter the due date.`);
        return;
      }
      installments.push({ dueDate: rows[i]!.dueDate, amountCents: a.cents });
    }
    setFieldError(null);
    setBusy(true);
    const env = await api.call('arrangements.create', { accountId, kind, installments, ...(note.trim() ? { note } : {}), idempotencyKey: key });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setKey(newIdempotencyKey());
    setNotice(`${kind === 'extension' ? 'Extension' : 'Arrangement'} made: ${money(env.value.totalCents)} in ${env.value.installments.length} installment(s).`);
    setRows(kind === 'extension' ? [{ dueDate: '', amount: '' }] : [{ dueDate: '', amount: '' }, { dueDate: '', amount: '' }]);
    setNote('');
    await overview.reload();
    onChanged();
  }

  const o = overview.value;
  return (
    <section aria-labelledby="acct-arrangement" className="card">
      <h2 id="acct-arrangement">Arrangement</h2>
      <ErrorAlert error={overview.error} />
      {o && (
        <>
          <p>
            <strong>{STATE_LABELS[o.standing.state]}</strong>
            {o.standing.state !== 'none' && ` — paid ${money(o.standing.paidCents)} of ${money(o.standing.totalCents)}`}
          </p>
          {o.arrangements.length > 0 && (
            <table className="data">
              <caption>Extensions and arrangements, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Made</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Installments</th>
                  <th scope="col">Total</th>
                  <th scope="col">Letter</th>
                </tr>
              </thead>
              <tbody>
                {o.arrangements.map((a) => (
                  <tr key={a.id}>
                    <td>{formatDate(a.createdOn)}</td>
                    <td>{a.kind === 'extension' ? 'Extension' : 'Arrangement'}</td>
                    <td>
                      {a.status}
                      {a.endedReason ? ` (${a.endedReason})` : ''}
                    </td>
                    <td>
                      {a.installments.map((i) => (
                        <div key={i.seq}>
                          {formatDate(i.dueDate)} {money(i.amountCents)} — {INSTALLMENT_LABELS[i.state]}
                        </div>
                      ))}
                    </td>
                    <td className="num">{money(a.totalCents)}</td>
                    <td>
                      {a.letterId !== null && (
                        <button type="button" onClick={() => void letter(a.letterId!)} aria-label={`Confirmation letter for the ${a.kind} of ${formatDate(a.createdOn)}`}>
                          Confirmation letter (PDF)
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="hint">
            At most {o.limits.maxPer12Months} per 12 months (this account: {o.limits.usedIn12Months}); the last installment due by {formatDate(o.limits.latestDueDate)}. The account owes {money(o.balanceCents)}.
          </p>
          {o.limits.refusal && <p className="alert alert-info">{o.limits.refusal}</p>}
          {canMake && !o.limits.refusal && (
            <form
              aria-label="New extension or arrangement"
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
            >
              <SelectField
                label="Kind"
                value={kind}
                onChange={(v) => chooseKind(v as ArrangementKind)}
                options={[
                  { value: 'arrangement', label: 'Payment arrangement (installments)' },
                  { value: 'extension', label: 'Extension (one new due date)' },
                ]}
              />
              {rows.map((r, i) => (
                <div key={i} role="group" aria-label={`Installment ${i + 1}`} className="field-row">
                  <TextField label={`Installment ${i + 1} due (YYYY-MM-DD)`} value={r.dueDate} onChange={(v) => setRows((all) => all.map((x, n) => (n === i ? { ...x, dueDate: v } : x)))} />
                  <TextField label={`Installment ${i + 1} amount`} inputMode="decimal" value={r.amount} onChange={(v) => setRows((all) => all.map((x, n) => (n === i ? { ...x, amount: v } : x)))} />
                </div>
              ))}
              {kind === 'arrangement' && (
                <button type="button" onClick={() => setRows((all) => [...all, { dueDate: '', amount: '' }])}>
                  Add installment
                </button>
              )}
              <TextField label="Arrangement note" value={note} onChange={setNote} maxLength={500} />
              {fieldError && (
                <p role="alert" className="field-error">
                  {fieldError}
                </p>
              )}
              <ErrorAlert error={error} />
              <button type="submit" disabled={busy}>
                Make {kind === 'extension' ? 'extension' : 'arrangement'}
              </button>
            </form>
          )}
          {notice && (
            <p role="status" className="alert alert-info">
              {notice}
            </p>
          )}
          {!(canMake && !o.limits.refusal) && <ErrorAlert error={error} />}
        </>
      )}
    </section>
  );
}

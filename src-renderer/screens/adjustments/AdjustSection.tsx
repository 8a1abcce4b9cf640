// The account page's Adjust (Alt+Shift+J): request an adjustment of one open charge (reason,
// amount, explanation) — the core posts it at once within the approval limit or queues it for
// a supervisor — and the account's adjustments with their sheets.
import { useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import { ADJUSTMENT_REASON_LABELS, ADJUSTMENT_REASONS, type AdjustmentReason } from '../../../src-shared/ipc/adjustment-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { checkAmount } from '../../ui/amount';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate, money } from '../../ui/format';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { useLoad } from '../../ui/use-load';
import { AdjustmentsTable } from './AdjustmentsTable';

const REQUESTABLE = ADJUSTMENT_REASONS.filter((r): r is Exclude<AdjustmentReason, 'leak'> => r !== 'leak');

export function AdjustSection({ accountId, onChanged }: { accountId: number; onChanged(): unknown }) {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canRequest = roles !== null && roleHas(roles, 'adjustments.request');
  const research = useLoad(() => api.call('adjustments.research', { accountId }), `adj-${accountId}`);
  const list = useLoad(() => api.call('adjustments.list', { accountId, limit: 50 }), `adj-list-${accountId}`);
  const [chargeId, setChargeId] = useState('');
  const [reason, setReason] = useState<Exclude<AdjustmentReason, 'leak'>>('billing_error');
  const [amount, setAmount] = useState('');
  const [explanation, setExplanation] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [amountError, setAmountError] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setNotice(null);
    const a = checkAmount(amount);
    if (!a.ok) {
      setAmountError(a.message);
      return;
    }
    setAmountError(null);
    setBusy(true);
    const env = await api.call('adjustments.request', { accountId, chargeId: Number(chargeId), reasonCode: reason, amountCents: a.cents, explanation, idempotencyKey: key });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setKey(newIdempotencyKey());
    const v = env.value;
    setNotice(v.status === 'posted' ? `${v.number} posted: ${money(v.amountCents)} off "${v.chargeDescription}".` : `${v.number} for ${money(v.amountCents)} is over the approval limit: it waits for a supervisor.`);
    setAmount('');
    setExplanation('');
    setChargeId('');
    await Promise.all([research.reload(), list.reload()]);
    onChanged();
  }

  const charges = research.value?.openCharges ?? [];
  return (
    <section aria-labelledby="acct-adjust" className="card">
      <h2 id="acct-adjust">Adjust</h2>
      <ErrorAlert error={research.error ?? list.error} />
      {canRequest && (
        <form
          aria-label="Request an adjustment"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <SelectField
            label="Charge to correct"
            value={chargeId}
            onChange={setChargeId}
            placeholder={charges.length === 0 ? 'No open charges' : 'Choose a charge'}
            options={charges.map((c) => ({
              value: String(c.id),
              label: `${c.description} — due ${formatDate(c.dueDate)} — open ${money(c.openCents)}${c.pendingCents > 0 ? ` (${money(c.pendingCents)} waiting)` : ''}`,
            }))}
            required
          />
          <SelectField label="Reason" value={reason} onChange={(v) => setReason(v as Exclude<AdjustmentReason, 'leak'>)} options={REQUESTABLE.map((r) => ({ value: r, label: ADJUSTMENT_REASON_LABELS[r] }))} hint="A leak adjustment comes from the leak calculator under Bill research." />
          <TextField label="Adjustment amount" inputMode="decimal" value={amount} onChange={setAmount} error={amountError} hint={list.value ? `Over ${money(list.value.approvalLimitCents)} needs a supervisor’s approval.` : undefined} />
          <TextField label="Adjustment explanation" value={explanation} onChange={setExplanation} maxLength={1000} />
          <ErrorAlert error={error} />
          <button type="submit" disabled={busy || chargeId === '' || explanation.trim().length < 3}>
            Request adjustment
          </button>
        </form>
      )}
      {notice && (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      )}
      <AdjustmentsTable caption="Adjustments on this account, newest first" adjustments={list.value?.adjustments ?? []} />
    </section>
  );
}

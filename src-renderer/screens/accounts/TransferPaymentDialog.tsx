// Moving a payment that was posted to the wrong account (a payment transfer): the account it
// belongs on, the amount (at most what the receipt paid here), a reason, and a supervisor's
// approval when the core asks for one (over the adjustment limit). The receipt keeps its number;
// both accounts show the transfer. The key is made when the dialog opens, so a retry moves once.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import { useApi } from '../../app/context';
import { amountText, checkAmount } from '../../ui/amount';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { ReasonApprovalFields, useReasonApproval } from '../receipts/SupervisorFields';

export function TransferPaymentDialog({
  fromAccountId,
  fromNumber,
  receiptNumber,
  amountCents,
  onDone,
  onClose,
}: {
  fromAccountId: number;
  fromNumber: string;
  receiptNumber: string;
  amountCents: number;
  onDone: (t: MethodOutput<'payments.transfer'>) => void;
  onClose: () => void;
}) {
  const api = useApi();
  const [key] = useState(newIdempotencyKey);
  const [toNumber, setToNumber] = useState('');
  const [amount, setAmount] = useState(amountText(amountCents));
  const [tried, setTried] = useState(false);
  const toRef = useRef<HTMLInputElement>(null);
  const f = useReasonApproval({ needsApproval: false, escalate: true, reasonError: (r) => (r.trim().length < 3 ? 'Give the reason for moving the payment (at least 3 characters).' : null) });
  const amt = checkAmount(amount);
  const toError = toNumber.trim() === '' ? 'Enter the account number the payment belongs on.' : null;

  useEffect(() => {
    const t = setTimeout(() => toRef.current?.focus(), 0);
    return () => clearTimeout(t);
  }, []);

  function submit(e: FormEvent) {
    if (toError || !amt.ok) {
      e.preventDefault();
      setTried(true);
      if (toError) toRef.current?.focus();
      return;
    }
    const cents = amt.cents;
    return f.submit(
      e,
      async (reason, override) => {
        const to = await api.call('accounts.get', { number: toNumber.trim() });
        if (!to.ok) return to;
        return api.call('payments.transfer', { receiptNumber, fromAccountId, toAccountId: to.value.id, amountCents: cents, reason, idempotencyKey: key, ...(override ? { override } : {}) });
      },
      onDone,
    );
  }

  return (
    <Dialog label={`Move payment ${receiptNumber}`} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={`Move payment ${receiptNumber}`}>
        <h2>Move payment {receiptNumber}</h2>
        <p className="hint">
          Moves the payment off account {fromNumber} onto the account it belongs on. The receipt keeps its number; both accounts and the day’s report show the transfer.
        </p>
        <TextField label="Move to account" value={toNumber} maxLength={40} inputRef={toRef} onChange={setToNumber} error={tried || f.attempted ? toError : null} hint="Account number with its check digit, like 0012345-6, or the old number on the customer’s bill" />
        <TextField label="Amount to move" className="amount-field" inputMode="decimal" maxLength={16} value={amount} onChange={setAmount} error={amt.ok ? null : amt.message} />
        <ReasonApprovalFields form={f} label="Reason" maxLength={500} />
        <ErrorAlert error={f.error} prefix="Not moved:" />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={f.busy} aria-busy={f.busy}>
            Move payment
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

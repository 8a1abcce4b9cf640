// Returned payment (cashier, clerk, supervisor): an NSF check or a returned draft. Find the
// original receipt, say which tender came back, when and why; a supervisor approves. The core
// reverses the payment, charges the returned-check fee, records the letter to send and sets
// cash-only after the second return in twelve months; the result is shown here.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { Receipt } from '../../../src-shared/ipc/counter-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { money } from '../../ui/format';
import { describeTender, ReceiptDocument } from '../receipts/ReceiptDocument';
import { approvalErrors, approvalOverride, SupervisorFields, type Approval } from '../receipts/SupervisorFields';
import '../counter/counter.css';

const RETURNABLE = new Set(['check', 'money_order', 'remittance']);
const REASONS = ['NSF', 'Account closed', 'Stop payment', 'Other'] as const;
const REASON_LABELS: Record<(typeof REASONS)[number], string> = {
  NSF: 'NSF (insufficient funds)',
  'Account closed': 'Account closed',
  'Stop payment': 'Stop payment',
  Other: 'Other',
};

type ReturnResult = MethodOutput<'payments.return'>;

export function ReturnedPaymentScreen() {
  const api = useApi();
  const [number, setNumber] = useState('');
  const [numberError, setNumberError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [result, setResult] = useState<ReturnResult | null>(null);
  const [busy, setBusy] = useState(false);
  const numberRef = useRef<HTMLInputElement>(null);
  useEffect(() => numberRef.current?.focus(), []);
  const shown = result?.receipt ?? receipt;

  async function find(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const n = number.trim().toUpperCase();
    if (n.length < 3) {
      setNumberError('Enter the receipt number of the returned payment, like S1-000123.');
      return;
    }
    setNumberError(null);
    setBusy(true);
    const env = await api.call('receipts.get', { number: n });
    setBusy(false);
    setResult(null);
    if (!env.ok) {
      setReceipt(null);
      setError(env.error);
      numberRef.current?.select();
      return;
    }
    setError(null);
    setReceipt(env.value);
  }

  return (
    <div className="returns-screen">
      <h1>Returned payment</h1>
      <form className="filter-row" onSubmit={(e) => void find(e)} aria-label="Find the original payment" noValidate>
        <TextField label="Receipt number" value={number} maxLength={20} inputRef={numberRef} onChange={setNumber} error={numberError} placeholder="S1-000123" />
        <button type="submit" disabled={busy}>
          Find receipt
        </button>
      </form>
      <ErrorAlert error={error} prefix="Could not find the receipt:" />
      {result && <ReturnDone result={result} />}
      {receipt && !result && <ReturnForm key={receipt.id} receipt={receipt} onDone={setResult} />}
      {shown && <ReceiptDocument receipt={shown} duplicate />}
    </div>
  );
}

function ReturnForm({ receipt, onDone }: { receipt: Receipt; onDone: (r: ReturnResult) => void }) {
  const api = useApi();
  const businessDate = useAppState((s) => s.status?.businessDate ?? '');
  const needsApproval = useAppState((s) => !(s.session?.user.roles.includes('supervisor') ?? false));
  const returnable = receipt.tenders.filter((t) => RETURNABLE.has(t.kind) && !receipt.returned.some((r) => r.tenderLineNo === t.lineNo));
  const [tenderLine, setTenderLine] = useState(returnable[0] ? String(returnable[0].lineNo) : '');
  const [returnedOn, setReturnedOn] = useState(businessDate);
  const [reason, setReason] = useState<string>('NSF');
  const [other, setOther] = useState('');
  const [approval, setApproval] = useState<Approval>({ username: '', pin: '' });
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);

  if (receipt.status === 'void') return <p className="alert alert-info">Receipt {receipt.number} was voided: there is no payment to return.</p>;
  if (returnable.length === 0) return <p className="alert alert-info">Receipt {receipt.number} has no check, money order or remittance left to return (cash and card payments do not come back returned).</p>;

  const reasonText = reason === 'Other' ? other.trim() : reason;
  const errors = {
    returnedOn: /^\d{4}-\d{2}-\d{2}$/.test(returnedOn) ? null : 'Enter the date the bank returned it.',
    other: reason === 'Other' && reasonText.length < 3 ? 'Say why it came back (at least 3 characters).' : null,
  };
  const approvalErr = approvalErrors(needsApproval, approval);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setAttempted(true);
    if (errors.returnedOn || errors.other || approvalErr) return;
    setBusy(true);
    const env = await api.call('payments.return', {
      receiptNumber: receipt.number,
      tenderLineNo: Number(tenderLine),
      reason: reasonText,
      returnedOn,
      override: approvalOverride(needsApproval, approval),
    });
    setBusy(false);
    if (env.ok) {
      onDone(env.value);
      return;
    }
    setError(env.error);
    if (env.error.code === 'NEEDS_SUPERVISOR') {
      setApproval((a) => ({ ...a, pin: '' }));
      pinRef.current?.focus();
    }
  }

  return (
    <form className="card return-form" onSubmit={(e) => void submit(e)} aria-labelledby="return-heading" noValidate>
      <h2 id="return-heading">Record the return of receipt {receipt.number}</h2>
      <SelectField label="Returned tender" value={tenderLine} onChange={setTenderLine} options={returnable.map((t) => ({ value: String(t.lineNo), label: `${describeTender(t)}, ${money(t.amountCents)}` }))} />
      <TextField label="Returned on" type="date" value={returnedOn} onChange={setReturnedOn} error={attempted ? errors.returnedOn : null} />
      <SelectField label="Reason" value={reason} onChange={setReason} options={REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] }))} />
      {reason === 'Other' && <TextField label="Other reason" value={other} maxLength={200} onChange={setOther} error={attempted ? errors.other : null} />}
      {needsApproval && <SupervisorFields value={approval} onChange={setApproval} errors={attempted ? (approvalErr ?? undefined) : undefined} pinRef={pinRef} />}
      <ErrorAlert error={error} prefix="Not recorded:" />
      <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
        Record returned payment
      </button>
    </form>
  );
}

function ReturnDone({ result }: { result: ReturnResult }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="card return-done" aria-labelledby="return-done-heading">
      <h2 id="return-done-heading" ref={ref} tabIndex={-1}>
        Returned payment recorded
      </h2>
      <dl className="details">
        <div className="detail">
          <dt>Returned-check fee</dt>
          <dd>{result.feeCents > 0 ? `${money(result.feeCents)} charged to the account` : 'None charged'}</dd>
        </div>
        <div className="detail">
          <dt>Cash only</dt>
          <dd>{result.cashOnlySet ? 'Set: second returned payment in 12 months' : 'Not set'}</dd>
        </div>
        <div className="detail">
          <dt>Letter</dt>
          <dd>{result.letterId !== null ? `Recorded to send (letter ${result.letterId})` : 'None recorded'}</dd>
        </div>
      </dl>
    </section>
  );
}

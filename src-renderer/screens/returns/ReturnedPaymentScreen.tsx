// Returned payment (cashier, clerk, supervisor): an NSF check or a returned draft. Find the
// original payment — by receipt number, or from the bank's notice by check number, amount, the
// date it was taken or the account — say which tender came back, when and why; a supervisor
// approves. The core reverses the payment, charges the returned-check fee, records the letter to
// send and sets cash-only after the second return in twelve months; the result is shown here and
// the recorded letter opens as a PDF to print.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { Receipt } from '../../../src-shared/ipc/counter-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate, money } from '../../ui/format';
import { parseCents } from '../../../src-shared/money';
import { saveDocument } from '../reports/pdf-download';
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
  const [line, setLine] = useState<number | null>(null);
  const numberRef = useRef<HTMLInputElement>(null);
  useEffect(() => numberRef.current?.focus(), []);
  const shown = result?.receipt ?? receipt;

  async function open(receiptNumber: string, tenderLineNo: number) {
    setBusy(true);
    const env = await api.call('receipts.get', { number: receiptNumber });
    setBusy(false);
    setResult(null);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setLine(tenderLineNo);
    setReceipt(env.value);
  }

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
    setLine(null);
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
      <NoticeSearch onOpen={(n, l) => void open(n, l)} />
      <ErrorAlert error={error} prefix="Could not find the receipt:" />
      {result && <ReturnDone result={result} />}
      {receipt && !result && <ReturnForm key={`${receipt.id}-${line ?? ''}`} receipt={receipt} initialLine={line} onDone={setResult} />}
      {shown && <ReceiptDocument receipt={shown} duplicate />}
    </div>
  );
}

function ReturnForm({ receipt, initialLine, onDone }: { receipt: Receipt; initialLine: number | null; onDone: (r: ReturnResult) => void }) {
  const api = useApi();
  const businessDate = useAppState((s) => s.status?.businessDate ?? '');
  const needsApproval = useAppState((s) => !(s.session?.user.roles.includes('supervisor') ?? false));
  const returnable = receipt.tenders.filter((t) => RETURNABLE.has(t.kind) && !receipt.returned.some((r) => r.tenderLineNo === t.lineNo));
  const [tenderLine, setTenderLine] = useState(returnable.some((t) => t.lineNo === initialLine) ? String(initialLine) : returnable[0] ? String(returnable[0].lineNo) : '');
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
      {result.letterId !== null && <LetterButton letterId={result.letterId} />}
    </section>
  );
}

/** Opens the recorded returned-payment letter as a PDF (to print from the viewer). */
function LetterButton({ letterId, name }: { letterId: number; /** An accessible name when several letters are on screen. */ name?: string }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState('');
  async function openLetter() {
    setBusy(true);
    const env = await api.call('letters.pdf', { letterId });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    saveDocument(env.value);
    setSaved(`Saved ${env.value.filename}: open it to print.`);
  }
  return (
    <div className="page-actions">
      <button type="button" onClick={() => void openLetter()} disabled={busy} aria-busy={busy} aria-label={name}>
        Open letter (PDF)
      </button>
      <ErrorAlert error={error} prefix="The letter was not made:" />
      {saved && <p role="status">{saved}</p>}
    </div>
  );
}

type Found = MethodOutput<'payments.findReturnable'>;
const KIND: Record<Found['results'][number]['kind'], string> = { check: 'Check', money_order: 'Money order', remittance: 'Remittance' };

/** The bank's notice names a check number, an amount, a date and a name: search by any of them. */
function NoticeSearch({ onOpen }: { onOpen: (receiptNumber: string, tenderLineNo: number) => void }) {
  const api = useApi();
  const [q, setQ] = useState({ checkNumber: '', amount: '', date: '', account: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [found, setFound] = useState<Found | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof q) => (v: string) => setQ((x) => ({ ...x, [k]: v }));
  const amountCents = q.amount.trim() ? parseCents(q.amount.trim()) : undefined;
  const amountError = amountCents === null || (amountCents !== undefined && amountCents <= 0) ? 'Enter the amount in dollars and cents, like 70.00.' : null;
  const numberError = q.checkNumber.trim() && !/^[A-Za-z0-9-]{1,20}$/.test(q.checkNumber.trim()) ? 'A check number is digits (a money order’s may have letters).' : null;

  async function search(e: FormEvent) {
    e.preventDefault();
    if (busy || amountError || numberError) return;
    const input = {
      ...(q.checkNumber.trim() ? { checkNumber: q.checkNumber.trim() } : {}),
      ...(amountCents ? { amountCents } : {}),
      ...(q.date ? { date: q.date } : {}),
      ...(q.account.trim() ? { accountNumber: q.account.trim() } : {}),
    };
    if (Object.keys(input).length === 0) {
      setProblem('Give the check number, the amount, the date it was taken or the account from the bank’s notice.');
      return;
    }
    setProblem(null);
    setBusy(true);
    const env = await api.call('payments.findReturnable', input);
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      setFound(null);
      return;
    }
    setError(null);
    setFound(env.value);
  }

  return (
    <section className="card notice-search" aria-labelledby="notice-search-heading">
      <h2 id="notice-search-heading">Find from the bank’s notice</h2>
      <form className="filter-row" onSubmit={(e) => void search(e)} aria-label="Find from the bank’s notice" noValidate>
        <TextField label="Check number" value={q.checkNumber} maxLength={20} onChange={set('checkNumber')} error={numberError} inputMode="numeric" />
        <TextField label="Amount" value={q.amount} maxLength={16} onChange={set('amount')} error={amountError} inputMode="decimal" className="amount-field" />
        <TextField label="Date taken" type="date" value={q.date} onChange={set('date')} />
        <TextField label="Account number" value={q.account} maxLength={40} hint="TownCounter’s number or the old one from the previous system" onChange={set('account')} />
        <button type="submit" disabled={busy} aria-busy={busy}>
          Search payments
        </button>
      </form>
      {problem && <p className="field-error">{problem}</p>}
      <ErrorAlert error={error} prefix="Could not search:" />
      {found && (
        <table className="data">
          <caption>
            {found.results.length === 0 ? 'No check, money order or remittance matches' : `${found.results.length}${found.capped ? '+ (the first 50; narrow the search)' : ''} matching`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Receipt</th>
              <th scope="col">Kind</th>
              <th scope="col">Number</th>
              <th scope="col">Payer</th>
              <th scope="col">Account</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {found.results.map((r) => (
              <tr key={`${r.receiptNumber}-${r.tenderLineNo}`}>
                <td>{formatDate(r.businessDate)}</td>
                <td>{r.receiptNumber}</td>
                <td>{KIND[r.kind]}</td>
                <td>{r.checkNumber ?? '—'}</td>
                <td>{r.payer ?? ''}</td>
                <td>{r.accounts.map((a) => `${a.accountNumber} ${a.name}`).join('; ')}</td>
                <td className="num">{money(r.amountCents)}</td>
                <td>
                  {r.voided ? (
                    'Voided'
                  ) : r.returned ? (
                    <>
                      Returned {formatDate(r.returned.returnedOn)} ({r.returned.reason}){r.returned.letterId !== null && <LetterButton letterId={r.returned.letterId} name={`Open the letter for ${r.receiptNumber}`} />}
                    </>
                  ) : (
                    <button type="button" onClick={() => onOpen(r.receiptNumber, r.tenderLineNo)}>
                      {`Return ${KIND[r.kind].toLowerCase()}${r.checkNumber ? ` ${r.checkNumber}` : ''} on ${r.receiptNumber}`}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

// The account page's bank-draft (auto-pay) section: the enrolments with the bank account
// masked; enrolling from the customer's signed authorization (the routing number is checked
// for its ABA check digit as it is typed; the bank account number is never shown after saving);
// ending an enrolment with a reason; and, for a supervisor or admin, revealing the full bank
// account number for a moment (the reason is audited).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { DraftEnrolment } from '../../../src-shared/ipc/export-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { ACCOUNT_TYPE_LABELS, ENROLMENT_STATUS_LABELS, routingError } from './labels';

/** How long a revealed bank account number stays on screen. */
export const REVEAL_MS = 30_000;

type Pending = { kind: 'cancel' | 'reveal'; enrolment: DraftEnrolment } | null;

export function BankDraftSection({ accountId, onChanged }: { accountId: number; onChanged?: () => unknown }) {
  const { stamp } = useTownTime();
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canEnroll = role !== null && roleHas(role, 'drafts.enroll');
  const canReveal = role !== null && roleHas(role, 'drafts.reveal');
  const list = useLoad(() => api.call('drafts.list', { accountId }), String(accountId));
  const [enrolling, setEnrolling] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [revealed, setRevealed] = useState<{ enrolmentId: number; number: string } | null>(null);
  const [done, setDone] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!revealed) return;
    const t = setTimeout(() => setRevealed(null), REVEAL_MS);
    return () => clearTimeout(t);
  }, [revealed]);

  const enrolments = list.value?.enrolments ?? [];
  const current = enrolments.find((e) => e.status !== 'ended');

  async function changed(message: string) {
    setDone(message);
    await list.reload();
    onChanged?.();
    headingRef.current?.focus();
  }

  return (
    <section aria-labelledby="acct-drafts" className="card bank-drafts">
      <h2 id="acct-drafts" ref={headingRef} tabIndex={-1}>
        Bank draft
      </h2>
      <ErrorAlert error={list.error} prefix="Could not load the bank drafts:" />
      {list.value && enrolments.length === 0 && <p className="muted">Not enrolled in bank drafts.</p>}
      {enrolments.length > 0 && (
        // Six columns that wrap (bank details and dates grouped), so the actions stay in view
        // on a 1366-pixel screen instead of scrolling off to the right.
        <table className="data enrolments" aria-label="Bank draft enrolments">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Bank account</th>
              <th scope="col">Holder</th>
              <th scope="col">Authorized and live from</th>
              <th scope="col">Enrolled and ended</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {enrolments.map((e) => (
              <tr key={e.id}>
                <td>{ENROLMENT_STATUS_LABELS[e.status]}</td>
                <td>
                  <span className="nowrap">Routing {e.routingNumber}</span> <span className="nowrap">{ACCOUNT_TYPE_LABELS[e.accountType]}</span>{' '}
                  {revealed?.enrolmentId === e.id ? (
                    <>
                      <code aria-label={`Bank account number of enrolment ${e.id}`}>{revealed.number}</code>{' '}
                      <button type="button" onClick={() => setRevealed(null)}>
                        Hide
                      </button>
                    </>
                  ) : (
                    <span className="nowrap">{e.bankAccountMasked}</span>
                  )}
                </td>
                <td>{e.holderName}</td>
                <td>
                  <span className="nowrap">Authorized {formatDate(e.authorizedOn)}</span> <span className="nowrap">live {formatDate(e.liveFrom)}</span>
                </td>
                <td>
                  {stamp(e.enrolledAt)}
                  {e.enrolledBy && <span className="sub"> by {e.enrolledBy}</span>}
                  {e.endedAt && <span className="sub"> — ended {stamp(e.endedAt)}{e.endReason ? `: ${e.endReason}` : ''}</span>}
                </td>
                <td>
                  <div className="row-actions">
                    {canReveal && revealed?.enrolmentId !== e.id && (
                      <button type="button" onClick={() => setPending({ kind: 'reveal', enrolment: e })} aria-label={`Reveal bank account ${e.bankAccountMasked}`}>
                        Reveal
                      </button>
                    )}
                    {canEnroll && e.status !== 'ended' && (
                      <button type="button" onClick={() => setPending({ kind: 'cancel', enrolment: e })} aria-label={`End bank draft ${e.bankAccountMasked}`}>
                        End draft
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pending && (
        <ReasonForm
          key={`${pending.kind}-${pending.enrolment.id}`}
          pending={pending}
          onCancel={() => setPending(null)}
          onDone={(r) => {
            setPending(null);
            if (r.kind === 'reveal') {
              setDone('');
              setRevealed({ enrolmentId: r.enrolmentId, number: r.number });
            } else void changed('The bank draft was ended.');
          }}
        />
      )}
      {canEnroll && !current && !enrolling && list.value && (
        <div className="page-actions">
          <button type="button" onClick={() => { setDone(''); setEnrolling(true); }}>
            Enrol in bank draft
          </button>
        </div>
      )}
      {enrolling && (
        <EnrolForm
          accountId={accountId}
          onCancel={() => setEnrolling(false)}
          onDone={(e) => {
            setEnrolling(false);
            void changed(`Enrolled: ${ACCOUNT_TYPE_LABELS[e.accountType].toLowerCase()} ${e.bankAccountMasked} at ${e.routingNumber} (${ENROLMENT_STATUS_LABELS[e.status].toLowerCase()}).`);
          }}
        />
      )}
      <p role="status" className="done">
        {done}
      </p>
    </section>
  );
}

function ReasonForm({ pending, onDone, onCancel }: { pending: NonNullable<Pending>; onDone: (r: { kind: 'cancel' } | { kind: 'reveal'; enrolmentId: number; number: string }) => void; onCancel: () => void }) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const e = pending.enrolment;
  const reveal = pending.kind === 'reveal';
  const reasonError = reason.trim().length < 3 ? 'Give the reason (at least 3 characters).' : null;

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (busy) return;
    setAttempted(true);
    if (reasonError) return;
    setBusy(true);
    if (reveal) {
      const env = await api.call('drafts.revealAccountNumber', { enrolmentId: e.id, reason: reason.trim() });
      setBusy(false);
      if (env.ok) onDone({ kind: 'reveal', enrolmentId: e.id, number: env.value.bankAccountNumber });
      else setError(env.error);
    } else {
      const env = await api.call('drafts.cancel', { enrolmentId: e.id, reason: reason.trim() });
      setBusy(false);
      if (env.ok) onDone({ kind: 'cancel' });
      else setError(env.error);
    }
  }

  const title = reveal ? `Reveal bank account ${e.bankAccountMasked}` : `End bank draft ${e.bankAccountMasked}`;
  return (
    <form onSubmit={(ev) => void submit(ev)} aria-label={title} noValidate className="inline-form">
      <h3>{title}</h3>
      {reveal && <p className="hint">The full number is shown for 30 seconds; the reveal is recorded in the audit log with your reason.</p>}
      <TextField label={reveal ? 'Reason for revealing' : 'Reason for ending the draft'} value={reason} maxLength={500} autoFocus error={attempted ? reasonError : null} onChange={setReason} />
      <ErrorAlert error={error} prefix={reveal ? 'Not revealed:' : 'Not ended:'} />
      <div className="form-actions">
        <button type="submit" className={reveal ? undefined : 'danger'} disabled={busy} aria-busy={busy}>
          {reveal ? 'Reveal number' : 'End bank draft'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EnrolForm({ accountId, onDone, onCancel }: { accountId: number; onDone: (e: DraftEnrolment) => void; onCancel: () => void }) {
  const api = useApi();
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const [routing, setRouting] = useState('');
  const [routingTouched, setRoutingTouched] = useState(false);
  const [accountType, setAccountType] = useState('');
  const [bankAccount, setBankAccount] = useState('');
  const [showNumber, setShowNumber] = useState(false);
  const [holder, setHolder] = useState('');
  const [authorizedOn, setAuthorizedOn] = useState(today);
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const routingRef = useRef<HTMLInputElement>(null);
  useEffect(() => routingRef.current?.focus(), []);

  const digits = routing.replace(/[\s-]/g, '');
  // Shown at once when nine digits are in (or on leaving the field), not while still typing.
  const rErr = routingError(routing);
  const errors = {
    routing: rErr,
    accountType: accountType === '' ? 'Choose checking or savings.' : null,
    bankAccount: /^\d{4,17}$/.test(bankAccount.replace(/[\s-]/g, '')) ? null : 'The bank account number is 4 to 17 digits.',
    authorizedOn: /^\d{4}-\d{2}-\d{2}$/.test(authorizedOn) ? null : 'The date the customer signed the authorization.',
  };
  const showRouting = attempted || routingTouched || digits.length >= 9;

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    if (busy) return;
    setAttempted(true);
    if (errors.routing || errors.accountType || errors.bankAccount || errors.authorizedOn) {
      if (errors.routing) routingRef.current?.focus();
      return;
    }
    setBusy(true);
    const env = await api.call('drafts.enroll', {
      accountId,
      routingNumber: digits,
      accountType: accountType as DraftEnrolment['accountType'],
      bankAccountNumber: bankAccount,
      holderName: holder.trim() === '' ? undefined : holder.trim(),
      authorizedOn,
    });
    setBusy(false);
    if (env.ok) {
      setBankAccount('');
      onDone(env.value);
    } else setError(env.error);
  }

  return (
    <form onSubmit={(ev) => void submit(ev)} aria-label="Enrol in bank draft" noValidate className="inline-form">
      <h3>Enrol in bank draft</h3>
      <p className="hint">From the customer’s signed authorization. The bank account number is stored encrypted and shown masked afterwards.</p>
      <TextField label="Routing number" value={routing} maxLength={11} inputMode="numeric" inputRef={routingRef} error={showRouting ? errors.routing : null} onBlur={() => setRoutingTouched(true)} onChange={setRouting} />
      <SelectField label="Account type" value={accountType} placeholder="Choose…" options={[{ value: 'checking', label: 'Checking' }, { value: 'savings', label: 'Savings' }]} error={attempted ? errors.accountType : null} onChange={setAccountType} />
      <TextField label="Bank account number" type={showNumber ? 'text' : 'password'} value={bankAccount} maxLength={20} inputMode="numeric" autoComplete="off" error={attempted ? errors.bankAccount : null} onChange={setBankAccount} />
      <div className="field field-check">
        <input id={`show-bank-account-${accountId}`} type="checkbox" checked={showNumber} onChange={(e) => setShowNumber(e.target.checked)} />
        <label htmlFor={`show-bank-account-${accountId}`}>Show the bank account number</label>
      </div>
      <TextField label="Account holder name" value={holder} maxLength={80} hint="As on the bank account; empty: the customer’s name." onChange={setHolder} />
      <TextField label="Authorized on" type="date" value={authorizedOn} error={attempted ? errors.authorizedOn : null} onChange={setAuthorizedOn} />
      <ErrorAlert error={error} prefix="Not enrolled:" />
      <div className="form-actions">
        <button type="submit" disabled={busy} aria-busy={busy}>
          Enrol
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

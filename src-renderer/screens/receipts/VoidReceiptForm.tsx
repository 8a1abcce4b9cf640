// Voiding a posted receipt: a reason, and a supervisor's username and PIN unless the signed-in
// user is a supervisor. The core decides whether the void is allowed (same business day, same
// open drawer) and posts the reversing entry; refusals are shown as they come back.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Receipt } from '../../../src-shared/ipc/counter-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { approvalErrors, approvalOverride, SupervisorFields, type Approval } from './SupervisorFields';

export function VoidReceiptForm({ receipt, onVoided, onCancel }: { receipt: Receipt; onVoided: (r: Receipt) => void; onCancel: () => void }) {
  const api = useApi();
  const needsApproval = useAppState((s) => s.session?.user.role !== 'supervisor');
  const [reason, setReason] = useState('');
  const [approval, setApproval] = useState<Approval>({ username: '', pin: '' });
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);

  const reasonError = reason.trim().length < 3 ? 'Give the reason for the void (at least 3 characters).' : null;
  const approvalErr = approvalErrors(needsApproval, approval);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setAttempted(true);
    if (reasonError) {
      reasonRef.current?.focus();
      return;
    }
    if (approvalErr) return;
    setBusy(true);
    const env = await api.call('receipts.void', { number: receipt.number, reason: reason.trim(), override: approvalOverride(needsApproval, approval) });
    setBusy(false);
    if (env.ok) {
      onVoided(env.value);
      return;
    }
    setError(env.error);
    if (env.error.code === 'NEEDS_SUPERVISOR') {
      setApproval((a) => ({ ...a, pin: '' }));
      pinRef.current?.focus();
    }
  }

  return (
    <form className="void-form" onSubmit={(e) => void submit(e)} aria-label={`Void receipt ${receipt.number}`} noValidate>
      <h3>Void receipt {receipt.number}</h3>
      <p className="hint">A void reverses the whole receipt ({receipt.lines.length === 1 ? 'one line' : `${receipt.lines.length} lines`}); the receipt keeps its number and shows VOID.</p>
      <TextField label="Reason for void" value={reason} maxLength={500} inputRef={reasonRef} onChange={setReason} error={attempted ? reasonError : null} />
      {needsApproval && <SupervisorFields value={approval} onChange={setApproval} errors={attempted ? (approvalErr ?? undefined) : undefined} pinRef={pinRef} />}
      <ErrorAlert error={error} prefix="Not voided:" />
      <div className="form-actions">
        <button type="submit" className="danger" disabled={busy} aria-busy={busy}>
          Confirm void
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

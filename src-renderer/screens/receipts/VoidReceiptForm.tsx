// Voiding a posted receipt: a reason, and a supervisor's username and PIN unless the signed-in
// user is a supervisor. The core decides whether the void is allowed (same business day, same
// open drawer) and posts the reversing entry; refusals are shown as they come back.
import { useEffect, type FormEvent } from 'react';
import type { Receipt } from '../../../src-shared/ipc/counter-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ReasonApprovalFields, useReasonApproval } from './SupervisorFields';

export function VoidReceiptForm({ receipt, onVoided, onCancel }: { receipt: Receipt; onVoided: (r: Receipt) => void; onCancel: () => void }) {
  const api = useApi();
  const f = useReasonApproval({ needsApproval: useAppState((s) => !(s.session?.user.roles.includes('supervisor') ?? false)), reasonError: (reason) => (reason.trim().length < 3 ? 'Give the reason for the void (at least 3 characters).' : null) });
  const reasonRef = f.reasonRef;
  useEffect(() => reasonRef.current?.focus(), [reasonRef]);

  function submit(e: FormEvent) {
    return f.submit(e, (reason, override) => api.call('receipts.void', { number: receipt.number, reason, override }), onVoided);
  }

  return (
    <form className="void-form" onSubmit={(e) => void submit(e)} aria-label={`Void receipt ${receipt.number}`} noValidate>
      <h3>Void receipt {receipt.number}</h3>
      <p className="hint">A void reverses the whole receipt ({receipt.lines.length === 1 ? 'one line' : `${receipt.lines.length} lines`}); the receipt keeps its number and shows VOID.</p>
      <ReasonApprovalFields form={f} label="Reason for void" maxLength={500} />
      <ErrorAlert error={f.error} prefix="Not voided:" />
      <div className="form-actions">
        <button type="submit" className="danger" disabled={f.busy} aria-busy={f.busy}>
          Confirm void
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

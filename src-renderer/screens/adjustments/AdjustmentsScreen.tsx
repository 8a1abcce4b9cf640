// Adjustments (Alt+J): the approval queue — adjustments over the approval limit waiting for a
// supervisor, who approves (it posts) or rejects with a reason — and the recent adjustments,
// each with its adjustment sheet.
import { useEffect, useRef, useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AdjustmentView } from '../../../src-shared/ipc/adjustment-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { AdjustmentsTable } from './AdjustmentsTable';

export function AdjustmentsScreen() {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canApprove = roles !== null && roleHas(roles, 'adjustments.approve');
  const canReview = roles !== null && roleHas(roles, 'service.intake');
  const queue = useLoad(() => api.call('adjustments.list', { status: 'pending', limit: 200 }), 'pending');
  const recent = useLoad(() => api.call('adjustments.list', { limit: 100 }), 'recent');
  const [rejecting, setRejecting] = useState<AdjustmentView | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  async function reloadAll() {
    await Promise.all([queue.reload(), recent.reload()]);
  }

  async function approve(a: AdjustmentView) {
    const env = await api.call('adjustments.approve', { adjustmentId: a.id });
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setNotice(`${a.number} approved and posted: ${money(a.amountCents)} off account ${a.accountNumber}.`);
    await reloadAll();
  }

  async function reviewArrangements() {
    const env = await api.call('arrangements.review', {});
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    const r = env.value;
    setNotice(`Reviewed ${r.reviewed} active arrangement(s): ${r.kept} paid in full, ${r.broken} broken by a missed installment (ended, flag cleared).`);
  }

  async function reject() {
    if (!rejecting) return;
    const env = await api.call('adjustments.reject', { adjustmentId: rejecting.id, reason });
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setNotice(`${rejecting.number} rejected.`);
    setRejecting(null);
    setReason('');
    await reloadAll();
  }

  return (
    <div className="screen adjustments-screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Adjustments
      </h1>
      <ErrorAlert error={error ?? queue.error ?? recent.error} />
      {notice && (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      )}
      <section aria-labelledby="adj-queue" className="card">
        <h2 id="adj-queue">Approval queue</h2>
        {queue.value && <p className="hint">Adjustments over {money(queue.value.approvalLimitCents)} wait here for a supervisor (not the one who asked).</p>}
        <AdjustmentsTable
          caption="Waiting for a supervisor, newest first"
          adjustments={queue.value?.adjustments ?? []}
          actions={
            canApprove
              ? (a) => (
                  <>
                    <button type="button" onClick={() => void approve(a)} aria-label={`Approve ${a.number}`}>
                      Approve
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        setRejecting(a);
                        setReason('');
                      }}
                      aria-label={`Reject ${a.number}`}
                    >
                      Reject
                    </button>
                  </>
                )
              : undefined
          }
        />
        {rejecting && (
          <form
            aria-label={`Reject ${rejecting.number}`}
            onSubmit={(e) => {
              e.preventDefault();
              void reject();
            }}
          >
            <TextField label="Reason for rejecting" value={reason} onChange={setReason} required minLength={3} maxLength={500} autoFocus />
            <button type="submit" disabled={reason.trim().length < 3}>
              Reject {rejecting.number}
            </button>
            <button type="button" onClick={() => setRejecting(null)}>
              Cancel
            </button>
          </form>
        )}
      </section>
      {canReview && (
        <section aria-labelledby="adj-arrangements" className="card">
          <h2 id="adj-arrangements">Arrangements</h2>
          <p className="hint">Ends every active extension or arrangement that is paid in full or has a missed installment as of today.</p>
          <button type="button" onClick={() => void reviewArrangements()}>
            Review active arrangements
          </button>
        </section>
      )}
      <section aria-labelledby="adj-recent" className="card">
        <h2 id="adj-recent">Recent adjustments</h2>
        <AdjustmentsTable caption="The last 100 adjustments, newest first" adjustments={recent.value?.adjustments ?? []} />
      </section>
    </div>
  );
}

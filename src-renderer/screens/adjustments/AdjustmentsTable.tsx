// A list of adjustments with their number, account, charge, reason, amount, status, who and when
// (in the town's time), each with its adjustment sheet as PDF, and — for the approval queue —
// the supervisor's Approve and Reject.
import { useState } from 'react';
import type { AdjustmentView } from '../../../src-shared/ipc/adjustment-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate, money, useTownTime } from '../../ui/format';
import { saveDocument } from '../reports/pdf-download';

const STATUS = { pending: 'Waiting for approval', posted: 'Posted', rejected: 'Rejected' } as const;

export function AdjustmentsTable({
  caption,
  adjustments,
  actions,
}: {
  caption: string;
  adjustments: readonly AdjustmentView[];
  actions?: (a: AdjustmentView) => React.ReactNode;
}) {
  const api = useApi();
  const { stamp } = useTownTime();
  const [error, setError] = useState<AppError | null>(null);

  async function sheet(a: AdjustmentView) {
    const env = await api.call('adjustments.sheet', { adjustmentId: a.id });
    if (env.ok) {
      setError(null);
      saveDocument(env.value);
    } else setError(env.error);
  }

  return (
    <>
      <ErrorAlert error={error} />
      <table className="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Account</th>
            <th scope="col">Charge</th>
            <th scope="col">Reason</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Requested</th>
            <th scope="col">Explanation</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {adjustments.length === 0 && (
            <tr>
              <td colSpan={9}>No adjustments.</td>
            </tr>
          )}
          {adjustments.map((a) => (
            <tr key={a.id}>
              <td>{a.number}</td>
              <td>
                {a.accountNumber} {a.customerName}
              </td>
              <td>
                {a.chargeDescription} (due {formatDate(a.chargeDueDate)})
              </td>
              <td>{a.reasonLabel}</td>
              <td className="num">{money(a.amountCents)}</td>
              <td>
                {STATUS[a.status]}
                {a.decidedBy && a.status !== 'pending' ? ` — ${a.decidedBy}` : ''}
                {a.status === 'rejected' && a.decisionReason ? `: ${a.decisionReason}` : ''}
              </td>
              <td>
                {stamp(a.requestedAt)} {a.requestedBy ?? ''}
              </td>
              <td>{a.explanation}</td>
              <td>
                <button type="button" onClick={() => void sheet(a)} aria-label={`Adjustment sheet ${a.number}`}>
                  Sheet (PDF)
                </button>
                {actions?.(a)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

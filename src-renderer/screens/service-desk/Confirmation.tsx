// What a service request did, as the printed confirmation says it: the SR number, the account,
// the work orders, the final bill, what a transfer moved and a close-out's arithmetic to the cent.
import { useState } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { ServiceRequestView } from '../../../src-shared/ipc/intake-schemas';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveDocument } from '../reports/pdf-download';
import { formatDate, money, serviceLabel, STATUS_LABELS } from '../../ui/format';

const KIND_LABELS: Record<ServiceRequestView['kind'], string> = { new_service: 'New service', transfer: 'Transfer', stop: 'Stop service', close_out: 'Close-out' };
const ORDER_LABELS: Record<string, string> = { connect: 'Connect', final_read: 'Final read' };

export function Confirmation({ request: r }: { request: ServiceRequestView }) {
  const api = useApi();
  const [error, setError] = useState<AppError | null>(null);
  async function print() {
    if (r.letterId === null) return;
    const env = await api.call('letters.pdf', { letterId: r.letterId });
    if (env.ok) {
      setError(null);
      saveDocument(env.value);
    } else setError(env.error);
  }
  return (
    <section className="sd-confirmation" aria-label={`Confirmation ${r.number}`}>
      <h2>
        {KIND_LABELS[r.kind]} {r.number}
      </h2>
      <dl className="sd-facts">
        <dt>Account</dt>
        <dd>
          {r.accountNumber} ({STATUS_LABELS[r.accountStatus]})
        </dd>
        {r.fromAccountNumber && (
          <>
            <dt>From account</dt>
            <dd>{r.fromAccountNumber}</dd>
          </>
        )}
        <dt>Customer</dt>
        <dd>{r.customerName}</dd>
        <dt>Service address</dt>
        <dd>{r.serviceAddress}</dd>
        <dt>Services</dt>
        <dd>{r.services.map(serviceLabel).join(', ')}</dd>
        <dt>Effective</dt>
        <dd>{formatDate(r.effectiveOn)}</dd>
        <dt>Request</dt>
        <dd>{r.status === 'completed' ? 'Completed' : 'Open'}</dd>
      </dl>
      {r.orders.length > 0 && (
        <ul aria-label="Work orders" className="sd-orders">
          {r.orders.map((o) => (
            <li key={o.id}>
              {ORDER_LABELS[o.role] ?? o.role} order {o.number} ({o.status})
            </li>
          ))}
        </ul>
      )}
      {r.finalBill && (
        <p>
          Final bill {money(r.finalBill.totalCents)} for {formatDate(r.finalBill.periodFrom)} to {formatDate(r.finalBill.periodTo)}, due {formatDate(r.finalBill.dueDate)}.
        </p>
      )}
      {r.finalBillProblem && <p className="alert alert-warning">Final bill waiting: {r.finalBillProblem}</p>}
      {r.moved && (
        <p>
          Moved to {r.accountNumber}: balance {money(r.moved.balanceCents)}, deposit {money(r.moved.depositCents)}.
        </p>
      )}
      {r.closeOut && <Arithmetic lines={r.closeOut.lines} caption={`Close-out of ${r.closeOut.accountNumber}`} />}
      {r.deposit && (
        <p>
          Deposit {r.deposit.requiredCents > 0 ? `${money(r.deposit.requiredCents)} charged (due now)` : r.deposit.waivedBy ? `waived: letter of credit from ${r.deposit.waivedBy}` : 'none'}.
        </p>
      )}
      {r.checkRequestId !== null && <p>Check request {r.checkRequestId} sent to finance with the nightly export.</p>}
      {r.letterId !== null && (
        <button type="button" onClick={() => void print()}>
          Print confirmation
        </button>
      )}
      <ErrorAlert error={error} prefix="Could not print:" />
    </section>
  );
}

export function Arithmetic({ lines, caption }: { lines: ReadonlyArray<{ label: string; cents: number }>; caption: string }) {
  return (
    <table className="sd-arithmetic" aria-label={caption}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Amount</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.label}>
            <th scope="row">{l.label}</th>
            <td className="num">{money(l.cents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

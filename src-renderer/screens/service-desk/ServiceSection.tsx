// The account page's Service section (Alt+Shift+V): the account's status life cycle as recorded
// (who moved it and why, in town time) and its service requests with their SR numbers.
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { STATUS_LABELS, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';

const KIND_LABELS = { new_service: 'New service', transfer: 'Transfer', stop: 'Stop service', close_out: 'Close-out' } as const;

export function ServiceSection({ accountId, show }: { accountId: number; show: boolean }) {
  const api = useApi();
  const { stamp } = useTownTime();
  const data = useLoad(() => (show ? api.call('serviceDesk.forAccount', { accountId }) : Promise.resolve({ ok: true as const, value: null })), `${accountId}-${show}`);
  if (!show) return null;
  const v = data.value;
  return (
    <section aria-labelledby="acct-service">
      <h2 id="acct-service">Service</h2>
      <ErrorAlert error={data.error} prefix="Could not load the service history:" />
      {v && (
        <>
          <table aria-label="Status history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">By</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {v.history.length === 0 && (
                <tr>
                  <td colSpan={5}>No status changes recorded (the account is {STATUS_LABELS[v.status].toLowerCase()}).</td>
                </tr>
              )}
              {v.history.map((h, i) => (
                <tr key={i}>
                  <td>{stamp(h.at)}</td>
                  <td>{h.fromStatus ? STATUS_LABELS[h.fromStatus] : '—'}</td>
                  <td>{STATUS_LABELS[h.toStatus]}</td>
                  <td>{h.userName ?? ''}</td>
                  <td>{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul aria-label="Service requests">
            {v.requests.map((r) => (
              <li key={r.id}>
                {r.number} — {KIND_LABELS[r.kind]} ({r.status === 'completed' ? 'completed' : 'open'}), {r.serviceAddress}
                {r.orders.length ? `; orders ${r.orders.map((o) => `${o.number} (${o.status})`).join(', ')}` : ''}
              </li>
            ))}
            {v.requests.length === 0 && <li>No service requests.</li>}
          </ul>
        </>
      )}
    </section>
  );
}

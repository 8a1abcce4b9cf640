// The account page's Collections section (Alt+Shift+K): the cut-off notices recorded on the
// account (list, cut-off date, mail date, amount, language) with Reprint — letters.pdf renders
// the recorded letter, so a reprint is the notice that was mailed — and the account's disconnect
// (non-payment) and reconnect work orders, its disconnect/reconnect history.
import { useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { AmountCell, DataTable } from '../../ui/DataTable';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';

export function CollectionsSection({ accountId }: { accountId: number }) {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canRead = roles !== null && roleHas(roles, 'collections.read');
  const data = useLoad(
    () => (canRead ? api.call('collections.cutoffNotices.ofAccount', { accountId }) : Promise.resolve({ ok: false as const, error: { code: 'FORBIDDEN' as const, message: 'Collections are for collections staff.' } })),
    `collections-${accountId}`,
  );
  const canOrders = roles !== null && roleHas(roles, 'workOrders.read');
  const orders = useLoad(
    () => (canOrders ? api.call('workOrders.forAccount', { accountId, limit: 200 }) : Promise.resolve({ ok: true as const, value: { orders: [] } })),
    `collections-orders-${accountId}`,
  );
  const { stamp } = useTownTime();
  const history = (orders.value?.orders ?? []).filter((o) => o.type === 'disconnect_nonpay' || o.type === 'reconnect');
  const [error, setError] = useState<AppError | null>(null);

  async function reprint(letterId: number) {
    const r = await api.call('letters.pdf', { letterId });
    if (r.ok) {
      setError(null);
      saveDocument(r.value);
    } else setError(r.error);
  }

  const v = data.value;
  return (
    <section aria-labelledby="acct-collections" className="card">
      <h2 id="acct-collections">Collections</h2>
      {!canRead && <p className="muted">Collections are shown to collections staff.</p>}
      {canRead && <ErrorAlert error={data.error} />}
      {v &&
        (v.notices.length === 0 ? (
          <p>No cut-off notices sent.</p>
        ) : (
          <DataTable
            caption="Cut-off notices sent"
            columns={[{ label: 'Mailed' }, { label: 'Cut-off date' }, { label: 'Past due', num: true }, { label: 'Language' }, { label: 'Letter' }]}
            rows={v.notices}
            row={(n) => (
              <tr key={n.letterId}>
                <td>{formatDate(n.mailedOn)}</td>
                <td>{formatDate(n.cutoffDate)}</td>
                <AmountCell cents={n.pastDueCents} />
                <td>{n.language === 'es' ? 'Spanish' : 'English'}</td>
                <td>
                  <button type="button" onClick={() => void reprint(n.letterId)} aria-label={`Reprint the cut-off notice for ${formatDate(n.cutoffDate)} mailed ${formatDate(n.mailedOn)}`}>
                    Reprint
                  </button>
                </td>
              </tr>
            )}
          />
        ))}
      <ErrorAlert error={error} prefix="Could not reprint:" />
      <ErrorAlert error={orders.error} />
      {orders.value &&
        (history.length === 0 ? (
          <p>No disconnect or reconnect orders.</p>
        ) : (
          <DataTable
            caption="Disconnect and reconnect orders"
            columns={[{ label: 'Order' }, { label: 'Type' }, { label: 'Status' }, { label: 'Created' }, { label: 'Completed' }]}
            rows={history}
            row={(o) => (
              <tr key={o.id}>
                <td>{o.number}</td>
                <td>{o.typeLabel}</td>
                <td>{o.status}</td>
                <td>{stamp(o.createdAt)}</td>
                <td>{o.completedAt ? stamp(o.completedAt) : ''}</td>
              </tr>
            )}
          />
        ))}
    </section>
  );
}

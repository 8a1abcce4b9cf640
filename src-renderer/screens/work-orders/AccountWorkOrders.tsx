// The account page's work orders: the account's orders, newest first, and "New work order"
// (Alt+N from anywhere on the account page) for a connect, a re-read, a leak check…
import { useEffect, useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { STATUS_LABELS } from './labels';
import { CreateWorkOrderDialog } from './WorkOrderDialogs';
import { DetailsDialog } from './WorkOrdersScreen';
import './work-orders.css';

export function AccountWorkOrders({ account }: { account: { id: number; number: string; name: string; serviceAddress: string } }) {
  const api = useApi();
  const { stamp } = useTownTime();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canRead = role !== null && roleHas(role, 'workOrders.read');
  const canCreate = role !== null && roleHas(role, 'workOrders.create');
  const orders = useLoad(() => (canRead ? api.call('workOrders.forAccount', { accountId: account.id }) : Promise.resolve({ ok: true as const, value: { orders: [] } })), `${account.id}`);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (!canCreate) return;
    function onKey(e: KeyboardEvent) {
      if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyN' || e.key.toLowerCase() === 'n')) {
        e.preventDefault();
        setCreating(true);
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [canCreate]);

  if (!canRead) return null;
  const list = orders.value?.orders ?? [];
  return (
    <section aria-labelledby="acct-work-orders" className="card account-work-orders">
      <div className="wo-inline">
        <h2 id="acct-work-orders">Work orders</h2>
        {canCreate && (
          <button type="button" onClick={() => setCreating(true)} aria-keyshortcuts="Alt+N">
            New work order <kbd aria-hidden="true">Alt+N</kbd>
          </button>
        )}
      </div>
      {notice && (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      )}
      <ErrorAlert error={orders.error} />
      <table className="data">
        <caption>Orders for this account, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Crew</th>
          </tr>
        </thead>
        <tbody>
          {list.length === 0 && (
            <tr>
              <td colSpan={5}>No work orders.</td>
            </tr>
          )}
          {list.map((o) => (
            <tr key={o.id}>
              <td>
                <button type="button" className="link-button" onClick={() => setOpen(o.id)} aria-label={`Open work order ${o.number}`}>
                  {o.number}
                </button>
              </td>
              <td>{o.typeLabel}</td>
              <td>
                {STATUS_LABELS[o.status]}
                {o.overdue && o.status !== 'verified' ? ' — overdue' : ''}
              </td>
              <td>{stamp(o.createdAt)}</td>
              <td>{o.crewName ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {creating && (
        <CreateWorkOrderDialog
          account={{ id: account.id, number: account.number, name: account.name, address: account.serviceAddress }}
          source="counter"
          onClose={() => setCreating(false)}
          onCreated={(o) => {
            setCreating(false);
            setNotice(`${o.number} created: ${o.typeLabel}.`);
            void orders.reload();
          }}
        />
      )}
      {open !== null && <DetailsDialog id={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

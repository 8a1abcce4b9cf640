// "Edit customer…" on the account page's Customer section: the customer form in a dialog, for a
// role with service.intake; the page reloads after a save.
import { useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { CustomerView } from '../../../src-shared/ipc/customer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { CustomerForm } from './CustomerForm';
import { TaxIdReveal } from './CustomersScreen';

export function CustomerEditButton({ customerId, onSaved }: { customerId: number; onSaved: () => void }) {
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const [customer, setCustomer] = useState<CustomerView | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  if (role === null || !roleHas(role, 'service.intake')) return null;
  async function open() {
    const env = await api.call('customers.get', { customerId });
    if (env.ok) {
      setError(null);
      setCustomer(env.value);
    } else setError(env.error);
  }
  return (
    <>
      <button type="button" onClick={() => void open()}>
        Edit customer…
      </button>
      <ErrorAlert error={error} />
      {customer && (
        <Dialog label={`Edit customer ${customer.displayName}`} onClose={() => setCustomer(null)}>
          <p>
            Tax ID: <TaxIdReveal customer={customer} />
          </p>
          <CustomerForm
            customer={customer}
            onCancel={() => setCustomer(null)}
            onSaved={() => {
              setCustomer(null);
              onSaved();
            }}
          />
        </Dialog>
      )}
    </>
  );
}

// On the account page's bills: print a duplicate of a bill (PDF marked DUPLICATE, printed time in
// the town's zone), made by the core from the ledger.
import { useState } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate } from '../../ui/format';
import { saveDocument } from '../reports/pdf-download';

export function DuplicateBillButton({ accountId, billId, billDate }: { accountId: number; billId: number; billDate: string }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  async function print() {
    setBusy(true);
    const env = await api.call('billing.duplicate', { accountId, billId });
    setBusy(false);
    if (env.ok) {
      setError(null);
      saveDocument(env.value);
    } else setError(env.error);
  }
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void print()} aria-label={`Duplicate bill of ${formatDate(billDate)}`}>
        Duplicate of the latest bill
      </button>
      <ErrorAlert error={error} />
    </>
  );
}

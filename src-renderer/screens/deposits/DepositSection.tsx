// The account page's Deposit section (Alt+Shift+E): what the account holds (paid, still to pay),
// whether its deposit could be refunded today with each criterion, and the customer's letters of
// credit; a deposit receipt letter in one key.
import { useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { AmountRow, DataTable } from '../../ui/DataTable';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { CRITERION_LABELS, LETTERS_CHANGED } from './labels';

export function DepositSection({ accountId }: { accountId: number }) {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canIssue = roles !== null && roleHas(roles, 'service.intake');
  const dep = useLoad(() => api.call('deposits.forAccount', { accountId }), String(accountId));
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const d = dep.value;

  async function receipt() {
    const r = await api.call('letters.issue', { accountId, kind: 'deposit_receipt' });
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(`Deposit receipt issued (letter ${r.value.id}); print it from Letters.`);
    window.dispatchEvent(new CustomEvent(LETTERS_CHANGED, { detail: { accountId } }));
  }

  return (
    <section aria-labelledby="acct-deposit" className="card">
      <h2 id="acct-deposit" tabIndex={-1}>
        Deposit
      </h2>
      <ErrorAlert error={dep.error ?? error} prefix="Deposit:" />
      {d && (
        <>
          <DataTable
            caption={d.chargedOn ? `Deposit charged ${formatDate(d.chargedOn)}` : 'No deposit held'}
            rows={[]}
            row={() => null}
            after={
              <>
                <AmountRow label="Deposit held" cents={d.heldCents} />
                <AmountRow label="Paid" cents={d.paidCents} />
                <AmountRow label="Still to pay" cents={d.unpaidCents} />
              </>
            }
          />
          {d.heldCents > 0 && (
            <DataTable
              caption={`Refund today: ${d.eligibility.eligible ? 'eligible' : 'not eligible'}`}
              columns={[{ label: 'Criterion' }, { label: 'Met' }, { label: 'Detail' }]}
              rows={d.eligibility.criteria}
              row={(c) => (
                <tr key={c.key}>
                  <td>{CRITERION_LABELS[c.key]}</td>
                  <td>{c.met ? 'Yes' : 'No'}</td>
                  <td>{c.detail}</td>
                </tr>
              )}
            />
          )}
          <DataTable
            caption="Letters of credit of this customer"
            columns={[{ label: 'Utility' }, { label: 'Received' }, { label: 'Months of good payment' }, { label: 'Waives a deposit today' }]}
            rows={d.lettersOfCredit}
            empty="None on file."
            row={(l) => (
              <tr key={l.id}>
                <td>{l.utility}</td>
                <td>{formatDate(l.receivedOn)}</td>
                <td>{l.goodMonths}</td>
                <td>{l.voidedAt ? 'Void' : l.waivesToday ? 'Yes' : 'No'}</td>
              </tr>
            )}
          />
          {canIssue && (
            <button type="button" onClick={() => void receipt()}>
              Issue deposit receipt
            </button>
          )}
          {done && <p role="status">{done}</p>}
        </>
      )}
    </section>
  );
}

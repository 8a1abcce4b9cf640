// The account page's Aging and penalties section (Alt+Shift+G): the account's buckets as of a
// date (today by default), its open items with their days past due and bucket, and the late
// penalties its bills got (one per bill, from the penalty run).
import { useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatDate, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { BUCKET_LABELS } from './AgingScreen';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function AgingSection({ accountId }: { accountId: number }) {
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canRead = role !== null && roleHas(role, 'collections.read');
  const [asOf, setAsOf] = useState('');
  const valid = asOf === '' || DATE_RE.test(asOf);
  const data = useLoad(
    () => (canRead && valid ? api.call('collections.accountAging', { accountId, asOf: asOf || undefined }) : Promise.resolve({ ok: true as const, value: null })),
    `${accountId}-${canRead}-${valid ? asOf : ''}`,
  );
  const v = data.value;
  return (
    <section aria-labelledby="acct-aging-items" className="card">
      <h2 id="acct-aging-items">Aging and penalties</h2>
      {!canRead ? (
        <p className="muted">Aging by open item is shown to clerks and supervisors.</p>
      ) : (
        <>
          <TextField label="Aging as of" type="date" value={asOf} onChange={setAsOf} hint="Empty: today." />
          <ErrorAlert error={data.error} />
          {v && (
            <>
              <p role="status" aria-label="Account aging totals">
                As of {formatDate(v.asOf)}: {money(v.openCents)} open, {money(v.pastDueCents)} past due — current {money(v.buckets.currentCents)}, 30–59 days {money(v.buckets.days30Cents)}, 60–89 days {money(v.buckets.days60Cents)}, 90+ days {money(v.buckets.days90Cents)}.
              </p>
              {v.items.length > 0 && (
                <table className="data" aria-label="Open items by age">
                  <thead>
                    <tr>
                      <th scope="col">Charge</th>
                      <th scope="col">Due</th>
                      <th scope="col">Days past due</th>
                      <th scope="col">Bucket</th>
                      <th scope="col">Open</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.items.map((i) => (
                      <tr key={i.chargeId}>
                        <td>{i.description}</td>
                        <td>{formatDate(i.dueDate)}</td>
                        <td className="num">{i.daysPastDue}</td>
                        <td>{BUCKET_LABELS[i.bucket]}</td>
                        <td className="num">{money(i.openCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {v.penalties.length > 0 ? (
                <table className="data" aria-label="Late penalties">
                  <thead>
                    <tr>
                      <th scope="col">Bill due</th>
                      <th scope="col">Penalized on</th>
                      <th scope="col">Then open</th>
                      <th scope="col">Penalty</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.penalties.map((p) => (
                      <tr key={p.billId}>
                        <td>{formatDate(p.billDueDate)}</td>
                        <td>{formatDate(p.runDate)}</td>
                        <td className="num">{money(p.pastDueCents)}</td>
                        <td className="num">{money(p.penaltyCents)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="muted">No late penalties from the penalty run.</p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

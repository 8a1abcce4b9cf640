// Ledger check (supervisor, admin): runs ledger.verify when opened and on demand, and lists
// every violation, or says the ledger verified clean with what was counted.
import { useEffect, useRef } from 'react';
import { useApi } from '../app/context';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatCount, useTownTime } from '../ui/format';
import { useLoad } from '../ui/use-load';

const COUNT_LABELS: Record<string, string> = {
  entries: 'Journal entries',
  lines: 'Journal lines',
  charges: 'Charges',
  allocations: 'Allocations',
  accounts: 'Accounts',
};

export function LedgerCheckScreen() {
  const { stamp } = useTownTime();
  const api = useApi();
  const report = useLoad(() => api.call('ledger.verify', {}), 'verify');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const r = report.value;

  return (
    <div className="ledger-check">
      <h1 ref={headingRef} tabIndex={-1}>
        Ledger check
      </h1>
      <p>Checks every ledger rule (entries balance, charges match receivables, nothing posted was changed) and lists each problem found.</p>
      <div className="page-actions">
        <button type="button" className="primary" onClick={() => void report.reload()} disabled={report.loading}>
          Run ledger check
        </button>
      </div>
      <div role="status" className="check-status">
        {report.loading && <p>Checking the ledger…</p>}
        {!report.loading && r?.ok && (
          <>
            <p className="banner banner-ok">Ledger verified: no problems found</p>
            <p className="muted">Checked {stamp(r.checkedAt)}.</p>
          </>
        )}
      </div>
      <ErrorAlert error={report.error} prefix="The ledger check could not run:" />
      {r && !r.ok && (
        <div role="alert" className="banner banner-danger">
          <p className="banner-title">
            Ledger check found {r.violations.length} problem{r.violations.length === 1 ? '' : 's'}
          </p>
          <p>Nothing has been changed. Call your administrator before posting more.</p>
        </div>
      )}
      {r && r.violations.length > 0 && (
        <table className="data">
          <caption>Problems found</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {r.violations.map((v, i) => (
              <tr key={i}>
                <td>{v.check}</td>
                <td>{v.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r && (
        <table className="data counts">
          <caption>What was checked</caption>
          <tbody>
            {Object.entries(r.counts).map(([k, n]) => (
              <tr key={k}>
                <th scope="row">{COUNT_LABELS[k] ?? k.replace(/_/g, ' ')}</th>
                <td className="num">{formatCount(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

// The Write-offs screen (Alt+O): request the write-off of a final-billed or closed account's
// balance; a supervisor (not the requester) approves or rejects those waiting; the collection
// agency referral (preview, then the CSV that marks the accounts) and the unclaimed property
// report with its CSV. Every rule is the core's.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { UnclaimedRow, WriteOffView } from '../../../src-shared/ipc/write-off-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatCount, formatDate, money } from '../../ui/format';
import { saveText } from '../../ui/save-text';
import { useLoad } from '../../ui/use-load';

export function WriteOffsScreen() {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canApprove = roles !== null && roleHas(roles, 'writeOff.approve');
  const canRequest = roles !== null && roleHas(roles, 'writeOff.request');
  const canExport = roles !== null && roleHas(roles, 'setoff.manage');
  const pending = useLoad(() => api.call('writeOffs.list', { status: 'pending', limit: 100 }), 'write-offs-pending');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');
  const [rejectReason, setRejectReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const [referral, setReferral] = useState<{ count: number; totalCents: number } | null>(null);
  const [unclaimed, setUnclaimed] = useState<{ rows: UnclaimedRow[]; totalCents: number; csv: string; asOf: string } | null>(null);

  async function request(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone('');
    const acct = await api.call('accounts.get', { number: number.trim() });
    if (!acct.ok) {
      setBusy(false);
      setError(acct.error);
      return;
    }
    const r = await api.call('writeOffs.request', { accountId: acct.value.id, reason: reason.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDone(`${r.value.number}: ${money(r.value.amountCents)} on ${r.value.accountNumber} waits for a supervisor.`);
    setNumber('');
    setReason('');
    void pending.reload();
  }

  async function decide(w: WriteOffView, approve: boolean) {
    setError(null);
    setDone('');
    const r = approve ? await api.call('writeOffs.approve', { id: w.id }) : await api.call('writeOffs.reject', { id: w.id, reason: rejectReason.trim() });
    if (!r.ok) return setError(r.error);
    setDone(approve ? `${w.number} posted: ${money(w.amountCents)} written off ${w.accountNumber}.` : `${w.number} rejected.`);
    void pending.reload();
  }

  async function previewReferral() {
    setError(null);
    const r = await api.call('collections.agencyReferral.preview', {});
    if (!r.ok) return setError(r.error);
    setReferral({ count: r.value.rows.length, totalCents: r.value.totalCents });
  }

  async function exportReferral() {
    setError(null);
    const r = await api.call('collections.agencyReferral.export', {});
    if (!r.ok) return setError(r.error);
    saveText(`agency-referral-${r.value.asOf}.csv`, r.value.csv, 'text/csv');
    setDone(`${formatCount(r.value.rows.length)} accounts referred to the collection agency (${money(r.value.totalCents)}).`);
    setReferral(null);
  }

  async function showUnclaimed() {
    setError(null);
    const r = await api.call('collections.unclaimedProperty', {});
    if (!r.ok) return setError(r.error);
    setUnclaimed(r.value);
  }

  return (
    <div className="screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Write-offs
      </h1>
      <ErrorAlert error={error} />
      {done && (
        <p role="status" aria-label="Write-off result">
          {done}
        </p>
      )}
      {canRequest && (
        <form onSubmit={(e) => void request(e)} aria-label="Request a write-off" className="card">
          <h2>Request a write-off</h2>
          <TextField label="Account number" value={number} onChange={setNumber} maxLength={20} />
          <TextField label="Reason for the write-off" value={reason} onChange={setReason} maxLength={500} />
          <button type="submit" disabled={busy}>
            Request write-off
          </button>
        </form>
      )}
      <section className="card" aria-labelledby="wo-pending-heading">
        <h2 id="wo-pending-heading">Waiting for approval</h2>
        <ErrorAlert error={pending.error} />
        {pending.value && pending.value.writeOffs.length === 0 && <p>No write-off is waiting.</p>}
        {pending.value && pending.value.writeOffs.length > 0 && (
          <>
            {canApprove && <TextField label="Reason to reject" value={rejectReason} onChange={setRejectReason} maxLength={500} />}
            <table aria-labelledby="wo-pending-heading">
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Account</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Requested by</th>
                  {canApprove && <th scope="col">Decision</th>}
                </tr>
              </thead>
              <tbody>
                {pending.value.writeOffs.map((w) => (
                  <tr key={w.id}>
                    <td>{w.number}</td>
                    <td>
                      {w.accountNumber} {w.name}
                    </td>
                    <td>{money(w.amountCents)}</td>
                    <td>{w.reason}</td>
                    <td>{w.requestedBy}</td>
                    {canApprove && (
                      <td>
                        <button type="button" onClick={() => void decide(w, true)}>
                          Approve {w.number}
                        </button>{' '}
                        <button type="button" onClick={() => void decide(w, false)} disabled={rejectReason.trim().length < 3}>
                          Reject {w.number}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      {canExport && (
        <section className="card" aria-labelledby="wo-agency-heading">
          <h2 id="wo-agency-heading">Collection agency referral</h2>
          <button type="button" onClick={() => void previewReferral()}>
            Preview referral
          </button>
          {referral && (
            <>
              <p role="status" aria-label="Referral preview">
                {formatCount(referral.count)} final balances due for referral, {money(referral.totalCents)}.
              </p>
              <button type="button" onClick={() => void exportReferral()} disabled={referral.count === 0}>
                Export referral CSV
              </button>
            </>
          )}
        </section>
      )}
      {canExport && (
        <section className="card" aria-labelledby="wo-unclaimed-heading">
          <h2 id="wo-unclaimed-heading">Unclaimed property</h2>
          <button type="button" onClick={() => void showUnclaimed()}>
            Show unclaimed property
          </button>
          {unclaimed && (
            <>
              <p role="status" aria-label="Unclaimed property total">
                {formatCount(unclaimed.rows.length)} items, {money(unclaimed.totalCents)}, as of {formatDate(unclaimed.asOf)}.
              </p>
              {unclaimed.rows.length > 0 && (
                <table aria-label="Unclaimed property">
                  <thead>
                    <tr>
                      <th scope="col">Kind</th>
                      <th scope="col">Account</th>
                      <th scope="col">Name</th>
                      <th scope="col">Amount</th>
                      <th scope="col">Since</th>
                    </tr>
                  </thead>
                  <tbody>
                    {unclaimed.rows.map((r) => (
                      <tr key={`${r.kind}-${r.checkRequestId ?? r.accountId}`}>
                        <td>{r.kind === 'credit_balance' ? 'Credit balance' : 'Refund check'}</td>
                        <td>{r.accountNumber}</td>
                        <td>{r.name}</td>
                        <td>{money(r.amountCents)}</td>
                        <td>{formatDate(r.since)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <button type="button" onClick={() => saveText(`unclaimed-property-${unclaimed.asOf}.csv`, unclaimed.csv, 'text/csv')}>
                Save unclaimed property CSV
              </button>
            </>
          )}
        </section>
      )}
    </div>
  );
}

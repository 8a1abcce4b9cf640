// The account page's Cut-off section (Alt+Shift+U): the account's standing for the next date a
// cut-off can happen (on the list or why not, in the core's words), the courtesy calls logged,
// and the winter rule's elderly/disabled certification of the customer (record, withdraw).
import { useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import { COURTESY_OUTCOME_LABELS } from '../../../src-shared/ipc/cutoff-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate, money, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';

const STATE_LABEL = { in_force: 'In force', expired: 'Expired', withdrawn: 'Withdrawn', future: 'Not yet in force' } as const;
const KINDS = [
  { value: 'elderly', label: 'Elderly' },
  { value: 'disabled', label: 'Disabled' },
];

export function CutoffSection({ accountId }: { accountId: number }) {
  const api = useApi();
  const { stamp } = useTownTime();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canRead = role !== null && roleHas(role, 'collections.read');
  const canWork = role !== null && roleHas(role, 'collections.work');
  const data = useLoad(() => (canRead ? api.call('collections.cutoffStanding', { accountId }) : Promise.resolve({ ok: true as const, value: null })), `${accountId}-${canRead}`);
  const [kind, setKind] = useState('elderly');
  const [certifiedBy, setCertifiedBy] = useState('');
  const [certifiedOn, setCertifiedOn] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [withdrawing, setWithdrawing] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  if (!canRead) {
    return (
      <section aria-labelledby="acct-cutoff" className="card">
        <h2 id="acct-cutoff">Cut-off</h2>
        <p className="muted">The cut-off standing is shown to clerks and supervisors.</p>
      </section>
    );
  }

  async function certify(e: FormEvent) {
    e.preventDefault();
    const env = await api.call('collections.winter.certify', { accountId, kind: kind as 'elderly', certifiedBy, certifiedOn, validUntil });
    if (!env.ok) return setError(env.error);
    setError(null);
    setDone(`Winter-rule certification recorded: ${env.value.kind} until ${formatDate(env.value.validUntil)}.`);
    setCertifiedBy('');
    setCertifiedOn('');
    setValidUntil('');
    await data.reload();
  }

  async function withdraw(e: FormEvent) {
    e.preventDefault();
    if (withdrawing === null) return;
    const env = await api.call('collections.winter.withdraw', { id: withdrawing, reason });
    if (!env.ok) return setError(env.error);
    setError(null);
    setWithdrawing(null);
    setReason('');
    setDone('Winter-rule certification withdrawn.');
    await data.reload();
  }

  const v = data.value;
  return (
    <section aria-labelledby="acct-cutoff" className="card">
      <h2 id="acct-cutoff">Cut-off</h2>
      <ErrorAlert error={data.error} />
      {v && (
        <>
          <p role="status" aria-label="Cut-off standing" className={v.standing.onList ? 'alert alert-error' : undefined}>
            Next cut-off date {formatDate(v.cutoffDate)}: {v.standing.reason}
            {v.standing.pastDueCents > 0 && v.standing.reasonCode !== 'past_due' && v.standing.reasonCode !== 'broken_promise' ? ` (${money(v.standing.pastDueCents)})` : ''}.
          </p>
          <p className="hint">
            Winter rule {v.winterRule.enabled ? `on (${v.winterRule.from} to ${v.winterRule.to})${v.winterRule.applies ? ', applies on that date' : ''}` : 'off'}.
          </p>
          <h3>Courtesy calls</h3>
          {v.calls.length === 0 ? (
            <p className="muted">No courtesy call logged.</p>
          ) : (
            <table className="data" aria-label="Courtesy calls logged">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Cut-off date</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Note</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {v.calls.map((c) => (
                  <tr key={c.id}>
                    <td>{stamp(c.calledAt)}</td>
                    <td>{formatDate(c.cutoffDate)}</td>
                    <td>
                      {COURTESY_OUTCOME_LABELS[c.outcome]}
                      {c.promiseDate ? ` by ${formatDate(c.promiseDate)}` : ''}
                      {c.outcome === 'disputed' ? (c.resolvedAt ? ` (resolved: ${c.resolution ?? ''})` : ' (open)') : ''}
                    </td>
                    <td>{c.note ?? ''}</td>
                    <td>{c.calledBy ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Winter rule certification</h3>
          {v.certifications.length === 0 ? (
            <p className="muted">The customer is not certified elderly or disabled.</p>
          ) : (
            <table className="data" aria-label="Winter rule certifications">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Certified by</th>
                  <th scope="col">From</th>
                  <th scope="col">Until</th>
                  <th scope="col">State</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {v.certifications.map((c) => (
                  <tr key={c.id}>
                    <td>{c.kind === 'elderly' ? 'Elderly' : 'Disabled'}</td>
                    <td>{c.certifiedBy}</td>
                    <td>{formatDate(c.certifiedOn)}</td>
                    <td>{formatDate(c.validUntil)}</td>
                    <td>
                      {STATE_LABEL[c.state]}
                      {c.withdrawReason ? ` (${c.withdrawReason})` : ''}
                    </td>
                    <td>
                      {canWork && c.state !== 'withdrawn' && (
                        <button type="button" onClick={() => setWithdrawing(c.id)} aria-label={`Withdraw the winter certification until ${formatDate(c.validUntil)}`}>
                          Withdraw…
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {withdrawing !== null && (
            <form aria-label="Withdraw winter certification" onSubmit={(e) => void withdraw(e)}>
              <TextField label="Reason for withdrawing" value={reason} onChange={setReason} required autoFocus />
              <button type="submit">Withdraw certification</button>
              <button type="button" onClick={() => setWithdrawing(null)}>
                Cancel
              </button>
            </form>
          )}
          {canWork && (
            <form aria-label="Certify for the winter rule" onSubmit={(e) => void certify(e)}>
              <SelectField label="Certified as" value={kind} onChange={setKind} options={KINDS} />
              <TextField label="Certified by" value={certifiedBy} onChange={setCertifiedBy} required hint="The agency, physician or document" />
              <TextField label="Winter certification date" type="date" value={certifiedOn} onChange={setCertifiedOn} required />
              <TextField label="Winter certification valid until" type="date" value={validUntil} onChange={setValidUntil} required />
              <button type="submit">Record winter certification</button>
            </form>
          )}
        </>
      )}
      {done && <p role="status">{done}</p>}
      <ErrorAlert error={error} prefix="Not saved:" />
    </section>
  );
}

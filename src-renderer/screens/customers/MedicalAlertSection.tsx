// The account page's Medical Alert section (Alt+Shift+H): the certifications on file (in force,
// expired, withdrawn), recording a new one, and withdrawing one with a reason. The core keeps the
// account's flag; the page reloads to show it.
import { useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatDate } from '../../ui/format';
import { useLoad } from '../../ui/use-load';

const STATE_LABEL = { in_force: 'In force', expired: 'Expired', withdrawn: 'Withdrawn' } as const;

export function MedicalAlertSection({ accountId, onChanged }: { accountId: number; onChanged: () => void }) {
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canWrite = role !== null && roleHas(role, 'service.intake');
  const certs = useLoad(() => api.call('medicalAlert.forAccount', { accountId }), String(accountId));
  const [certifiedOn, setCertifiedOn] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [physician, setPhysician] = useState('');
  const [physicianPhone, setPhysicianPhone] = useState('');
  const [withdrawing, setWithdrawing] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');

  async function certify(e: FormEvent) {
    e.preventDefault();
    const env = await api.call('medicalAlert.certify', { accountId, certifiedOn, expiresOn, physician, physicianPhone });
    if (!env.ok) return setError(env.error);
    setError(null);
    setDone(`Certification recorded; Medical Alert until ${formatDate(env.value.medicalAlertUntil)}.`);
    setCertifiedOn('');
    setExpiresOn('');
    setPhysician('');
    setPhysicianPhone('');
    await certs.reload();
    onChanged();
  }

  async function withdraw(e: FormEvent) {
    e.preventDefault();
    if (withdrawing === null) return;
    const env = await api.call('medicalAlert.withdraw', { certificationId: withdrawing, reason });
    if (!env.ok) return setError(env.error);
    setError(null);
    setWithdrawing(null);
    setReason('');
    setDone(env.value.medicalAlertUntil ? `Withdrawn; Medical Alert until ${formatDate(env.value.medicalAlertUntil)}.` : 'Withdrawn; no certification left on the account.');
    await certs.reload();
    onChanged();
  }

  const v = certs.value;
  return (
    <section aria-labelledby="acct-medical" className="card">
      <h2 id="acct-medical">Medical Alert</h2>
      <ErrorAlert error={certs.error} />
      {v && v.certifications.length === 0 && <p className="muted">No certification on file.</p>}
      {v && v.certifications.length > 0 && (
        <table className="data" aria-label="Medical Alert certifications on file">
          <thead>
            <tr>
              <th scope="col">Certified</th>
              <th scope="col">Expires</th>
              <th scope="col">Physician</th>
              <th scope="col">State</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {v.certifications.map((c) => (
              <tr key={c.id}>
                <td>{formatDate(c.certifiedOn)}</td>
                <td>{formatDate(c.expiresOn)}</td>
                <td>
                  {c.physician}
                  {c.physicianPhone ? `, ${c.physicianPhone}` : ''}
                </td>
                <td>
                  {STATE_LABEL[c.state]}
                  {c.withdrawReason ? ` (${c.withdrawReason})` : ''}
                </td>
                <td>
                  {canWrite && c.state !== 'withdrawn' && (
                    <button type="button" onClick={() => setWithdrawing(c.id)} aria-label={`Withdraw the certification expiring ${formatDate(c.expiresOn)}`}>
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
        <form aria-label="Withdraw certification" onSubmit={(e) => void withdraw(e)}>
          <TextField label="Reason for withdrawing" value={reason} onChange={setReason} required autoFocus />
          <button type="submit">Withdraw certification</button>
          <button type="button" onClick={() => setWithdrawing(null)}>
            Cancel
          </button>
        </form>
      )}
      {canWrite && (
        <form aria-label="Record a certification" onSubmit={(e) => void certify(e)}>
          <TextField label="Certified on" type="date" value={certifiedOn} onChange={setCertifiedOn} required />
          <TextField label="Certification expires" type="date" value={expiresOn} onChange={setExpiresOn} required />
          <TextField label="Physician" value={physician} onChange={setPhysician} required />
          <TextField label="Physician phone" value={physicianPhone} onChange={setPhysicianPhone} inputMode="tel" required />
          <button type="submit">Record certification</button>
        </form>
      )}
      {done && <p role="status">{done}</p>}
      <ErrorAlert error={error} prefix="Not saved:" />
    </section>
  );
}

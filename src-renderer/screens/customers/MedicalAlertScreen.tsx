// Medical Alert (Alt+M): every account with a certification in force, soonest expiry first,
// or only those expiring within the warning days (the town's setting; the core decides which);
// either saved as a PDF.
import { useEffect, useRef, useState } from 'react';
import { useApi, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { saveDocument } from '../reports/pdf-download';

export function MedicalAlertScreen() {
  const api = useApi();
  const { store } = useServices();
  const [expiringOnly, setExpiringOnly] = useState(false);
  const list = useLoad(() => api.call('medicalAlert.list', { expiringOnly }), String(expiringOnly));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [pdfError, setPdfError] = useState<AppError | null>(null);
  async function downloadPdf() {
    const env = await api.call('medicalAlert.pdf', { expiringOnly });
    if (env.ok) {
      setPdfError(null);
      saveDocument(env.value);
    } else setPdfError(env.error);
  }
  useEffect(() => headingRef.current?.focus(), []);
  const v = list.value;
  return (
    <div className="medical-alert-screen">
      <h1 ref={headingRef} tabIndex={-1}>
        Medical Alert list
      </h1>
      <label className="checkbox">
        <input type="checkbox" checked={expiringOnly} onChange={(e) => setExpiringOnly(e.target.checked)} /> Only those expiring within {v?.warnDays ?? '…'} days
      </label>
      <button type="button" onClick={() => void downloadPdf()}>
        Save as PDF
      </button>
      <ErrorAlert error={list.error} />
      <ErrorAlert error={pdfError} prefix="Could not make the PDF:" />
      {v && (
        <>
          <p role="status">
            {v.rows.length} certification{v.rows.length === 1 ? '' : 's'} listed; {v.expiring} expiring within {v.warnDays} days (as of {formatDate(v.today)}).
          </p>
          <table className="data" aria-label="Medical Alert certifications">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Customer</th>
                <th scope="col">Service address</th>
                <th scope="col">Phone</th>
                <th scope="col">Expires</th>
                <th scope="col">Physician</th>
              </tr>
            </thead>
            <tbody>
              {v.rows.map((r) => (
                <tr key={r.certificationId} className={r.expiring ? 'row-alert' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => store.getState().openAccount(r.accountId)} aria-label={`Open account ${r.accountNumber}`}>
                      {r.accountNumber}
                    </button>
                  </td>
                  <td>{r.name}</td>
                  <td>{r.serviceAddress}</td>
                  <td>{r.phone ?? ''}</td>
                  <td>
                    {formatDate(r.expiresOn)} ({r.daysLeft} days){r.expiring && <span className="badge badge-alert">Expiring</span>}
                  </td>
                  <td>
                    {r.physician}
                    {r.physicianPhone ? `, ${r.physicianPhone}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

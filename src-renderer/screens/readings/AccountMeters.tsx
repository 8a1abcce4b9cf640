// The account page's Meters section: the meters of the account's location (size, dials,
// multiplier, install and removal with their registers) and the last 24 readings with code,
// source and flag.
import { useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { MeterView } from '../../../src-shared/ipc/reading-schemas';
import { useLoad } from '../../ui/use-load';
import { useApi, useAppState } from '../../app/context';
import { MeterDialog } from './MeterDialogs';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDate } from '../../ui/format';
import { readCodeLabel, SOURCE_LABELS } from './labels';
import './readings.css';

const n = (v: number | null) => (v === null ? '' : v.toLocaleString('en-US'));

export function AccountMeters({ accountId }: { accountId: number }) {
  const api = useApi();
  const data = useLoad(() => api.call('readings.forAccount', { accountId }), String(accountId));
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canChange = role !== null && roleHas(role, 'readings.import');
  const [dialog, setDialog] = useState<{ meter: MeterView | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const meters = data.value?.meters ?? [];
  const readings = data.value?.readings ?? [];
  return (
    <section aria-labelledby="acct-meters" className="card account-meters">
      <div className="rd-inline">
        <h2 id="acct-meters">Meters</h2>
        {canChange && (
          <button type="button" onClick={() => (setNotice(null), setDialog({ meter: null }))}>
            Set a meter
          </button>
        )}
      </div>
      {notice && (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      )}
      <ErrorAlert error={data.error} prefix="Could not load the meters:" />
      <table className="data">
        <caption>Meters at the service location</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Number</th>
            <th scope="col">Size</th>
            <th scope="col">Dials</th>
            <th scope="col">Multiplier</th>
            <th scope="col">Installed</th>
            <th scope="col">Removed</th>
            {canChange && <th scope="col">Change</th>}
          </tr>
        </thead>
        <tbody>
          {data.value && meters.length === 0 && (
            <tr>
              <td colSpan={canChange ? 8 : 7}>No meters on record for this location.</td>
            </tr>
          )}
          {meters.map((m) => (
            <tr key={m.id}>
              <td>{m.service === 'water' ? 'Water' : 'Electric'}</td>
              <td>
                {m.number}
                {m.inService ? '' : ' (removed)'}
              </td>
              <td>{m.size}</td>
              <td className="num">{m.dials}</td>
              <td className="num">×{m.multiplier}</td>
              <td>
                {formatDate(m.installedOn)} at {n(m.installReading)}
              </td>
              <td>{m.removedOn ? `${formatDate(m.removedOn)} at ${n(m.removalReading)}` : ''}</td>
              {canChange && (
                <td>
                  {m.inService && (
                    <button type="button" onClick={() => (setNotice(null), setDialog({ meter: m }))}>
                      Change meter {m.number}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data">
        <caption>Last {readings.length === 24 ? 24 : readings.length} readings, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Read on</th>
            <th scope="col">Meter</th>
            <th scope="col">Reading</th>
            <th scope="col">Code</th>
            <th scope="col">Source</th>
            <th scope="col">Flag</th>
          </tr>
        </thead>
        <tbody>
          {data.value && readings.length === 0 && (
            <tr>
              <td colSpan={6}>No readings yet.</td>
            </tr>
          )}
          {readings.map((r) => (
            <tr key={r.id}>
              <td>{formatDate(r.readOn)}</td>
              <td>{r.meterNumber}</td>
              <td className="num">{n(r.value)}</td>
              <td>{readCodeLabel(r.readCode)}</td>
              <td>{SOURCE_LABELS[r.source] ?? r.source}</td>
              <td>{r.flag ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {dialog && (
        <MeterDialog
          accountId={accountId}
          meter={dialog.meter}
          onClose={() => setDialog(null)}
          onDone={(message) => {
            setDialog(null);
            setNotice(message);
            void data.reload();
          }}
        />
      )}
    </section>
  );
}

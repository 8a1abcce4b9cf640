// Virtual printer (everyone, while this run prints to the loopback printer of browser mode and
// demos): the jobs it received, newest first, each as the paper would show it — the decoded
// lines in a monospaced column of the printer's width — with where the paper was cut and the
// drawer pulses it got, byte for byte.
import { useEffect, useRef } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useTownTime } from '../../ui/format';
import { usePoll } from './use-poll';
import './printer.css';

type VirtualJob = MethodOutput<'printer.virtualJobs'>['jobs'][number];

export const VIRTUAL_JOBS_SHOWN = 20;

export function VirtualPrinterScreen() {
  const api = useApi();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  // Jobs arrive whenever anyone prints: keep looking while the screen is open.
  const polled = usePoll(() => api.call('printer.virtualJobs', { limit: VIRTUAL_JOBS_SHOWN }), 'virtual-printer', { pending: () => true, fastMs: 1000, fastForMs: 60_000, slowMs: 2000 });
  const v = polled.value;
  const jobs = v?.jobs ?? [];

  return (
    <div className="virtual-printer">
      <h1 ref={headingRef} tabIndex={-1}>
        Virtual printer
      </h1>
      <p role="status" className="search-status">
        {!v
          ? polled.error
            ? ''
            : 'Loading…'
          : !v.active
            ? 'No virtual printer is running in this session.'
            : `${jobs.length === 0 ? 'Nothing printed yet' : `${jobs.length === VIRTUAL_JOBS_SHOWN ? `Newest ${VIRTUAL_JOBS_SHOWN}` : jobs.length} job${jobs.length === 1 ? '' : 's'} received, newest first`}. Listening on ${v.endpoint ?? ''}.`}
      </p>
      <p className="hint">Receipts printed in this session go to a printer simulated on this computer; each one is shown here exactly as the paper would read.</p>
      <ErrorAlert error={polled.error} prefix="Could not read the virtual printer:" />
      <ol className="vp-jobs" aria-label="Jobs received">
        {jobs.map((j) => (
          <li key={j.id}>
            <VirtualJobView job={j} />
          </li>
        ))}
      </ol>
    </div>
  );
}

function VirtualJobView({ job: j }: { job: VirtualJob }) {
  const { stamp } = useTownTime();
  const headingId = `vp-job-${j.id}`;
  const rows = j.text.split('\n');
  return (
    <article className="vp-job" aria-labelledby={headingId}>
      <h2 id={headingId}>
        Job {j.id} · {stamp(j.receivedAt)} · {j.byteCount} bytes
      </h2>
      {j.drawerPulses.map((p, i) => (
        <p key={i} className="vp-marker vp-pulse">
          Drawer pulse: pin {p.pin}, {p.onMs} ms on, {p.offMs} ms off — bytes <code>{p.hex}</code>
        </p>
      ))}
      <figure className="vp-figure" aria-label={`Printed text of job ${j.id}`}>
        <pre className="vp-paper">
          {rows.map((text, i) => {
            const l = j.lines[i];
            const cls = [l?.bold ? 'vp-bold' : '', l && l.size !== 'normal' ? `vp-${l.size}` : ''].filter(Boolean).join(' ');
            return (
              <span key={i} className={cls || undefined}>
                {text}
                {'\n'}
              </span>
            );
          })}
        </pre>
      </figure>
      {j.cuts > 0 && <p className="vp-marker vp-cut">{j.cuts === 1 ? 'Paper cut' : `Paper cut ×${j.cuts}`}</p>}
      {j.codePage && <p className="hint">Code page {j.codePage}</p>}
      {j.warnings.length > 0 && (
        <ul className="vp-warnings" aria-label={`Problems in job ${j.id}`}>
          {j.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </article>
  );
}

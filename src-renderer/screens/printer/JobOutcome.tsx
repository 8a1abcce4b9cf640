// The outcome of print jobs just queued (a test page, a drawer summary, a NO SALE slip),
// followed until each has printed or failed.
import type { PrintJobView } from '../../../src-shared/ipc/printer-schemas';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { isPending, JOB_KIND_LABELS } from './labels';
import { usePoll } from './use-poll';

function describe(j: PrintJobView): string {
  const what = JOB_KIND_LABELS[j.kind];
  if (j.status === 'done') return `${what}: printed${j.kind === 'drawer_kick' ? ' (drawer opened)' : ''}.`;
  if (j.status === 'failed') return `${what}: not printed: ${j.lastError ?? 'failed'}`;
  if (j.status === 'cancelled') return `${what}: cancelled${j.cancelReason ? `: ${j.cancelReason}` : ''}.`;
  return j.lastError ? `${what}: not printed yet: ${j.lastError}` : `${what}: sending to the printer…`;
}

export function JobOutcome({ jobs: queued }: { jobs: readonly PrintJobView[] }) {
  const api = useApi();
  const ids = queued.map((j) => j.id);
  const key = ids.join(',');
  const polled = usePoll(() => api.call('printer.jobs', { limit: 50 }), key, {
    pending: (v) => ids.some((id) => {
      const j = v.jobs.find((x) => x.id === id);
      return !j || isPending(j);
    }),
  });
  const current = queued.map((q) => polled.value?.jobs.find((j) => j.id === q.id) ?? q);
  return (
    <div className="job-outcome">
      {current.map((j) =>
        j.status === 'failed' || (isPending(j) && j.lastError) ? (
          <p key={j.id} role="alert" className="alert alert-error">
            {describe(j)}
          </p>
        ) : (
          <p key={j.id} role="status" className={j.status === 'done' ? 'print-ok' : 'muted'}>
            {describe(j)}
          </p>
        ),
      )}
      <ErrorAlert error={polled.error} prefix="Could not follow the print job:" />
    </div>
  );
}

// The progress bar of a collections walk over every account (penalty preview or run, aging),
// fed by polling collections.progress while the call that walks is pending.
import { useEffect, useState } from 'react';
import type { WalkProgressView } from '../../../src-shared/ipc/penalty-schemas';
import { useApi } from '../../app/context';
import { formatCount } from '../../ui/format';

const POLL_MS = 300;

export function useWalkProgress(active: boolean): WalkProgressView | null {
  const api = useApi();
  const [p, setP] = useState<WalkProgressView | null>(null);
  useEffect(() => {
    if (!active) {
      setP(null);
      return;
    }
    const timer = setInterval(() => {
      void api.call('collections.progress', {}).then((env) => {
        if (env.ok && env.value.job) setP(env.value);
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, active]);
  return p;
}

export function WalkProgress({ label, progress }: { label: string; progress: WalkProgressView | null }) {
  const pct = progress && progress.totalAccounts > 0 ? Math.round((progress.doneAccounts / progress.totalAccounts) * 100) : 0;
  return (
    <div className="card">
      <progress aria-label={label} max={100} value={pct} />
      <p role="status">{progress ? `${pct} % — ${formatCount(progress.doneAccounts)} of ${formatCount(progress.totalAccounts)} accounts` : 'Starting…'}</p>
    </div>
  );
}

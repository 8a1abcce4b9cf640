// The export's state in the app frame: "Export failed: <message>" while the last run failed
// (an alert, announced when the message changes, not on every poll), otherwise a quiet note of
// days still waiting. Asked again every minute and at once when the Export screen changed something.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportStatus } from '../../../src-shared/ipc/export-schemas';
import type { Api } from '../../api/client';
import { formatDate } from '../../ui/format';

export const EXPORT_POLL_MS = 60_000;
const CHANGED_EVENT = 'towncounter:export-changed';

/** Tells the frame to ask for the export status now (after a run or a settings change). */
export function exportChanged(): void {
  window.dispatchEvent(new Event(CHANGED_EVENT));
}

type FrameExportStatus = Pick<ExportStatus, 'lastError' | 'pendingDays' | 'running' | 'folder'>;

export function useExportStatusPoll(api: Api, intervalMs = EXPORT_POLL_MS): FrameExportStatus | null {
  const [status, setStatus] = useState<FrameExportStatus | null>(null);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const env = await api.call('export.status', { limit: 1 });
    if (mine !== seq.current || !alive.current) return;
    if (env.ok) {
      const { lastError, pendingDays, running, folder } = env.value;
      const next = { lastError, pendingDays, running, folder };
      setStatus((s) => (JSON.stringify(s) === JSON.stringify(next) ? s : next));
    }
    timer.current = setTimeout(() => void refresh(), intervalMs);
  }, [api, intervalMs]);

  useEffect(() => {
    alive.current = true;
    void refresh();
    const onChanged = () => void refresh();
    window.addEventListener(CHANGED_EVENT, onChanged);
    return () => {
      alive.current = false;
      window.removeEventListener(CHANGED_EVENT, onChanged);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refresh]);

  return status;
}

export function ExportFrameStatus({ status }: { status: FrameExportStatus | null }) {
  if (!status) return null;
  if (status.lastError) {
    const e = status.lastError;
    // Rendered only while there is an error; React leaves the text alone between polls, so a
    // screen reader hears it again only when the message changes.
    return (
      <span role="alert" className="meta export-error">
        Export failed{e.businessDate ? ` (${formatDate(e.businessDate)})` : ''}: {e.message}
      </span>
    );
  }
  if (status.running) return <span className="meta">Export running…</span>;
  if (status.pendingDays > 0) return <span className="meta">Export: {status.pendingDays} day{status.pendingDays === 1 ? '' : 's'} waiting</span>;
  return null;
}

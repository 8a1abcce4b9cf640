// The station's receipt printer as the app frame shows it: 'printer.status' asked when the frame
// opens, every 12 s after, and whenever a screen asks (after a payment, a test print, a settings
// change), shared with the screens through context; and the compact indicator in the header.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { PrinterStatus } from '../../../src-shared/ipc/printer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { Api } from '../../api/client';
import { printerStateText, queueText } from './labels';
import './printer.css';

export const PRINTER_POLL_MS = 12_000;

export interface PrinterStatusHandle {
  status: PrinterStatus | null;
  error: AppError | null;
  checking: boolean;
  /** Asks again now; probe: the core contacts the printer even if its last answer is fresh. */
  refresh(probe?: boolean): Promise<void>;
}

export const PrinterStatusContext = createContext<PrinterStatusHandle | null>(null);

/** The frame's printer status, or null outside the signed-in frame. */
export function usePrinterStatus(): PrinterStatusHandle | null {
  return useContext(PrinterStatusContext);
}

/**
 * Polls 'printer.status' while mounted. One request at a time is answered: a newer request
 * (a refresh while a poll is out) wins, and the next poll is timed from the last answer, so a
 * printer that takes its whole timeout to answer never stacks requests up.
 */
export function usePrinterStatusPoll(api: Api, intervalMs = PRINTER_POLL_MS): PrinterStatusHandle {
  const [state, setState] = useState<{ status: PrinterStatus | null; error: AppError | null; checking: boolean }>({ status: null, error: null, checking: true });
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const alive = useRef(true);
  const latest = useRef(state);
  latest.current = state;

  const refresh = useCallback(
    async (probe = false) => {
      const mine = ++seq.current;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      // Only an asked-for check shows as "checking"; a background poll changes nothing until it has news.
      if (probe) setState((s) => (s.checking ? s : { ...s, checking: true }));
      const env = await api.call('printer.status', { refresh: probe });
      if (mine !== seq.current || !alive.current) return;
      // Keep the last good status when a check fails (e.g. the session just ended).
      const next = env.ok ? { status: env.value, error: null, checking: false } : { status: latest.current.status, error: env.error, checking: false };
      if (JSON.stringify(next) !== JSON.stringify(latest.current)) setState(next);
      timer.current = setTimeout(() => void refresh(false), intervalMs);
    },
    [api, intervalMs],
  );

  useEffect(() => {
    alive.current = true;
    void refresh(false);
    return () => {
      alive.current = false;
      seq.current++;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [refresh]);

  return { ...state, refresh };
}

export type Tone = 'ok' | 'warn' | 'danger' | 'quiet';

export function printerTone(s: PrinterStatus): Tone {
  if (s.state === 'not_configured') return s.queue.failed > 0 ? 'warn' : 'quiet';
  if (s.queue.failed > 0) return 'danger';
  switch (s.state) {
    case 'ready':
    case 'connected':
      return s.queue.queued + s.queue.printing > 0 ? 'warn' : 'ok';
    case 'paper_near_end':
    case 'no_reply':
      return 'warn';
    default:
      return 'danger';
  }
}

/** "Printer: ready (virtual) · 2 waiting · 1 failed". */
export function printerSummary(s: PrinterStatus): string {
  const q = queueText(s.queue);
  return `${printerStateText(s.state)}${s.virtual ? ' (virtual)' : ''}${q ? ` · ${q}` : ''}`;
}

/** "Posted — not printed: S1-000041, S1-000042", shown in the frame until they print (or are cancelled). */
export function notPrintedText(s: PrinterStatus): string | null {
  const n = s.notPrinted ?? [];
  if (n.length === 0) return null;
  return `Posted — not printed: ${n.slice(0, 3).join(', ')}${n.length > 3 ? ` and ${n.length - 3} more` : ''}`;
}

/** The header's compact status, with a button to ask the printer now. */
export function PrinterStatusIndicator() {
  const handle = usePrinterStatus();
  if (!handle) return null;
  const { status, error, checking, refresh } = handle;
  let text: string;
  let tone: Tone = 'quiet';
  let details = '';
  const notPrinted = status ? notPrintedText(status) : null;
  if (status) {
    text = printerSummary(status);
    tone = printerTone(status);
    details = [status.message, status.endpoint, status.lastError ? `Last error: ${status.lastError.message}` : ''].filter(Boolean).join(' — ');
  } else {
    text = checking ? 'Printer: checking…' : 'Printer: status unknown';
    if (error) details = error.message;
  }
  return (
    <div className={`printer-indicator tone-${tone}`}>
      <span role="status" aria-label="Printer status" title={details || undefined} className="printer-indicator-text">
        {text}
      </span>
      {notPrinted && (
        <span role="status" aria-label="Receipts not printed" className="printer-indicator-text tone-warn">
          {notPrinted}
        </span>
      )}
      <button type="button" onClick={() => void refresh(true)} aria-busy={checking}>
        Check printer
      </button>
    </div>
  );
}

// Whether a receipt reached the printer, for the counter's after-posting view and the receipt
// dialog: "Printed", or "Posted — not printed: <why>" while the job waits or after it failed,
// with Retry printing (the same job again), Cancel printing (with a reason, audited) and
// Reprint (a new copy marked DUPLICATE; a voided receipt's copy also shows VOID). TownCounter
// keeps trying a waiting job until it prints. The payment is posted either way.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ReceiptPrintStatus } from '../../../src-shared/ipc/printer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { roleHas } from '../../../src-shared/domain';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { usePoll } from './use-poll';
import { usePrinterStatus } from './printer-status';
import './printer.css';

/** After this long without printing, a job still waiting is reported as not printed. */
export const SLOW_PRINT_MS = 5000;

const isPending = (s: ReceiptPrintStatus) => s.state === 'queued' || s.state === 'printing';

export function ReceiptPrintPanel({ number, voided = false }: { number: string; voided?: boolean }) {
  const api = useApi();
  const frame = usePrinterStatus();
  // Only the counter's roles may reprint (least privilege); others see the print state alone.
  const role = useAppState((st) => st.session?.user.roles ?? null);
  const canReprint = role !== null && roleHas(role, 'receipts.reprint');
  const polled = usePoll(() => api.call('receipts.printStatus', { number }), number, { pending: isPending });
  const [round, setRound] = useState(0);
  const [slow, setSlow] = useState(false);
  const [busy, setBusy] = useState<'reprint' | 'retry' | 'cancel' | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [cancelReason, setCancelReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<{ prefix: string; error: AppError } | null>(null);

  const s = polled.value;
  const newest = s?.jobs[0] ?? null;
  const pending = s !== null && isPending(s);

  // A job that has not printed within a few seconds is "not printed", even before its first failure.
  useEffect(() => {
    setSlow(false);
    if (!pending) return;
    const t = setTimeout(() => setSlow(true), SLOW_PRINT_MS);
    return () => clearTimeout(t);
  }, [pending, round]);

  // The frame's queue counts follow this receipt's job as it moves on.
  const refreshFrame = frame?.refresh;
  const stateKey = s ? `${s.state}:${newest?.id ?? 0}` : null;
  const seenKey = useRef<string | null>(null);
  useEffect(() => {
    if (stateKey === null || stateKey === seenKey.current) return;
    const first = seenKey.current === null;
    seenKey.current = stateKey;
    if (!first) void refreshFrame?.(false);
  }, [stateKey, refreshFrame]);

  function follow() {
    setRound((r) => r + 1);
    polled.restart();
  }

  async function reprint() {
    if (busy) return;
    setBusy('reprint');
    setError(null);
    setNotice(null);
    const env = await api.call('receipts.reprint', { number });
    setBusy(null);
    if (!env.ok) {
      setError({ prefix: 'Not reprinted:', error: env.error });
      return;
    }
    setNotice(`Reprint of ${number} sent to the printer, marked ${voided ? 'VOID and ' : ''}DUPLICATE.`);
    follow();
  }

  async function retry() {
    if (busy || !s || !newest) return;
    setBusy('retry');
    setError(null);
    setNotice(null);
    // A failed job goes back in the queue; a job still waiting is tried again now.
    const env = await api.call('printer.retry', { jobId: newest.id });
    setBusy(null);
    if (!env.ok) {
      setError({ prefix: 'Could not retry printing:', error: env.error });
      return;
    }
    setNotice(`Trying to print ${number} again.`);
    follow();
  }

  async function cancel() {
    if (busy || !newest) return;
    setBusy('cancel');
    setError(null);
    setNotice(null);
    const env = await api.call('printer.cancel', { jobId: newest.id, reason: cancelReason });
    setBusy(null);
    if (!env.ok) {
      setError({ prefix: 'Printing not cancelled:', error: env.error });
      return;
    }
    setCancelOpen(false);
    setCancelReason('');
    setNotice(`Printing of ${number} cancelled.`);
    follow();
  }

  let line: ReactNode = null;
  let canRetry = false;
  if (!s) {
    if (!polled.error) line = <p role="status" className="muted">Checking the printer…</p>;
  } else if (s.state === 'printed') {
    line = (
      <p role="status" className="print-ok">
        {newest?.kind === 'duplicate' ? 'Reprint printed (DUPLICATE)' : newest?.kind === 'void' ? 'VOID slip printed' : 'Printed'}
      </p>
    );
  } else if (s.state === 'cancelled') {
    line = (
      <p role="status" className="muted">
        Printing cancelled{newest?.cancelReason ? `: ${newest.cancelReason}` : ''}.
      </p>
    );
  } else if (s.state === 'not_queued') {
    line = (
      <p role="status" className="muted">
        {s.printerConfigured ? 'Not printed.' : 'Not printed: no receipt printer is set up at this station.'}
      </p>
    );
  } else if (s.state === 'failed' || s.lastError !== null || slow) {
    // While an attempt is under way there is nothing to retry yet.
    canRetry = s.state !== 'printing';
    const what = newest?.kind === 'duplicate' ? 'Reprint not printed' : newest?.kind === 'void' ? 'VOID slip not printed' : 'Posted — not printed';
    line = (
      <div role="alert" className="alert alert-error">
        <p className="print-problem">
          {what}: {s.lastError ?? 'the printer has not taken it yet.'}
        </p>
        <p className="print-hint">
          {s.state === 'failed'
            ? 'TownCounter could not print it. Retry printing, or reprint a copy.'
            : 'TownCounter keeps trying until it prints, also after a restart; Retry printing tries again now, or cancel it.'}
        </p>
      </div>
    );
  } else {
    line = <p role="status">Printing…</p>;
  }

  return (
    <section className="print-status" aria-label="Receipt printing">
      {line}
      <ErrorAlert error={polled.error} prefix="Could not check whether the receipt printed:" />
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      {error && <ErrorAlert error={error.error} prefix={error.prefix} />}
      {cancelOpen && canRetry && (
        <form
          className="print-cancel"
          aria-label="Cancel printing"
          onSubmit={(e) => {
            e.preventDefault();
            void cancel();
          }}
        >
          <label htmlFor={`cancel-reason-${number}`}>Reason for cancelling</label>
          <input id={`cancel-reason-${number}`} value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} maxLength={200} required minLength={3} />
          <button type="submit" disabled={busy !== null || cancelReason.trim().length < 3} aria-busy={busy === 'cancel'}>
            Cancel this print job
          </button>
          <button type="button" onClick={() => setCancelOpen(false)} disabled={busy !== null}>
            Keep trying
          </button>
        </form>
      )}
      {s && (canRetry || (s.printerConfigured && canReprint)) && (
        <div className="print-actions">
          {canRetry && (
            <button type="button" onClick={() => void retry()} disabled={busy !== null} aria-busy={busy === 'retry'}>
              Retry printing
            </button>
          )}
          {canRetry && !cancelOpen && (
            <button type="button" onClick={() => setCancelOpen(true)} disabled={busy !== null}>
              Cancel printing
            </button>
          )}
          {s.printerConfigured && canReprint && (
            <button type="button" onClick={() => void reprint()} disabled={busy !== null} aria-busy={busy === 'reprint'} aria-describedby={`reprint-hint-${number}`}>
              Reprint
            </button>
          )}
          {s.printerConfigured && canReprint && (
            <span id={`reprint-hint-${number}`} className="hint">
              A reprint is marked DUPLICATE{voided ? ' (and VOID)' : ''}.
            </span>
          )}
        </div>
      )}
    </section>
  );
}

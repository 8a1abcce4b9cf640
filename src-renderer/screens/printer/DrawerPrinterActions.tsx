// The drawer's printer actions, for the Drawer screen: print the drawer summary (counts and
// totals by tender) on the receipt printer, and "No sale": open the cash drawer without a
// sale, with a reason and a supervisor's approval (a supervisor approves their own), audited by
// the core, which also prints a NO SALE slip. Each result is followed until it has printed.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PrintJobView } from '../../../src-shared/ipc/printer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { approvalErrors, approvalOverride, SupervisorFields, type Approval } from '../receipts/SupervisorFields';
import { JobOutcome } from './JobOutcome';
import { usePrinterStatus } from './printer-status';
import '../counter/counter.css';
import './printer.css';

/** drawerId: a drawer other than the signed-in user's own open one (a supervisor's look at another drawer). */
export function DrawerPrinterActions({ drawerId }: { drawerId?: number }) {
  const api = useApi();
  const frame = usePrinterStatus();
  const headingId = useId();
  const [summaryJobs, setSummaryJobs] = useState<PrintJobView[] | null>(null);
  const [noSaleJobs, setNoSaleJobs] = useState<PrintJobView[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [noSaleOpen, setNoSaleOpen] = useState(false);
  const noSaleRef = useRef<HTMLButtonElement>(null);

  async function printSummary() {
    if (busy) return;
    setBusy(true);
    setError(null);
    setSummaryJobs(null);
    const env = await api.call('drawer.printSummary', drawerId === undefined ? {} : { drawerId });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setSummaryJobs([env.value.job]);
    void frame?.refresh(false);
  }

  function closeNoSale() {
    setNoSaleOpen(false);
    // After the form goes away, focus returns to the button that opened it.
    setTimeout(() => noSaleRef.current?.focus(), 0);
  }

  return (
    <section aria-labelledby={headingId} className="card drawer-printer">
      <h2 id={headingId}>Receipt printer and cash drawer</h2>
      <div className="print-actions">
        <button type="button" onClick={() => void printSummary()} disabled={busy} aria-busy={busy}>
          Print drawer summary
        </button>
        <button
          type="button"
          ref={noSaleRef}
          aria-expanded={noSaleOpen}
          onClick={() => {
            setNoSaleJobs(null);
            setNoSaleOpen((o) => !o);
          }}
        >
          No sale
        </button>
      </div>
      <ErrorAlert error={error} prefix="Drawer summary not printed:" />
      {summaryJobs && <JobOutcome jobs={summaryJobs} />}
      {noSaleOpen && (
        <NoSaleForm
          onCancel={closeNoSale}
          onDone={(jobs) => {
            setNoSaleJobs(jobs);
            closeNoSale();
            void frame?.refresh(false);
          }}
        />
      )}
      {noSaleJobs && (
        <>
          <p role="status" className="done">
            No sale recorded; the cash drawer opens.
          </p>
          <JobOutcome jobs={noSaleJobs} />
        </>
      )}
    </section>
  );
}

function NoSaleForm({ onDone, onCancel }: { onDone: (jobs: PrintJobView[]) => void; onCancel: () => void }) {
  const api = useApi();
  const needsApproval = useAppState((s) => s.session?.user.role !== 'supervisor');
  const [reason, setReason] = useState('');
  const [approval, setApproval] = useState<Approval>({ username: '', pin: '' });
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);

  const reasonError = reason.trim().length < 3 ? 'Give the reason for opening the drawer (at least 3 characters).' : null;
  const approvalErr = approvalErrors(needsApproval, approval);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setAttempted(true);
    if (reasonError) {
      reasonRef.current?.focus();
      return;
    }
    if (approvalErr) return;
    setBusy(true);
    setError(null);
    const env = await api.call('drawer.noSale', { reason: reason.trim(), override: approvalOverride(needsApproval, approval) });
    setBusy(false);
    if (env.ok) {
      onDone(env.value.jobs);
      return;
    }
    setError(env.error);
    if (env.error.code === 'NEEDS_SUPERVISOR') {
      setApproval((a) => ({ ...a, pin: '' }));
      pinRef.current?.focus();
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    const t = e.target;
    if (e.key === 'Escape' && !((t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) && t.value !== '')) {
      e.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="no-sale-form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} aria-label="No sale" noValidate>
      <p className="hint">Opens the cash drawer without a sale. The reason and the approval are recorded in the audit log, and a NO SALE slip prints.</p>
      <TextField label="Reason for no sale" value={reason} maxLength={200} inputRef={reasonRef} onChange={setReason} error={attempted ? reasonError : null} />
      {needsApproval && <SupervisorFields value={approval} onChange={setApproval} errors={attempted ? (approvalErr ?? undefined) : undefined} pinRef={pinRef} />}
      {attempted && (reasonError || approvalErr) && (
        <p role="alert" className="alert alert-error">
          Drawer not opened: {reasonError ?? 'a supervisor must approve a no sale.'}
        </p>
      )}
      <ErrorAlert error={error} prefix="Drawer not opened:" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          Open cash drawer
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

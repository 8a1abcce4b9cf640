// The drawer's printer actions, for the Drawer screen: print the drawer summary (counts and
// totals by tender) on the receipt printer, and "No sale": open the cash drawer without a
// sale, with a reason and a supervisor's approval (a supervisor approves their own), audited by
// the core, which also prints a NO SALE slip. Each result is followed until it has printed.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PrintJobView } from '../../../src-shared/ipc/printer-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ReasonApprovalFields, useReasonApproval } from '../receipts/SupervisorFields';
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
  const f = useReasonApproval({ needsApproval: useAppState((s) => !(s.session?.user.roles.includes('supervisor') ?? false)), reasonError: (reason) => (reason.trim().length < 3 ? 'Give the reason for opening the drawer (at least 3 characters).' : null) });
  const { reasonRef, setError, reasonError, approvalErr } = f;
  useEffect(() => reasonRef.current?.focus(), [reasonRef]);

  function submit(e: FormEvent) {
    return f.submit(
      e,
      (reason, override) => {
        setError(null);
        return api.call('drawer.noSale', { reason, override });
      },
      (value) => onDone(value.jobs),
    );
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
      <ReasonApprovalFields form={f} label="Reason for no sale" maxLength={200} />
      {f.attempted && (reasonError || approvalErr) && (
        <p role="alert" className="alert alert-error">
          Drawer not opened: {reasonError ?? 'a supervisor must approve a no sale.'}
        </p>
      )}
      <ErrorAlert error={f.error} prefix="Drawer not opened:" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={f.busy} aria-busy={f.busy}>
          Open cash drawer
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

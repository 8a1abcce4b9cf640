// Cash pickup: a supervisor removes excess cash from an open drawer. The cash is counted by
// denomination; a signed-in supervisor approves for themselves, anyone else needs the
// supervisor's username and PIN. The recorded pickup shows both names and the amount, as a
// slip that can be printed.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { DENOMINATIONS } from '../../../src-shared/denominations';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { useTownTime, money } from '../../ui/format';
import { approvalErrors, approvalOverride, SupervisorFields, type Approval } from '../receipts/SupervisorFields';
import { printSection } from '../reports/print-section';
import { CountFields, countsInput, countsTotal, type Counts } from './CountFields';
import '../reports/reports.css';

export type Pickup = MethodOutput<'drawer.pickup'>;

export function PickupDialog({ drawerId, cashier, onClose, onRecorded }: { drawerId: number; cashier: string; onClose: () => void; onRecorded: (p: Pickup) => void }) {
  const { stamp } = useTownTime();
  const api = useApi();
  const needsApproval = useAppState((s) => !(s.session?.user.roles.includes('supervisor') ?? false));
  const [counts, setCounts] = useState<Counts>({});
  const [note, setNote] = useState('');
  const [approval, setApproval] = useState<Approval>({ username: '', pin: '' });
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [pickup, setPickup] = useState<Pickup | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const slipRef = useRef<HTMLElement>(null);
  const slipHeadingId = useId();
  // After the dialog has taken focus (its effect runs after this one), move it to the first count.
  useEffect(() => {
    const t = setTimeout(() => firstRef.current?.focus(), 0);
    return () => clearTimeout(t);
  }, []);
  useEffect(() => {
    if (pickup) closeRef.current?.focus();
  }, [pickup]);

  const total = countsTotal(counts);
  const approvalErr = approvalErrors(needsApproval, approval);
  const countError = total > 0 ? null : 'Count the cash being picked up.';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busyRef.current) return;
    setAttempted(true);
    if (countError) {
      firstRef.current?.focus();
      return;
    }
    if (approvalErr) return;
    busyRef.current = true;
    setBusy(true);
    const env = await api.call('drawer.pickup', { drawerId, counts: countsInput(counts), ...(note.trim() ? { note: note.trim() } : {}), override: approvalOverride(needsApproval, approval) });
    busyRef.current = false;
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      if (env.error.code === 'NEEDS_SUPERVISOR' && needsApproval) {
        setApproval((a) => ({ ...a, pin: '' }));
        pinRef.current?.focus();
      }
      return;
    }
    setError(null);
    setPickup(env.value);
    onRecorded(env.value);
  }

  return (
    <Dialog label="Cash pickup" onClose={onClose} className="pickup-dialog">
      <h2>Cash pickup</h2>
      {!pickup ? (
        <form className="pickup-form" onSubmit={(e) => void submit(e)} aria-label={`Cash pickup from drawer ${drawerId}`} noValidate>
          <p className="hint">
            Drawer {drawerId}, {cashier}. Count the cash being taken out by denomination; Enter moves to the next count.
          </p>
          <CountFields idPrefix="pickup" counts={counts} onChange={setCounts} firstRef={firstRef} onLastEnter={() => noteRef.current?.focus()} />
          <dl className="figures compact" aria-live="polite">
            <div className="figure figure-strong">
              <dt>Pickup total</dt>
              <dd>{money(total)}</dd>
            </div>
          </dl>
          {attempted && countError && <p className="field-error">{countError}</p>}
          <TextField label="Pickup note" value={note} maxLength={200} inputRef={noteRef} onChange={setNote} hint="Optional" />
          {needsApproval && <SupervisorFields value={approval} onChange={setApproval} errors={attempted ? (approvalErr ?? undefined) : undefined} pinRef={pinRef} />}
          <ErrorAlert error={error} prefix="The pickup was not recorded:" />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
              Record pickup
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <p role="status" className="done">
            Pickup recorded: {money(pickup.amountCents)} from drawer {pickup.drawerId}.
          </p>
          <section ref={slipRef} className="pickup-slip report" aria-labelledby={slipHeadingId}>
            <h3 id={slipHeadingId}>Pickup slip</h3>
            <dl className="report-facts">
              <div>
                <dt>Drawer</dt>
                <dd>{pickup.drawerId}</dd>
              </div>
              <div>
                <dt>Cashier</dt>
                <dd>{pickup.cashier}</dd>
              </div>
              <div>
                <dt>Supervisor</dt>
                <dd>{pickup.supervisor}</dd>
              </div>
              <div>
                <dt>Time</dt>
                <dd>{stamp(pickup.at)}</dd>
              </div>
              <div>
                <dt>Amount</dt>
                <dd>{money(pickup.amountCents)}</dd>
              </div>
              {pickup.note && (
                <div>
                  <dt>Note</dt>
                  <dd>{pickup.note}</dd>
                </div>
              )}
            </dl>
            <ul className="bill-lines">
              {pickup.counts.map((c) => (
                <li key={c.denominationCents}>
                  {DENOMINATIONS.find((d) => d.cents === c.denominationCents)?.label ?? money(c.denominationCents)}: {c.count} ({money(c.denominationCents * c.count)})
                </li>
              ))}
            </ul>
          </section>
          <div className="form-actions">
            <button type="button" onClick={() => printSection(slipRef.current)}>
              Print pickup slip
            </button>
            <button type="button" ref={closeRef} className="primary" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

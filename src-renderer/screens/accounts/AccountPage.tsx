// The account page (inquiry): who and where, what is owed and when, aging, open charges,
// bills, payments and notes. Every figure comes from accounts.get; nothing is computed here.
// "Back to search" (or Escape) returns to the result list. The page is long (two years of
// bills): the "Account sections" links and Alt+Shift+letter jump to each section's heading, and
// the summary at the top lists the open follow-ups.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { roleHas, SERVICES } from '../../../src-shared/domain';
import type { AccountDetail } from '../../../src-shared/ipc/contract';
import { useApi, useAppState, useServices } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FlagBadges } from '../../ui/FlagBadges';
import { formatCount, formatDate, money, serviceLabel, STATUS_LABELS } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { ReceiptDialog } from '../receipts/ReceiptDialog';
import { BankDraftSection } from '../drafts/BankDraftSection';
import { DepositSection } from '../deposits/DepositSection';
import { LettersSection } from '../deposits/LettersSection';
import { NotesSection } from './NotesSection';
import { ServiceSection } from '../service-desk/ServiceSection';
import { AccountWorkOrders } from '../work-orders/AccountWorkOrders';
import { AdjustSection } from '../adjustments/AdjustSection';
import { ArrangementSection } from '../adjustments/ArrangementSection';
import { BillResearchSection } from '../adjustments/BillResearchSection';
import { DuplicateBillButton } from '../billing/DuplicateBillButton';
import { TransferPaymentDialog } from './TransferPaymentDialog';
import { FinalBillDialog } from '../rates/FinalBillDialog';
import { AccountMeters } from '../readings/AccountMeters';
import { MedicalAlertSection } from '../customers/MedicalAlertSection';
import { CutoffSection } from '../collections/CutoffSection';
import { AgingSection } from '../collections/AgingSection';
import { SetoffSection } from '../collections/SetoffSection';
import { CollectionsSection } from '../collections/CollectionsSection';
import { CustomerEditButton } from '../customers/CustomerEditButton';
import { LocationEditButton } from '../customers/LocationEditButton';

const ENTRY_KIND_LABELS: Record<string, string> = {
  payment: 'Payment',
  void: 'Void',
  returned_payment: 'Returned payment',
  adjustment: 'Adjustment',
  refund: 'Refund',
  write_off: 'Write-off',
  transfer: 'Payment transfer',
  converted: 'Payment (converted)',
};

function kindLabel(kind: string): string {
  return ENTRY_KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** The page's sections: the heading each jump focuses, and its Alt+Shift key. */
export const ACCOUNT_SECTIONS = [
  { label: 'Summary', headingId: 'acct-summary', key: 'S' },
  { label: 'Customer', headingId: 'acct-customer', key: 'C' },
  { label: 'Aging', headingId: 'acct-aging', key: 'A' },
  { label: 'Open charges', headingId: 'acct-charges', key: 'O' },
  { label: 'Bills', headingId: 'acct-bills', key: 'B' },
  { label: 'Meters', headingId: 'acct-meters', key: 'M' },
  { label: 'Payments', headingId: 'acct-payments', key: 'P' },
  { label: 'Work orders', headingId: 'acct-work-orders', key: 'W' },
  { label: 'Bank draft', headingId: 'acct-drafts', key: 'D' },
  { label: 'Deposit', headingId: 'acct-deposit', key: 'E' },
  { label: 'Letters', headingId: 'acct-letters', key: 'L' },
  { label: 'Notes', headingId: 'acct-notes', key: 'N' },
  { label: 'Medical Alert', headingId: 'acct-medical', key: 'H' },
  { label: 'Service', headingId: 'acct-service', key: 'V' },
  { label: 'Bill research', headingId: 'acct-research', key: 'R' },
  { label: 'Arrangement', headingId: 'acct-arrangement', key: 'X' },
  { label: 'Adjust', headingId: 'acct-adjust', key: 'J' },
  { label: 'Cut-off', headingId: 'acct-cutoff', key: 'U' },
  { label: 'Setoff', headingId: 'acct-setoff', key: 'T' },
  { label: 'Collections', headingId: 'acct-collections', key: 'K' },
  { label: 'Aging and penalties', headingId: 'acct-aging-items', key: 'G' },
] as const;

/** Stops keeping the last jumped-to heading in view (a new jump, the user's own scrolling or keys). */
let unpinJump: (() => void) | null = null;

/**
 * Moves focus (and the view) to a section's heading. Sections above it may still be loading
 * (deposit, letters…): while they grow, for a moment after the jump, the heading is scrolled
 * back into view — until the user scrolls, clicks or types, or focus leaves it.
 */
function jumpTo(headingId: string): void {
  const el = document.getElementById(headingId);
  const heading = el?.closest('h2') ?? el;
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
  heading.scrollIntoView?.({ block: 'start' });
  unpinJump?.();
  const sections = heading.closest('section')?.parentElement;
  if (!sections || typeof ResizeObserver === 'undefined') return;
  const observer = new ResizeObserver(() => {
    if (document.activeElement === heading) heading.scrollIntoView?.({ block: 'start' });
  });
  observer.observe(sections);
  const userActs = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;
  const stop = (): void => {
    observer.disconnect();
    clearTimeout(timer);
    for (const t of userActs) window.removeEventListener(t, stop, true);
    if (unpinJump === stop) unpinJump = null;
  };
  const timer = setTimeout(stop, 3000);
  for (const t of userActs) window.addEventListener(t, stop, true);
  unpinJump = stop;
}

function SectionLinks({ workOrders }: { workOrders: boolean }) {
  // The Work orders section is there only for a role that reads work orders.
  const present = ACCOUNT_SECTIONS.filter((x) => workOrders || x.headingId !== 'acct-work-orders');
  return (
    <nav aria-label="Account sections" className="section-nav">
      <ul>
        {present.map((sec) => (
          <li key={sec.headingId}>
            <a
              href={`#${sec.headingId}`}
              aria-keyshortcuts={`Alt+Shift+${sec.key}`}
              onClick={(e) => {
                e.preventDefault();
                jumpTo(sec.headingId);
              }}
            >
              {sec.label} <kbd aria-hidden="true">Alt+Shift+{sec.key}</kbd>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function AccountPage({ accountId }: { accountId: number }) {
  const api = useApi();
  const { store } = useServices();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canWrite = role !== null && roleHas(role, 'accounts.write');
  const account = useLoad(() => api.call('accounts.get', { accountId }), String(accountId));
  const headingRef = useRef<HTMLHeadingElement>(null);
  const backRef = useRef<HTMLButtonElement>(null);
  const focused = useRef(false);
  const [receiptNumber, setReceiptNumber] = useState<string | null>(null);
  const canTransfer = role !== null && roleHas(role, 'payments.return');
  const [moving, setMoving] = useState<Moving | null>(null);
  const [moved, setMoved] = useState<string | null>(null);
  // The final bill (move-out, close-out): the service desk, Alt+Shift+F on an active account.
  const canFinalBill = role !== null && roleHas(role, 'accounts.write') && roleHas(role, 'billing.read');
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const [finalBilling, setFinalBilling] = useState(false);
  const finalBillKey = useRef(false);
  finalBillKey.current = canFinalBill && account.value?.status === 'active';

  useEffect(() => {
    if (focused.current || account.loading) return;
    focused.current = true;
    if (account.value) headingRef.current?.focus();
    else backRef.current?.focus();
  }, [account.loading, account.value]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && !e.defaultPrevented) {
        const letter = /^Key([A-Z])$/.exec(e.code)?.[1] ?? e.key.toUpperCase();
        const sec = ACCOUNT_SECTIONS.find((x) => x.key === letter);
        if (letter === 'F' && finalBillKey.current) {
          e.preventDefault();
          setFinalBilling(true);
        } else if (sec && document.getElementById(sec.headingId)) {
          e.preventDefault();
          jumpTo(sec.headingId);
        }
        return;
      }
      if (e.key !== 'Escape' || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      // Escape never throws away a note being written.
      const t = e.target;
      if ((t instanceof HTMLTextAreaElement || (t instanceof HTMLInputElement && t.type !== 'checkbox')) && t.value !== '') return;
      e.preventDefault();
      store.getState().closeAccount();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);

  const a = account.value;
  return (
    <div className="account-page">
      <div className="page-actions">
        <button type="button" ref={backRef} onClick={() => store.getState().closeAccount()} aria-keyshortcuts="Escape">
          Back to search <kbd aria-hidden="true">Esc</kbd>
        </button>
      </div>
      {!a && account.loading && <p role="status">Loading the account…</p>}
      {!a && <ErrorAlert error={account.error} prefix="Could not open the account:" />}
      {a && (
        <>
          <h1 ref={headingRef} tabIndex={-1} className="account-heading">
            <span className="acct-name">{a.name}</span> <span className="acct-number">Account {a.number}</span>
          </h1>
          {a.legacyNumber && <p className="acct-old-number">Old number {a.legacyNumber}</p>}
          {account.error && <ErrorAlert error={account.error} prefix="Could not refresh the account:" />}
          <SectionLinks workOrders={role !== null && roleHas(role, 'workOrders.read')} />
          {canFinalBill && a.status === 'active' && (
            <div className="page-actions">
              <button type="button" aria-keyshortcuts="Alt+Shift+F" onClick={() => setFinalBilling(true)}>
                Final bill… <kbd aria-hidden="true">Alt+Shift+F</kbd>
              </button>
            </div>
          )}
          <Summary a={a} />
          <div className="account-grid">
            <CustomerCard a={a} onChanged={() => void account.reload()} />
            <LocationCard a={a} onChanged={() => void account.reload()} />
          </div>
          <AgingTable a={a} />
          <OpenChargesTable a={a} />
          <BillsTable a={a} />
          <AccountMeters accountId={a.id} />
          <PaymentsTable a={a} onOpenReceipt={setReceiptNumber} onMove={canTransfer ? setMoving : null} />
          {moved && (
            <p role="status" className="alert alert-info">
              {moved}
            </p>
          )}
          <AccountWorkOrders account={a} />
          <BankDraftSection accountId={a.id} onChanged={account.reload} />
          <DepositSection accountId={a.id} />
          <LettersSection accountId={a.id} />
          <NotesSection accountId={a.id} notes={a.notes} canWrite={canWrite} onChanged={account.reload} />
          <MedicalAlertSection accountId={a.id} onChanged={() => void account.reload()} />
          <ServiceSection accountId={a.id} show />
          <BillResearchSection accountId={a.id} onChanged={account.reload} />
          <ArrangementSection accountId={a.id} onChanged={account.reload} />
          <AdjustSection accountId={a.id} onChanged={account.reload} />
          <CutoffSection accountId={a.id} />
          <SetoffSection accountId={a.id} />
          <CollectionsSection accountId={a.id} />
          <AgingSection accountId={a.id} />
        </>
      )}
      {moving && a && (
        <TransferPaymentDialog
          fromAccountId={a.id}
          fromNumber={a.number}
          receiptNumber={moving.receiptNumber}
          amountCents={moving.amountCents}
          onClose={() => setMoving(null)}
          onDone={(t) => {
            setMoving(null);
            setMoved(`Moved ${money(t.amountCents)} of receipt ${t.receiptNumber} to account ${t.toAccountNumber} (${t.toName}).`);
            void account.reload();
          }}
        />
      )}
      {finalBilling && a && (
        <FinalBillDialog
          accountId={a.id}
          accountNumber={a.number}
          meters={[...(a.location.waterMeter ? [{ service: 'water' as const, number: a.location.waterMeter }] : []), ...(a.location.electricMeter ? [{ service: 'electric' as const, number: a.location.electricMeter }] : [])]}
          today={today}
          onClose={() => setFinalBilling(false)}
          onPosted={() => void account.reload()}
        />
      )}
      {receiptNumber && <ReceiptDialog number={receiptNumber} onClose={() => setReceiptNumber(null)} onChanged={() => void account.reload()} />}
    </div>
  );
}

function Summary({ a }: { a: AccountDetail }) {
  return (
    <section aria-labelledby="acct-summary" className="card">
      <h2 id="acct-summary">Summary</h2>
      <dl className="figures">
        <div className="figure">
          <dt>Balance</dt>
          <dd className={a.balanceCents > 0 ? 'owed' : undefined}>{money(a.balanceCents)}</dd>
        </div>
        <div className={`figure${a.pastDueCents > 0 ? ' figure-alert' : ''}`}>
          <dt>Past due</dt>
          <dd>{money(a.pastDueCents)}</dd>
        </div>
        <div className="figure">
          <dt>Current due</dt>
          <dd>
            {money(a.currentDueCents)}
            {a.nextDueDate && <span className="sub"> due {formatDate(a.nextDueDate)}</span>}
          </dd>
        </div>
        <div className="figure">
          <dt>Credit</dt>
          <dd>{money(a.creditCents)}</dd>
        </div>
        <div className="figure">
          <dt>Deposit</dt>
          <dd>{money(a.depositCents)}</dd>
        </div>
        <div className="figure">
          <dt>Status</dt>
          <dd>
            {STATUS_LABELS[a.status]}
            {a.closedOn && <span className="sub"> closed {formatDate(a.closedOn)}</span>}
          </dd>
        </div>
      </dl>
      <div className="flags-row">
        <span className="flags-label">Flags:</span>{' '}
        <FlagBadges flags={a.flags} label="Account flags" showNone />
      </div>
      <OpenFollowUps notes={a.notes} />
    </section>
  );
}

/** The open follow-ups, at the top of the page (the notes themselves are at the bottom). */
function OpenFollowUps({ notes }: { notes: AccountDetail['notes'] }) {
  const open = notes.filter((n) => n.followUp && !n.resolvedAt);
  if (open.length === 0) return null;
  return (
    <div className="summary-follow-ups">
      <h3 id="acct-open-follow-ups">
        {open.length} open follow-up{open.length === 1 ? '' : 's'}
      </h3>
      <ul aria-labelledby="acct-open-follow-ups">
        {open.map((n) => (
          <li key={n.id}>
            {n.overdue && <span className="badge badge-alert">Overdue</span>} {n.dueOn ? <span>Due {formatDate(n.dueOn)}</span> : <span className="muted">No due date</span>}
            {' · '}
            <span>{n.ownerName ? `Owner: ${n.ownerName}` : 'Owner: anyone'}</span>
            {' — '}
            <span className="note-snippet">{n.text}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={() => jumpTo('acct-notes')}>
        Go to notes
      </button>
    </div>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="detail">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const notOnFile = <span className="muted">Not on file</span>;

function CustomerCard({ a, onChanged }: { a: AccountDetail; onChanged: () => void }) {
  const c = a.customer;
  return (
    <section aria-labelledby="acct-customer" className="card">
      <h2 id="acct-customer">Customer</h2>
      <dl className="details">
        <Detail label="Name">
          {c.displayName} <span className="muted">({c.kind === 'business' ? 'Business' : 'Person'})</span>
        </Detail>
        <Detail label="Mailing address">{c.mailingAddress}</Detail>
        <Detail label="Phone">{c.phone ?? notOnFile}</Detail>
        <Detail label="Email">{c.email ?? notOnFile}</Detail>
        <Detail label="Tax ID">{c.taxIdMasked ?? notOnFile}</Detail>
      </dl>
      <CustomerEditButton customerId={c.id} onSaved={onChanged} />
    </section>
  );
}

function LocationCard({ a, onChanged }: { a: AccountDetail; onChanged: () => void }) {
  const l = a.location;
  return (
    <section aria-labelledby="acct-location" className="card">
      <h2 id="acct-location">Location and services</h2>
      <dl className="details">
        <Detail label="Service address">{l.address}</Detail>
        <Detail label="Class">{l.serviceClass === 'commercial' ? 'Commercial' : 'Residential'}</Detail>
        <Detail label="Water meter">{l.waterMeter ?? <span className="muted">None</span>}</Detail>
        <Detail label="Electric meter">{l.electricMeter ?? <span className="muted">None</span>}</Detail>
        <Detail label="Services">{a.services.length ? [...a.services].sort((x, y) => SERVICES.indexOf(x) - SERVICES.indexOf(y)).map(serviceLabel).join(', ') : <span className="muted">None</span>}</Detail>
        <Detail label="Opened">{formatDate(a.openedOn)}</Detail>
      </dl>
      <LocationEditButton locationId={l.id} onSaved={onChanged} />
    </section>
  );
}

function AgingTable({ a }: { a: AccountDetail }) {
  return (
    <section aria-labelledby="acct-aging" className="card">
      <h2 id="acct-aging">Aging</h2>
      <table className="data aging" aria-labelledby="acct-aging">
        <thead>
          <tr>
            <th scope="col" className="num">Current</th>
            <th scope="col" className="num">30 days</th>
            <th scope="col" className="num">60 days</th>
            <th scope="col" className="num">90+ days</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td className="num">{money(a.aging.current)}</td>
            <td className="num">{money(a.aging.days30)}</td>
            <td className="num">{money(a.aging.days60)}</td>
            <td className="num">{money(a.aging.days90)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function OpenChargesTable({ a }: { a: AccountDetail }) {
  return (
    <section aria-labelledby="acct-charges" className="card">
      <h2 id="acct-charges">Open charges</h2>
      {a.openCharges.length === 0 ? (
        <p className="muted">No open charges.</p>
      ) : (
        <table className="data" aria-labelledby="acct-charges">
          <thead>
            <tr>
              <th scope="col">Charge</th>
              <th scope="col">Due</th>
              <th scope="col" className="num">Amount</th>
              <th scope="col" className="num">Open</th>
            </tr>
          </thead>
          <tbody>
            {a.openCharges.map((c) => (
              <tr key={c.id}>
                <td>{c.description}</td>
                <td>{formatDate(c.dueDate)}</td>
                <td className="num">{money(c.amountCents)}</td>
                <td className="num">{money(c.openCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function consumption(b: AccountDetail['bills'][number]): string {
  const parts: string[] = [];
  if (b.waterGallons !== null) parts.push(`${formatCount(b.waterGallons)} gal`);
  if (b.electricKwh !== null) parts.push(`${formatCount(b.electricKwh)} kWh`);
  return parts.join(', ');
}

/** Where a converted bill's unpaid amount went: a clerk must never read it as paid. */
function carriedNote(b: AccountDetail['bills'][number], balanceForwardCents: number): string {
  if (!b.carriedForwardLinked) {
    return balanceForwardCents > 0
      ? `Unpaid ${money(b.carriedForwardCents)} carried in the converted balance forward of ${money(balanceForwardCents)}`
      : `Unpaid ${money(b.carriedForwardCents)} in the previous system; no balance was carried forward at conversion`;
  }
  if (b.openCents === 0) return `${money(b.carriedForwardCents)} carried forward at conversion, since paid`;
  return `${money(b.carriedForwardCents)} carried forward at conversion, ${money(b.openCents)} still owed`;
}

function BillsTable({ a }: { a: AccountDetail }) {
  return (
    <section aria-labelledby="acct-bills" className="card">
      <h2 id="acct-bills">Bills</h2>
      {a.bills[0] && <DuplicateBillButton accountId={a.id} billId={a.bills[0].id} billDate={a.bills[0].billDate} />}
      {a.bills.length === 0 ? (
        <p className="muted">No bills yet.</p>
      ) : (
        <table className="data bills" aria-labelledby="acct-bills">
          <thead>
            <tr>
              <th scope="col">Bill date</th>
              <th scope="col">Due</th>
              <th scope="col">Period</th>
              <th scope="col">Consumption</th>
              <th scope="col">Lines</th>
              <th scope="col" className="num">Total</th>
              <th scope="col" className="num">Paid</th>
              <th scope="col" className="num">Open</th>
            </tr>
          </thead>
          <tbody>
            {a.bills.map((b) => (
              <tr key={b.id}>
                <td>
                  {formatDate(b.billDate)}
                  {b.converted && <span className="badge badge-info cell-badge">converted</span>}
                </td>
                <td>{formatDate(b.dueDate)}</td>
                <td>
                  {formatDate(b.periodFrom)} – {formatDate(b.periodTo)}
                </td>
                <td>{consumption(b)}</td>
                <td>
                  <ul className="bill-lines">
                    {b.lines.map((l, i) => (
                      <li key={i}>
                        {l.label} {money(l.amountCents)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="num">{money(b.totalCents)}</td>
                <td className="num">{money(b.paidCents)}</td>
                <td className={`num${b.openCents > 0 ? ' owed' : ''}`}>
                  {money(b.openCents)}
                  {b.converted && b.carriedForwardCents > 0 && <span className="sub carried">{carriedNote(b, a.convertedBalanceForwardCents)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface Moving {
  receiptNumber: string;
  amountCents: number;
}

function PaymentsTable({ a, onOpenReceipt, onMove }: { a: AccountDetail; onOpenReceipt: (number: string) => void; onMove: ((m: Moving) => void) | null }) {
  return (
    <section aria-labelledby="acct-payments" className="card">
      <h2 id="acct-payments">Payments and credits</h2>
      {a.payments.length === 0 ? (
        <p className="muted">No payments yet.</p>
      ) : (
        <table className="data" aria-labelledby="acct-payments">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">Amount</th>
              <th scope="col">Receipt</th>
              <th scope="col">Memo</th>
            </tr>
          </thead>
          <tbody>
            {a.payments.map((p) => (
              <tr key={`${p.converted ? 'c' : 'e'}${p.entryId}`}>
                <td>{formatDate(p.businessDate)}</td>
                <td>
                  {kindLabel(p.kind)}
                  {p.converted && p.kind !== 'converted' && <span className="badge badge-info cell-badge">converted</span>}
                </td>
                <td className="num">{money(p.amountCents)}</td>
                <td>
                  {p.receiptNumber && (
                    <button type="button" className="link-button" onClick={() => onOpenReceipt(p.receiptNumber!)} aria-label={`Open receipt ${p.receiptNumber}`}>
                      {p.receiptNumber}
                    </button>
                  )}
                </td>
                <td>
                  {p.memo ?? ''}
                  {onMove && p.kind === 'payment' && p.receiptNumber && !p.converted && p.amountCents > 0 && (
                    <button type="button" className="link-button" onClick={() => onMove({ receiptNumber: p.receiptNumber!, amountCents: p.amountCents })} aria-label={`Move payment ${p.receiptNumber} to another account`}>
                      Move to another account
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

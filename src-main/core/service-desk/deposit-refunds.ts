// Deposit refunds (DOMAIN.md "Deposit refund eligibility"), the deposit liability report and the
// letter details built from the ledger (credit reference, deposit receipt, welcome).
//
// Eligibility of an active account holding a deposit, as of a date, each criterion met or not:
// - paidBills: its last depositRefundPaidBills bills due by then are all paid (and there are that many);
// - lateLimit: at most depositRefundMaxLate of those bills were paid after their due date (or are unpaid past it);
// - noDisconnect: no disconnect-for-nonpayment order completed since the first of those bills;
// - noReturnedPayment: no payment returned since the first of those bills;
// - notPastDue: nothing is past due now (credit on the account counts against what is due).
// An eligible deposit is refunded as account credit (the service desk convention): one entry kind
// 'refund', Dr 2200 / Cr 1200 on the account (plus Dr 5100 / Cr 1200 for any interest), allocated
// to the account's open charges in the normal order; what is left is credit. A run records every
// decision first, then posts the eligible ones in short chunks; it resumes where it stopped.
import type { Service } from '../../../src-shared/domain';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-ledger';
import { issueLetter, type Criterion } from '../../documents/letters';
import { accountBalance, openCharges } from '../accounts/queries';
import { recordAudit } from '../audit';
import { allocate } from '../counter/allocation';
import { ensureBusinessDay } from '../counter/day';
import { addDays, daysBetween } from '../deps';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry, type JournalLine } from '../ledger/journal';
import { depositPosition } from './deposits';
import { addMonths } from '../deps';

export const DEPOSIT_INTEREST_GL = '5100';

type RefundSettings = Pick<SettingsValues, 'depositRefundPaidBills' | 'depositRefundMaxLate' | 'depositInterestBasisPoints' | 'serviceOrder'>;

export interface Eligibility {
  accountId: number;
  accountNumber: string;
  name: string;
  heldCents: number;
  unpaidCents: number;
  interestCents: number;
  eligible: boolean;
  criteria: Criterion[];
}

interface BillStanding {
  billDate: string;
  dueDate: string;
  totalCents: number;
  paid: boolean;
  paidOn: string | null;
}

const stmtCache = new WeakMap<Db, Map<string, Statement>>();
/** Prepared once per connection: an eligibility preview asks these for thousands of accounts. */
function stmt(db: Db, sql: string): Statement {
  let m = stmtCache.get(db);
  if (!m) stmtCache.set(db, (m = new Map<string, Statement>()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

/** Each bill of an account (newest first) with whether it is paid and when it was settled. */
function billStandings(db: Db, accountId: number, dueBy: string, limit: number, since?: string): BillStanding[] {
  const bills = stmt(
    db,
    `SELECT id, bill_date, due_date, total_cents, entry_id, converted_paid_cents, converted_paid_on FROM bills
      WHERE account_id = ? AND due_date <= ? AND bill_date > ? ORDER BY bill_date DESC, id DESC LIMIT ?`,
  ).all(accountId, dueBy, since ?? '0000-00-00', limit) as Array<{ id: number; bill_date: string; due_date: string; total_cents: number; entry_id: number | null; converted_paid_cents: number | null; converted_paid_on: string | null }>;
  // The account's bill charges at once (by the account index), each with what was allocated to it and when last.
  const charges = stmt(
    db,
    `SELECT c.bill_id, c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.charge_id = c.id), 0) AS open,
            (SELECT max(e.business_date) FROM allocations a JOIN journal_entries e ON e.id = a.entry_id WHERE a.charge_id = c.id) AS last_on
       FROM charges c WHERE c.account_id = ? AND c.bill_id IS NOT NULL`,
  ).all(accountId) as Array<{ bill_id: number; open: number; last_on: string | null }>;
  const byBill = new Map<number, { open: number; lastOn: string | null }>();
  for (const c of charges) {
    const b = byBill.get(c.bill_id) ?? { open: 0, lastOn: null };
    b.open += c.open;
    if (c.last_on !== null && (b.lastOn === null || c.last_on > b.lastOn)) b.lastOn = c.last_on;
    byBill.set(c.bill_id, b);
  }
  return bills.map((b) => {
    if (b.entry_id === null) {
      const paid = (b.converted_paid_cents ?? 0) >= b.total_cents;
      return { billDate: b.bill_date, dueDate: b.due_date, totalCents: b.total_cents, paid, paidOn: paid ? b.converted_paid_on : null };
    }
    const s = byBill.get(b.id) ?? { open: 0, lastOn: null };
    const paid = s.open <= 0;
    return { billDate: b.bill_date, dueDate: b.due_date, totalCents: b.total_cents, paid, paidOn: paid ? s.lastOn : null };
  });
}

function isLate(b: BillStanding, asOf: string): boolean {
  return b.paid ? b.paidOn !== null && b.paidOn > b.dueDate : b.dueDate < asOf;
}

/** What is past due on the account as of a date, after its credit. */
function pastDueCents(db: Db, accountId: number, asOf: string): number {
  const open = openCharges(db, accountId);
  const openTotal = open.reduce((s, c) => s + c.open_cents, 0);
  const credit = Math.max(0, openTotal - accountBalance(db, accountId));
  const due = open.filter((c) => c.due_date < asOf).reduce((s, c) => s + c.open_cents, 0);
  return Math.max(0, due - credit);
}

/**
 * Simple interest at basisPoints a year on each deposit taken, from its business date to asOf,
 * on the part of the deposit that is paid (paid/held), rounded half up once. BigInt: the
 * products outgrow a double's exact range on a large deposit held for years.
 */
function depositInterest(db: Db, accountId: number, heldCents: number, paidCents: number, basisPoints: number, asOf: string): number {
  const lines = stmt(
    db,
    `SELECT -l.amount_cents AS cents, e.business_date AS on_ FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
      WHERE l.gl_code = '${GL.customerDeposits}' AND l.account_id = ? AND l.amount_cents < 0`,
  ).all(accountId) as Array<{ cents: number; on_: string }>;
  let centDays = 0n;
  for (const l of lines) centDays += BigInt(l.cents) * BigInt(Math.max(0, daysBetween(l.on_, asOf)));
  const num = centDays * BigInt(basisPoints) * BigInt(paidCents);
  const den = 10_000n * 365n * BigInt(heldCents);
  return Number((2n * num + den) / (2n * den));
}

export function refundEligibility(db: Db, accountId: number, settings: RefundSettings, asOf: string): Eligibility {
  const a = db.prepare('SELECT a.id, a.number, a.opened_on, c.display_name AS name FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?').get(accountId) as
    | { id: number; number: string; opened_on: string; name: string }
    | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
  const pos = depositPosition(db, accountId);
  const n = settings.depositRefundPaidBills;
  const bills = billStandings(db, accountId, asOf, n);
  const unpaid = bills.filter((b) => !b.paid);
  const late = bills.filter((b) => isLate(b, asOf)).length;
  const since = bills.length === n ? bills[bills.length - 1]!.billDate : a.opened_on;
  const disconnects = (
    stmt(db, "SELECT count(*) AS n FROM work_orders WHERE account_id = ? AND type = 'disconnect_nonpay' AND status IN ('completed', 'verified') AND completed_at >= ?").get(accountId, since) as { n: number }
  ).n;
  const returned = (
    stmt(
      db,
      `SELECT count(DISTINCT e.id) AS n FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        WHERE e.kind = 'returned_payment' AND l.gl_code = '${GL.receivables}' AND l.account_id = ? AND e.business_date >= ?`,
    ).get(accountId, since) as { n: number }
  ).n;
  const pastDue = pastDueCents(db, accountId, asOf);
  const money = (c: number) => `$${(c / 100).toFixed(2)}`;
  const criteria: Criterion[] = [
    {
      key: 'paidBills',
      met: bills.length >= n && unpaid.length === 0,
      detail:
        bills.length < n
          ? `${bills.length} bill${bills.length === 1 ? '' : 's'} so far; ${n} consecutive needed`
          : unpaid.length > 0
            ? `${unpaid.length} of the last ${n} bills not paid (oldest ${unpaid[unpaid.length - 1]!.billDate})`
            : `the last ${n} bills are paid`,
    },
    { key: 'lateLimit', met: late <= settings.depositRefundMaxLate, detail: `${late} late of the last ${bills.length} bills (at most ${settings.depositRefundMaxLate})` },
    { key: 'noDisconnect', met: disconnects === 0, detail: disconnects === 0 ? `none since ${since}` : `${disconnects} since ${since}` },
    { key: 'noReturnedPayment', met: returned === 0, detail: returned === 0 ? `none since ${since}` : `${returned} since ${since}` },
    { key: 'notPastDue', met: pastDue === 0, detail: pastDue === 0 ? 'nothing past due' : `${money(pastDue)} past due` },
  ];
  const interest = settings.depositInterestBasisPoints > 0 && pos.paidCents > 0 ? depositInterest(db, accountId, pos.heldCents, pos.paidCents, settings.depositInterestBasisPoints, asOf) : 0;
  return {
    accountId,
    accountNumber: a.number,
    name: a.name,
    heldCents: pos.heldCents,
    unpaidCents: pos.unpaidCents,
    interestCents: interest,
    eligible: pos.heldCents > 0 && criteria.every((c) => c.met),
    criteria,
  };
}

/** Active accounts holding a deposit, by account number. */
export function accountsHoldingDeposits(db: Db, accountIds?: readonly number[]): number[] {
  const rows = db
    .prepare(
      `SELECT a.id FROM accounts a
         JOIN (SELECT account_id, -sum(amount_cents) AS held FROM journal_lines WHERE gl_code = '${GL.customerDeposits}' AND account_id IS NOT NULL GROUP BY account_id) h ON h.account_id = a.id
        WHERE a.status = 'active' AND h.held > 0 ${accountIds ? 'AND a.id IN (SELECT value FROM json_each(?))' : ''} ORDER BY a.number`,
    )
    .all(...(accountIds ? [JSON.stringify(accountIds)] : [])) as Array<{ id: number }>;
  return rows.map((r) => r.id);
}

/** Rows a preview lists (eligible first): a town-sized list is decided in full but not sent whole. */
export const PREVIEW_ROWS = 2_000;
/** Decisions written per transaction when a run records them (the write lock stays short). */
const DECISIONS_PER_TXN = 500;
/** How long deciding runs before it lets the process serve others (the counter in the same app). */
const DECIDE_SLICE_MS = 20;

/**
 * Decides each account's eligibility, reads only, giving the event loop back every
 * DECIDE_SLICE_MS so a town-sized preview never stalls a cashier posting in the same process.
 */
export async function decideRefunds(db: Db, accountIds: readonly number[], settings: RefundSettings, asOf: string): Promise<Eligibility[]> {
  const out: Eligibility[] = [];
  let slice = Date.now();
  for (const id of accountIds) {
    out.push(refundEligibility(db, id, settings, asOf));
    if (Date.now() - slice >= DECIDE_SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      slice = Date.now();
    }
  }
  return out;
}

export interface RefundPreview {
  asOf: string;
  /** Every active account holding a deposit that was looked at. */
  accounts: number;
  /** At most PREVIEW_ROWS of them: the eligible ones first, each in account-number order. */
  rows: Eligibility[];
  eligible: number;
  eligibleCents: number;
  /** Every eligible account (what a run of this preview refunds). */
  eligibleIds: number[];
}

export async function previewRefunds(db: Db, settings: RefundSettings, asOf: string): Promise<RefundPreview> {
  const all = await decideRefunds(db, accountsHoldingDeposits(db), settings, asOf);
  const ok = all.filter((r) => r.eligible);
  const rows = [...ok, ...all.filter((r) => !r.eligible)].slice(0, PREVIEW_ROWS);
  return { asOf, accounts: all.length, rows, eligible: ok.length, eligibleCents: ok.reduce((s, r) => s + r.heldCents + r.interestCents, 0), eligibleIds: ok.map((r) => r.accountId) };
}

export interface RefundContext {
  at: string;
  today: string;
  userId: number;
  station: string | null;
}

export interface PostedRefund {
  entryId: number;
  letterId: number;
  depositCents: number;
  interestCents: number;
  appliedCents: number;
  creditCents: number;
}

/** Refunds one account's deposit as account credit. Runs inside the caller's transaction. */
export function postDepositRefund(db: Db, e: Eligibility, settings: RefundSettings, ctx: RefundContext, idempotencyKey: string): PostedRefund {
  if (!db.inTransaction) throw new CoreError('INTERNAL', 'postDepositRefund must run inside a transaction');
  const pos = depositPosition(db, e.accountId);
  if (pos.heldCents <= 0) throw new CoreError('CONFLICT', `Account ${e.accountNumber} holds no deposit.`);
  const held = pos.heldCents;
  const interest = e.interestCents;
  const businessDate = ensureBusinessDay(db, ctx.userId, ctx.today, ctx.at);
  const lines: JournalLine[] = [
    { glCode: GL.customerDeposits, accountId: e.accountId, amountCents: held, memo: 'Deposit refunded as credit' },
    { glCode: GL.receivables, accountId: e.accountId, amountCents: -held },
  ];
  if (interest > 0) lines.push({ glCode: DEPOSIT_INTEREST_GL, accountId: e.accountId, amountCents: interest, memo: 'Interest on deposit' }, { glCode: GL.receivables, accountId: e.accountId, amountCents: -interest });
  const entryId = postEntry(db, { kind: 'refund', businessDate, postedAt: ctx.at, userId: ctx.userId, station: ctx.station, memo: 'Deposit refund (eligibility run)', idempotencyKey, lines });
  const { allocations, creditCents } = allocate(openCharges(db, e.accountId), held + interest, settings.serviceOrder);
  const ins = db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)');
  for (const a of allocations) ins.run(entryId, a.chargeId, a.amountCents);
  const applied = allocations.reduce((s, a) => s + a.amountCents, 0);
  const letter = issueLetter(db, {
    accountId: e.accountId,
    kind: 'deposit_refund',
    details: { refundedOn: businessDate, depositCents: held, interestCents: interest, appliedCents: applied, creditCents, criteria: e.criteria },
    at: ctx.at,
    userId: ctx.userId,
  });
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'deposit.refund', subject: e.accountNumber, details: { entryId, depositCents: held, interestCents: interest, appliedCents: applied, creditCents } });
  return { entryId, letterId: letter.letterId, depositCents: held, interestCents: interest, appliedCents: applied, creditCents };
}

export interface RefundRunView {
  runId: number;
  asOf: string;
  status: 'posting' | 'posted';
  accounts: number;
  eligible: number;
  posted: number;
  postedCents: number;
  refunds: Array<{ accountId: number; accountNumber: string; depositCents: number; creditCents: number; letterId: number | null }>;
}

export function getRefundRun(db: Db, runId: number): RefundRunView {
  const r = db.prepare('SELECT id, as_of, status, accounts, eligible FROM deposit_refund_runs WHERE id = ?').get(runId) as { id: number; as_of: string; status: 'posting' | 'posted'; accounts: number; eligible: number } | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No deposit refund run ${runId}.`);
  const done = db
    .prepare(
      `SELECT d.account_id, a.number, d.held_cents + d.interest_cents AS cents, d.letter_id,
              (SELECT coalesce(-sum(l.amount_cents), 0) FROM journal_lines l WHERE l.entry_id = d.entry_id AND l.gl_code = '${GL.receivables}')
              - coalesce((SELECT sum(x.amount_cents) FROM allocations x WHERE x.entry_id = d.entry_id), 0) AS credit
         FROM deposit_refund_decisions d JOIN accounts a ON a.id = d.account_id WHERE d.run_id = ? AND d.entry_id IS NOT NULL ORDER BY a.number`,
    )
    .all(runId) as Array<{ account_id: number; number: string; cents: number; letter_id: number | null; credit: number }>;
  return {
    runId: r.id,
    asOf: r.as_of,
    status: r.status,
    accounts: r.accounts,
    eligible: r.eligible,
    posted: done.length,
    postedCents: done.reduce((s, d) => s + d.cents, 0),
    refunds: done.map((d) => ({ accountId: d.account_id, accountNumber: d.number, depositCents: d.cents, creditCents: d.credit, letterId: d.letter_id })),
  };
}

/**
 * Starts (or, with the same key, resumes) a refund run: every decision is recorded in one
 * transaction, then the eligible deposits are refunded `chunk` accounts per short transaction,
 * yielding between chunks so the counter is never kept waiting.
 */
export async function runRefunds(
  db: Db,
  input: { idempotencyKey: string; accountIds?: readonly number[] },
  settings: RefundSettings,
  ctx: RefundContext,
  opts: { chunk?: number; stopAfterChunks?: number } = {},
): Promise<RefundRunView> {
  let run = db.prepare('SELECT id, as_of FROM deposit_refund_runs WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: number; as_of: string } | undefined;
  if (!run) {
    const planned = accountsHoldingDeposits(db, input.accountIds).length;
    run = db.transaction(() => {
      const again = db.prepare('SELECT id, as_of FROM deposit_refund_runs WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: number; as_of: string } | undefined;
      if (again) return again;
      const id = Number(
        db
          .prepare("INSERT INTO deposit_refund_runs (as_of, created_at, created_by, idempotency_key, status, accounts, eligible) VALUES (?, ?, ?, ?, 'posting', ?, 0)")
          .run(ctx.today, ctx.at, ctx.userId, input.idempotencyKey, planned).lastInsertRowid,
      );
      recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'deposit.refundRun', subject: `run ${id}`, details: { accounts: planned } });
      return { id, as_of: ctx.today };
    })();
  }
  {
    // Every decision is recorded before anything posts, a few hundred per short transaction; a
    // run interrupted while deciding (same key) decides the accounts it has not reached yet.
    const runId = run.id;
    const recorded = db.prepare('SELECT count(*) AS n FROM deposit_refund_decisions WHERE run_id = ?');
    const planned = (db.prepare('SELECT accounts FROM deposit_refund_runs WHERE id = ?').get(runId) as { accounts: number }).accounts;
    if ((recorded.get(runId) as { n: number }).n < planned) {
      const done = new Set((db.prepare('SELECT account_id FROM deposit_refund_decisions WHERE run_id = ?').all(runId) as Array<{ account_id: number }>).map((r) => r.account_id));
      const todo = accountsHoldingDeposits(db, input.accountIds).filter((id) => !done.has(id));
      const ins = db.prepare('INSERT OR IGNORE INTO deposit_refund_decisions (run_id, account_id, eligible, criteria, held_cents, interest_cents) VALUES (?, ?, ?, ?, ?, ?)');
      for (let i = 0; i < todo.length; i += DECISIONS_PER_TXN) {
        // Decided outside the write lock (reads only); each posting decides again under it.
        const decisions = await decideRefunds(db, todo.slice(i, i + DECISIONS_PER_TXN), settings, run.as_of);
        db.transaction(() => {
          for (const d of decisions) ins.run(runId, d.accountId, d.eligible ? 1 : 0, JSON.stringify(d.criteria), Math.max(0, d.heldCents), d.interestCents);
        })();
      }
      db.transaction(() => {
        db.prepare(
          `UPDATE deposit_refund_runs SET accounts = (SELECT count(*) FROM deposit_refund_decisions WHERE run_id = ?),
                  eligible = (SELECT count(*) FROM deposit_refund_decisions WHERE run_id = ? AND eligible = 1) WHERE id = ?`,
        ).run(runId, runId, runId);
      })();
    }
  }
  const runId = run.id;
  const chunk = opts.chunk ?? 50;
  const todo = db.prepare('SELECT account_id FROM deposit_refund_decisions WHERE run_id = ? AND eligible = 1 AND entry_id IS NULL ORDER BY account_id LIMIT ?');
  let chunks = 0;
  for (;;) {
    if (opts.stopAfterChunks !== undefined && chunks >= opts.stopAfterChunks) return getRefundRun(db, runId);
    const more = db.transaction(() => {
      const rows = todo.all(runId, chunk) as Array<{ account_id: number }>;
      for (const r of rows) {
        // Decided again under the lock: a deposit applied at a close-out meanwhile, or an account
        // that fell past due before an interrupted run was resumed, is not refunded.
        const e = refundEligibility(db, r.account_id, settings, ctx.today);
        const posted = e.eligible ? postDepositRefund(db, e, settings, ctx, `deposit-refund-${runId}-${r.account_id}`) : null;
        if (posted) db.prepare('UPDATE deposit_refund_decisions SET entry_id = ?, letter_id = ? WHERE run_id = ? AND account_id = ?').run(posted.entryId, posted.letterId, runId, r.account_id);
        else db.prepare('UPDATE deposit_refund_decisions SET eligible = 0, criteria = ? WHERE run_id = ? AND account_id = ?').run(JSON.stringify(e.criteria), runId, r.account_id);
      }
      if (rows.length === 0) {
        db.prepare("UPDATE deposit_refund_runs SET status = 'posted', finished_at = ? WHERE id = ? AND status = 'posting'").run(ctx.at, runId);
        db.prepare('UPDATE deposit_refund_runs SET eligible = (SELECT count(*) FROM deposit_refund_decisions WHERE run_id = ? AND eligible = 1) WHERE id = ?').run(runId, runId);
      }
      return rows.length > 0;
    })();
    chunks++;
    if (!more) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return getRefundRun(db, runId);
}

// The deposit liability report ----------------------------------------------------------------

export interface LiabilityRow {
  accountId: number;
  accountNumber: string;
  name: string;
  status: string;
  heldCents: number;
  unpaidCents: number;
  paidCents: number;
}

export interface LiabilityReport {
  asOf: string;
  rows: LiabilityRow[];
  totals: { accounts: number; heldCents: number; unpaidCents: number; paidCents: number };
  /** −Σ GL 2200 over the whole ledger: equals totals.heldCents when every deposit line names its account. */
  glBalanceCents: number;
}

export function depositLiability(db: Db, asOf: string): LiabilityReport {
  const rows = (
    db
      .prepare(
        `WITH held AS (SELECT account_id, -sum(amount_cents) AS held FROM journal_lines WHERE gl_code = '${GL.customerDeposits}' AND account_id IS NOT NULL GROUP BY account_id),
              unpaid AS (SELECT c.account_id, sum(c.amount_cents - coalesce((SELECT sum(x.amount_cents) FROM allocations x WHERE x.charge_id = c.id), 0)) AS unpaid
                           FROM charges c WHERE c.gl_code = '${GL.customerDeposits}' GROUP BY c.account_id)
         SELECT a.id, a.number, a.status, cu.display_name AS name, h.held, max(coalesce(u.unpaid, 0), 0) AS unpaid
           FROM held h JOIN accounts a ON a.id = h.account_id JOIN customers cu ON cu.id = a.customer_id LEFT JOIN unpaid u ON u.account_id = h.account_id
          WHERE h.held <> 0 ORDER BY a.number`,
      )
      .all() as Array<{ id: number; number: string; status: string; name: string; held: number; unpaid: number }>
  ).map((r) => ({ accountId: r.id, accountNumber: r.number, name: r.name, status: r.status, heldCents: r.held, unpaidCents: r.unpaid, paidCents: Math.max(0, r.held - r.unpaid) }));
  const gl = -(db.prepare(`SELECT coalesce(sum(amount_cents), 0) AS s FROM journal_lines WHERE gl_code = '${GL.customerDeposits}'`).get() as { s: number }).s;
  return {
    asOf,
    rows,
    totals: {
      accounts: rows.length,
      heldCents: rows.reduce((s, r) => s + r.heldCents, 0),
      unpaidCents: rows.reduce((s, r) => s + r.unpaidCents, 0),
      paidCents: rows.reduce((s, r) => s + r.paidCents, 0),
    },
    glBalanceCents: gl,
  };
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function liabilityCsv(r: LiabilityReport): string {
  const d = (c: number) => (c / 100).toFixed(2);
  const lines = ['account_number,name,status,held,unpaid,paid'];
  for (const x of r.rows) lines.push([x.accountNumber, csvField(x.name), x.status, d(x.heldCents), d(x.unpaidCents), d(x.paidCents)].join(','));
  lines.push(['TOTAL', `${r.totals.accounts} accounts`, '', d(r.totals.heldCents), d(r.totals.unpaidCents), d(r.totals.paidCents)].join(','));
  return `${lines.join('\r\n')}\r\n`;
}

// Letter details built from the ledger -----------------------------------------------------------

/** The deposit receipt: what is held and paid; with none held, the letter of credit that waived it (if one on file does today). */
export function depositReceiptDetails(
  db: Db,
  accountId: number,
  settings: Pick<SettingsValues, 'depositRefundPaidBills' | 'depositRefundMaxLate' | 'letterOfCreditMaxAgeDays' | 'letterOfCreditGoodMonths'>,
  today: string,
) {
  const pos = depositPosition(db, accountId);
  const base = { depositCents: Math.max(0, pos.heldCents), paidCents: pos.paidCents, unpaidCents: pos.unpaidCents, chargedOn: pos.chargedOn, refundPaidBills: settings.depositRefundPaidBills, refundMaxLate: settings.depositRefundMaxLate };
  if (pos.heldCents > 0) return base;
  const loc = db
    .prepare(
      `SELECT l.utility, l.received_on FROM letters_of_credit l JOIN accounts a ON a.customer_id = l.customer_id
        WHERE a.id = ? AND l.voided_at IS NULL AND l.received_on >= ? AND l.received_on <= ? AND l.good_months >= ? ORDER BY l.received_on DESC, l.id DESC LIMIT 1`,
    )
    .get(accountId, addDays(today, -settings.letterOfCreditMaxAgeDays), today, settings.letterOfCreditGoodMonths) as { utility: string; received_on: string } | undefined;
  return loc ? { ...base, waivedBy: { utility: loc.utility, receivedOn: loc.received_on } } : base;
}

export function welcomeDetails(db: Db, accountId: number, settings: Pick<SettingsValues, 'dueDays'>) {
  const a = db.prepare('SELECT opened_on, billing_cycle FROM accounts WHERE id = ?').get(accountId) as { opened_on: string; billing_cycle: number } | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
  const order = ['solid_waste', 'sewer', 'water', 'electric', 'stormwater'];
  const services = (db.prepare('SELECT service FROM account_services WHERE account_id = ?').all(accountId) as Array<{ service: Service }>).map((s) => s.service).sort((x, y) => order.indexOf(x) - order.indexOf(y));
  return { services, openedOn: a.opened_on, billingCycle: a.billing_cycle, dueDays: settings.dueDays, depositCents: Math.max(0, depositPosition(db, accountId).heldCents) };
}

/** The payment history of the last creditReferenceMonths: bills, payments, late and returned payments counted. */
export function creditReferenceDetails(db: Db, accountId: number, settings: Pick<SettingsValues, 'creditReferenceMonths'>, today: string) {
  const a = db.prepare('SELECT a.opened_on, a.closed_on, c.display_name FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?').get(accountId) as
    | { opened_on: string; closed_on: string | null; display_name: string }
    | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
  const months = settings.creditReferenceMonths;
  const start = addMonths(today, -months);
  const from = addDays(start, 1) < a.opened_on ? a.opened_on : addDays(start, 1);
  const bills = db.prepare('SELECT count(*) AS n, coalesce(sum(total_cents), 0) AS cents FROM bills WHERE account_id = ? AND bill_date > ? AND bill_date <= ?').get(accountId, start, today) as { n: number; cents: number };
  const payments = db
    .prepare(
      `SELECT count(DISTINCT e.id) AS n, coalesce(-sum(l.amount_cents), 0) AS cents FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        WHERE e.kind = 'payment' AND l.gl_code = '${GL.receivables}' AND l.account_id = ? AND e.business_date > ? AND e.business_date <= ?`,
    )
    .get(accountId, start, today) as { n: number; cents: number };
  const converted = db
    .prepare('SELECT count(*) AS n, coalesce(sum(converted_paid_cents), 0) AS cents FROM bills WHERE account_id = ? AND entry_id IS NULL AND converted_paid_cents > 0 AND converted_paid_on > ? AND converted_paid_on <= ?')
    .get(accountId, start, today) as { n: number; cents: number };
  const returned = db
    .prepare(
      `SELECT count(DISTINCT e.id) AS n FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
        WHERE e.kind = 'returned_payment' AND l.gl_code = '${GL.receivables}' AND l.account_id = ? AND e.business_date > ? AND e.business_date <= ?`,
    )
    .get(accountId, start, today) as { n: number };
  const late = billStandings(db, accountId, today, 10_000, start).filter((b) => isLate(b, today)).length;
  return {
    customerName: a.display_name,
    periodFrom: from,
    periodTo: today,
    months,
    openedOn: a.opened_on,
    closedOn: a.closed_on,
    bills: bills.n,
    billedCents: bills.cents,
    payments: payments.n + converted.n,
    paidCents: payments.cents + converted.cents,
    latePayments: late,
    returnedPayments: returned.n,
    balanceCents: accountBalance(db, accountId),
  };
}

/**
 * The demo town's letters of credit (a handful, deterministic): the three newest customers each
 * brought one — received 5 days ago with 24 good months (waives a deposit), 20 days ago with 8
 * months (too few), and 45 days ago with 36 months (too old, by the default settings).
 */
export function recordDemoLettersOfCredit(db: Db, today: string): void {
  const customers = db.prepare('SELECT id FROM customers ORDER BY id DESC LIMIT 3').all() as Array<{ id: number }>;
  const rows: Array<[string, number, number]> = [
    ['Mount Pilot Utilities', 5, 24],
    ['Siler City Water', 20, 8],
    ['Raleigh Public Utilities', 45, 36],
  ];
  const ins = db.prepare("INSERT INTO letters_of_credit (customer_id, utility, received_on, good_months, note, created_at) VALUES (?, ?, ?, ?, 'demo', ?)");
  customers.forEach((c, i) => {
    const [utility, ago, months] = rows[i]!;
    ins.run(c.id, utility, addDays(today, -ago), months, `${today}T12:00:00.000Z`);
  });
}

// Posting payments at the counter: the plan (allocation preview, tender rules, problems) and
// the posting itself — one journal entry with its allocations, receipt, lines and tenders in
// one transaction, idempotent on the client's key. Also receipts as documents, and voids.
import crypto from 'node:crypto';
import type { PaymentLineInput, PaymentPreview, Receipt, TenderInput } from '../../../src-shared/ipc/counter-schemas';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import { formatCents } from '../../../src-shared/money';
import type { Db } from '../../db/open-ledger';
import { accountBalance, openCharges, type OpenChargeRow } from '../accounts/queries';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry, type JournalLine } from '../ledger/journal';
import { allocate, type Allocation } from './allocation';
import { nextReceiptNumber } from './day';
import { afterPaymentPosted } from '../collections/disconnects';
import { readSettings } from '../settings';

export interface PaymentRequest {
  lines: PaymentLineInput[];
  tenders: TenderInput[];
  payer?: string | undefined;
}

export const TENDER_GL: Record<TenderInput['kind'], string> = {
  cash: GL.cash,
  check: GL.checks,
  card: GL.cardClearing,
  money_order: GL.moneyOrders,
  remittance: GL.remittances,
};

interface AccountInfo {
  id: number;
  number: string;
  status: string;
  cash_only: number;
  name: string;
}

interface RevenueInfo {
  code: string;
  name: string;
  gl_code: string;
  needs_bill_ref: number;
  needs_department: number;
  needs_description: number;
  active: number;
}

export interface PlannedLine {
  input: PaymentLineInput;
  amountCents: number;
  account: AccountInfo | null;
  revenue: RevenueInfo | null;
  description: string;
  allocations: Allocation[];
  creditCents: number;
  balanceBeforeCents: number | null;
  notes: string[];
}

export interface Plan {
  preview: PaymentPreview;
  lines: PlannedLine[];
  problems: PaymentPreview['problems'];
}

/** Where the payment would be taken: the drawer's cash (for change) and the business day (for repeats). */
export interface PlanContext {
  drawerCashCents?: number | null;
  businessDate?: string | null;
}

function revenueDescription(r: RevenueInfo, l: Extract<PaymentLineInput, { type: 'revenue' }>): string {
  const parts = [r.name];
  if (l.billRef) parts.push(`bill ${l.billRef}`);
  if (l.taxYear) parts.push(`(${l.taxYear})`);
  if (l.department) parts.push(`- ${l.department}`);
  if (l.description) parts.push(`- ${l.description}`);
  return parts.join(' ');
}

/** Works out what posting would do. Pure reads; never writes. */
export function planPayment(db: Db, req: PaymentRequest, settings: SettingsValues, at: PlanContext = {}): Plan {
  const problems: Plan['problems'] = [];
  const warnings: Plan['problems'] = [];
  const confirmations: Plan['problems'] = [];
  const paidToday = db.prepare(
    `SELECT r.number, r.posted_at FROM receipt_lines rl JOIN receipts r ON r.id = rl.receipt_id
      WHERE rl.account_id = ? AND rl.amount_cents = ? AND r.business_date = ?
        AND NOT EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void')
      ORDER BY r.id`,
  );
  const accountStmt = db.prepare(
    'SELECT a.id, a.number, a.status, a.cash_only, c.display_name AS name FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?',
  );
  const revenueStmt = db.prepare('SELECT * FROM revenue_codes WHERE code = ?');
  // Charges still open after earlier lines of this same transaction took their share.
  const remaining = new Map<number, OpenChargeRow[]>();
  const hasCheck = req.tenders.some((t) => t.kind === 'check');

  const lines: PlannedLine[] = req.lines.map((l, index) => {
    const notes: string[] = [];
    if (l.type === 'account') {
      const acct = accountStmt.get(l.accountId) as AccountInfo | undefined;
      if (!acct) {
        problems.push({ code: 'NOT_FOUND', message: `Line ${index + 1}: no account with id ${l.accountId}.`, line: index });
        return { input: l, amountCents: l.amountCents, account: null, revenue: null, description: 'Unknown account', allocations: [], creditCents: 0, balanceBeforeCents: null, notes };
      }
      if (acct.cash_only && hasCheck) {
        req.tenders.forEach((t, tender) => {
          if (t.kind === 'check') problems.push({ code: 'CASH_ONLY', message: `Account ${acct.number} is cash-only: no checks.`, line: index, tender });
        });
      }
      if (at.businessDate) {
        const earlier = paidToday.all(acct.id, l.amountCents, at.businessDate) as Array<{ number: string }>;
        if (earlier.length > 0) {
          warnings.push({
            code: 'DUPLICATE_PAYMENT',
            message: `Account ${acct.number} was already paid ${formatCents(l.amountCents, { symbol: true })} today (receipt ${earlier.map((e) => e.number).join(', ')}). Is this the same bill stub again?`,
            line: index,
          });
        }
      }
      if (acct.status === 'closed') notes.push('Account is closed: this payment becomes a credit to refund.');
      let open = remaining.get(acct.id);
      if (!open) {
        open = openCharges(db, acct.id).map((c) => ({ ...c }));
        remaining.set(acct.id, open);
      }
      const { allocations, creditCents } = allocate(open, l.amountCents, settings.serviceOrder);
      for (const a of allocations) {
        const c = open.find((x) => x.id === a.chargeId)!;
        c.open_cents -= a.amountCents;
      }
      if (creditCents > 0 && acct.status !== 'closed') notes.push(`${formatCents(creditCents, { symbol: true })} more than is owed becomes a credit on the account.`);
      return { input: l, amountCents: l.amountCents, account: acct, revenue: null, description: acct.name, allocations, creditCents, balanceBeforeCents: accountBalance(db, acct.id), notes };
    }
    const rev = revenueStmt.get(l.revenueCode) as RevenueInfo | undefined;
    if (!rev || !rev.active) {
      problems.push({ code: 'NOT_FOUND', message: `Line ${index + 1}: no revenue code ${l.revenueCode}.`, line: index });
      return { input: l, amountCents: l.amountCents, account: null, revenue: null, description: l.revenueCode, allocations: [], creditCents: 0, balanceBeforeCents: null, notes };
    }
    if (rev.needs_bill_ref && (!l.billRef || !l.taxYear)) {
      const missing = [!l.billRef ? 'the bill number' : null, !l.taxYear ? 'the tax year' : null].filter(Boolean).join(' and ');
      problems.push({ code: 'REVENUE_DETAILS', message: `Line ${index + 1}: ${rev.name} needs ${missing}.`, line: index });
    }
    if (rev.needs_department && !l.department) problems.push({ code: 'REVENUE_DETAILS', message: `Line ${index + 1}: ${rev.name} needs the department.`, line: index });
    if (rev.needs_description && !l.description) problems.push({ code: 'REVENUE_DETAILS', message: `Line ${index + 1}: ${rev.name} needs a description.`, line: index });
    return { input: l, amountCents: l.amountCents, account: null, revenue: rev, description: revenueDescription(rev, l), allocations: [], creditCents: 0, balanceBeforeCents: null, notes };
  });

  let total = lines.reduce((s, l) => s + l.amountCents, 0);
  const sumOf = (kinds: Array<TenderInput['kind']>) => req.tenders.filter((t) => kinds.includes(t.kind)).reduce((s, t) => s + t.amountCents, 0);
  const tendered = sumOf(['cash', 'check', 'card', 'money_order', 'remittance']);
  const cash = sumOf(['cash']);
  const card = sumOf(['card']);
  const nonCash = tendered - cash;
  let checkOverage = 0;

  const lastOf = (kinds: Array<TenderInput['kind']>) => {
    for (let i = req.tenders.length - 1; i >= 0; i--) if (kinds.includes(req.tenders[i]!.kind)) return i;
    return undefined;
  };
  const at1 = (tender: number | undefined) => (tender === undefined ? {} : { tender });
  if (card > total) problems.push({ code: 'OVER_TENDER', message: `A card payment may not exceed the amount due (${formatCents(total, { symbol: true })}).`, ...at1(lastOf(['card'])) });
  else if (nonCash > total) {
    // No cash back on checks: the excess of a check over what is owed is credited to the account.
    const first = lines.find((l) => l.account !== null);
    if (!first) {
      problems.push({ code: 'OVER_TENDER', message: 'Checks and money orders may not exceed the amount due, and there is no account to credit the excess to.', ...at1(lastOf(['check', 'money_order', 'remittance'])) });
    } else {
      checkOverage = nonCash - total;
      first.amountCents += checkOverage;
      first.creditCents += checkOverage;
      first.notes.push(`The check is ${formatCents(checkOverage, { symbol: true })} over the amount due: that amount is credited to the account (no cash back).`);
      total += checkOverage;
      confirmations.push({
        code: 'CONFIRM_CREDIT',
        message: `The tenders are ${formatCents(checkOverage, { symbol: true })} more than is due: that becomes a credit on account ${first.account!.number} (no cash back). Confirm, or correct the tenders.`,
        line: lines.indexOf(first),
        ...at1(lastOf(['check', 'money_order', 'remittance', 'card'])),
      });
    }
  }
  const short = Math.max(0, total - tendered);
  const change = Math.max(0, tendered - total);
  if (short > 0) problems.push({ code: 'UNDER_TENDER', message: `Tenders are ${formatCents(short, { symbol: true })} short of the ${formatCents(total, { symbol: true })} due.`, ...at1(req.tenders.length > 0 ? req.tenders.length - 1 : undefined) });
  if (change > cash && !problems.some((p) => p.code === 'OVER_TENDER')) problems.push({ code: 'OVER_TENDER', message: 'Change can only be given from cash.', ...at1(lastOf(['cash'])) });

  // Change: above the setting, or more than the drawer holds, the cashier confirms; above the
  // supervisor setting a supervisor approves.
  const cashTender = lastOf(['cash']);
  const drawerCash = at.drawerCashCents ?? null;
  let supervisor: string | null = null;
  if (change > 0 && !problems.some((p) => p.code === 'OVER_TENDER')) {
    const c = formatCents(change, { symbol: true });
    if (drawerCash !== null && change > drawerCash) {
      confirmations.push({ code: 'CONFIRM_CHANGE', message: `Change of ${c} is more than the ${formatCents(Math.max(0, drawerCash), { symbol: true })} cash in the drawer. Check the cash amount; confirm only if it is right.`, ...at1(cashTender) });
    } else if (change > settings.changeConfirmAboveCents) {
      confirmations.push({ code: 'CONFIRM_CHANGE', message: `Change of ${c} is over ${formatCents(settings.changeConfirmAboveCents, { symbol: true })}. Check the cash amount; confirm only if it is right.`, ...at1(cashTender) });
    }
    if (change > settings.changeSupervisorAboveCents) supervisor = `Change of ${c} is over ${formatCents(settings.changeSupervisorAboveCents, { symbol: true })}: a supervisor must approve.`;
  }

  const preview: PaymentPreview = {
    lines: lines.map((l, index) => ({
      index,
      type: l.input.type,
      accountId: l.account?.id ?? null,
      accountNumber: l.account?.number ?? null,
      revenueCode: l.revenue?.code ?? null,
      description: l.description,
      amountCents: l.amountCents,
      balanceBeforeCents: l.balanceBeforeCents,
      balanceAfterCents: l.balanceBeforeCents === null ? null : l.balanceBeforeCents - l.amountCents,
      allocations: l.allocations,
      creditCents: l.creditCents,
      notes: l.notes,
    })),
    totalCents: total,
    tenderedCents: tendered,
    changeCents: change,
    shortCents: short,
    checkOverageCreditCents: checkOverage,
    problems,
    canPost: problems.length === 0,
    opensDrawer: cash > 0 || req.tenders.some((t) => t.kind === 'check'),
    warnings,
    confirmations,
    supervisor,
    drawerCashCents: drawerCash,
  };
  // Two lines for the same account see each other's effect on the balance.
  const seen = new Map<number, number>();
  for (const pl of preview.lines) {
    if (pl.accountId === null || pl.balanceBeforeCents === null) continue;
    const before = seen.get(pl.accountId) ?? pl.balanceBeforeCents;
    pl.balanceBeforeCents = before;
    pl.balanceAfterCents = before - pl.amountCents;
    seen.set(pl.accountId, pl.balanceAfterCents);
  }
  return { preview, lines, problems };
}

export function requestHash(req: PaymentRequest): string {
  return crypto.createHash('sha256').update(JSON.stringify({ lines: req.lines, tenders: req.tenders, payer: req.payer ?? null })).digest('hex');
}

export interface PostContext {
  userId: number;
  station: string;
  businessDate: string;
  postedAt: string;
  drawerId: number | null;
  mailBatchId: number | null;
  mailItemId: number | null;
  idempotencyKey: string | null;
}

/**
 * The journal entry of a planned payment — the given debits, a receivables credit per account
 * line and a revenue credit per revenue line — and its allocations. Receipts (postPlannedPayment)
 * and bank drafts (debiting 1060, no receipt) both post through it. Inside the caller's transaction.
 */
export function postPaymentEntry(
  db: Db,
  plan: Plan,
  debits: JournalLine[],
  ctx: { businessDate: string; postedAt: string; userId: number; station: string; memo: string; idempotencyKey: string | null },
): number {
  const journal: JournalLine[] = [...debits];
  for (const l of plan.lines) {
    if (l.account) journal.push({ glCode: GL.receivables, accountId: l.account.id, amountCents: -l.amountCents });
    else journal.push({ glCode: l.revenue!.gl_code, amountCents: -l.amountCents, memo: l.description });
  }
  const entryId = postEntry(db, {
    kind: 'payment',
    businessDate: ctx.businessDate,
    postedAt: ctx.postedAt,
    userId: ctx.userId,
    station: ctx.station,
    memo: ctx.memo,
    idempotencyKey: ctx.idempotencyKey,
    lines: journal,
  });
  const alloc = db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)');
  for (const l of plan.lines) for (const a of l.allocations) alloc.run(entryId, a.chargeId, a.amountCents);
  return entryId;
}

/** Posts a planned payment. Must run inside the caller's transaction. Returns the receipt id. */
export function postPlannedPayment(db: Db, req: PaymentRequest, plan: Plan, ctx: PostContext): number {
  if (!plan.preview.canPost) {
    const p = plan.problems[0]!;
    throw new CoreError(p.code as 'UNDER_TENDER', plan.problems.map((x) => x.message).join(' '), { problems: plan.problems });
  }
  const { totalCents, tenderedCents, changeCents } = plan.preview;
  const debits = new Map<string, number>();
  for (const t of req.tenders) debits.set(TENDER_GL[t.kind], (debits.get(TENDER_GL[t.kind]) ?? 0) + t.amountCents);
  debits.set(GL.cash, (debits.get(GL.cash) ?? 0) - changeCents);
  const journal: JournalLine[] = [];
  for (const [glCode, amountCents] of debits) if (amountCents !== 0) journal.push({ glCode, amountCents });
  const entryId = postPaymentEntry(db, plan, journal, { ...ctx, memo: ctx.mailBatchId ? `Mail batch ${ctx.mailBatchId}` : 'Counter payment' });

  const { seq, number } = nextReceiptNumber(db, ctx.station);
  // A disconnected account paid in full: the reconnect fee and the reconnect order (collections).
  for (const l of plan.lines) {
    if (!l.account) continue;
    const leftoverCents = l.amountCents - l.allocations.reduce((sum, x) => sum + x.amountCents, 0);
    afterPaymentPosted(db, { accountId: l.account.id, entryId, leftoverCents, receiptNumber: number }, { at: ctx.postedAt, today: ctx.businessDate, userId: ctx.userId, station: ctx.station }, () => readSettings(db));
  }
  const receiptId = Number(
    db
      .prepare(
        `INSERT INTO receipts (number, station, seq, entry_id, drawer_id, mail_batch_id, mail_item_id, business_date, posted_at, user_id, payer,
                               total_cents, tendered_cents, change_cents, request_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(number, ctx.station, seq, entryId, ctx.drawerId, ctx.mailBatchId, ctx.mailItemId, ctx.businessDate, ctx.postedAt, ctx.userId, req.payer ?? null, totalCents, tenderedCents, changeCents, requestHash(req)).lastInsertRowid,
  );
  const lineStmt = db.prepare(
    'INSERT INTO receipt_lines (receipt_id, line_no, account_id, revenue_code, description, amount_cents, bill_ref, tax_year, department) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  plan.lines.forEach((l, i) => {
    const rl = l.input.type === 'revenue' ? l.input : null;
    lineStmt.run(receiptId, i + 1, l.account?.id ?? null, l.revenue?.code ?? null, l.description, l.amountCents, rl?.billRef ?? null, rl?.taxYear ?? null, rl?.department ?? null);
  });
  const tenderStmt = db.prepare(
    'INSERT INTO receipt_tenders (receipt_id, line_no, kind, amount_cents, check_number, payer, card_brand, card_last4, auth_code, reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  req.tenders.forEach((t, i) => {
    tenderStmt.run(
      receiptId,
      i + 1,
      t.kind,
      t.amountCents,
      t.kind === 'check' ? t.checkNumber : null,
      t.kind === 'check' || t.kind === 'remittance' ? (t.payer ?? null) : null,
      t.kind === 'card' ? t.brand : null,
      t.kind === 'card' ? t.last4 : null,
      t.kind === 'card' ? t.authCode.toUpperCase() : null,
      t.kind === 'money_order' || t.kind === 'remittance' ? (t.reference ?? null) : null,
    );
  });
  return receiptId;
}

interface ReceiptRow {
  id: number;
  number: string;
  station: string;
  entry_id: number;
  drawer_id: number | null;
  mail_batch_id: number | null;
  business_date: string;
  posted_at: string;
  payer: string | null;
  total_cents: number;
  tendered_cents: number;
  change_cents: number;
  request_hash: string;
  cashier: string;
}

export function findReceiptRow(db: Db, ref: { number: string } | { receiptId: number } | { entryId: number }): ReceiptRow | undefined {
  const base = 'SELECT r.*, u.display_name AS cashier FROM receipts r JOIN users u ON u.id = r.user_id';
  if ('number' in ref) return db.prepare(`${base} WHERE r.number = ?`).get(ref.number.toUpperCase()) as ReceiptRow | undefined;
  if ('receiptId' in ref) return db.prepare(`${base} WHERE r.id = ?`).get(ref.receiptId) as ReceiptRow | undefined;
  return db.prepare(`${base} WHERE r.entry_id = ?`).get(ref.entryId) as ReceiptRow | undefined;
}

/** The receipt as a document: what the screen shows and the printer prints. */
export function receiptDocument(db: Db, ref: { number: string } | { receiptId: number }, settings: SettingsValues): Receipt {
  const r = findReceiptRow(db, ref);
  if (!r) throw new CoreError('NOT_FOUND', `No receipt ${'number' in ref ? ref.number : ref.receiptId}.`);
  const lines = db
    .prepare(
      `SELECT rl.line_no, rl.account_id, a.number AS account_number, rl.revenue_code, coalesce(c.display_name, rc.name) AS name, rl.description, rl.amount_cents
         FROM receipt_lines rl LEFT JOIN accounts a ON a.id = rl.account_id LEFT JOIN customers c ON c.id = a.customer_id
         LEFT JOIN revenue_codes rc ON rc.code = rl.revenue_code
        WHERE rl.receipt_id = ? ORDER BY rl.line_no`,
    )
    .all(r.id) as Array<{ line_no: number; account_id: number | null; account_number: string | null; revenue_code: string | null; name: string; description: string; amount_cents: number }>;
  const allocs = db
    .prepare(
      `SELECT al.charge_id, c.account_id, c.description, c.due_date, al.amount_cents FROM allocations al JOIN charges c ON c.id = al.charge_id
        WHERE al.entry_id = ? ORDER BY al.id`,
    )
    .all(r.entry_id) as Array<{ charge_id: number; account_id: number; description: string; due_date: string; amount_cents: number }>;
  const balanceAt = db.prepare(`SELECT coalesce(sum(amount_cents), 0) AS b FROM journal_lines WHERE account_id = ? AND gl_code = '${GL.receivables}' AND entry_id <= ?`);
  const seenAccount = new Set<number>();
  const tenders = db.prepare('SELECT * FROM receipt_tenders WHERE receipt_id = ? ORDER BY line_no').all(r.id) as Array<{
    line_no: number; kind: Receipt['tenders'][number]['kind']; amount_cents: number; check_number: string | null; payer: string | null;
    card_brand: string | null; card_last4: string | null; auth_code: string | null; reference: string | null;
  }>;
  const voidRow = db
    .prepare(`SELECT e.posted_at, e.memo, u.display_name AS approver FROM journal_entries e LEFT JOIN users u ON u.id = e.approved_by WHERE e.reverses_entry_id = ? AND e.kind = 'void'`)
    .get(r.entry_id) as { posted_at: string; memo: string | null; approver: string | null } | undefined;
  const returned = db.prepare('SELECT tender_line_no, amount_cents, returned_on, reason FROM returned_payments WHERE receipt_id = ? ORDER BY id').all(r.id) as Array<{ tender_line_no: number; amount_cents: number; returned_on: string; reason: string }>;
  return {
    id: r.id,
    number: r.number,
    station: r.station,
    townName: settings.townName,
    townAddress: settings.townAddress,
    townPhone: settings.townPhone,
    cashier: r.cashier,
    businessDate: r.business_date,
    postedAt: r.posted_at,
    payer: r.payer,
    lines: lines.map((l) => {
      const first = l.account_id !== null && !seenAccount.has(l.account_id);
      if (l.account_id !== null) seenAccount.add(l.account_id);
      return {
        lineNo: l.line_no,
        type: l.account_id !== null ? ('account' as const) : ('revenue' as const),
        accountId: l.account_id,
        accountNumber: l.account_number,
        revenueCode: l.revenue_code,
        name: l.name,
        description: l.description,
        amountCents: l.amount_cents,
        remainingBalanceCents: l.account_id !== null ? (balanceAt.get(l.account_id, r.entry_id) as { b: number }).b : null,
        allocations: first ? allocs.filter((a) => a.account_id === l.account_id).map((a) => ({ chargeId: a.charge_id, description: a.description, dueDate: a.due_date, amountCents: a.amount_cents })) : [],
      };
    }),
    tenders: tenders.map((t) => ({ lineNo: t.line_no, kind: t.kind, amountCents: t.amount_cents, checkNumber: t.check_number, payer: t.payer, cardBrand: t.card_brand, cardLast4: t.card_last4, authCode: t.auth_code, reference: t.reference })),
    totalCents: r.total_cents,
    tenderedCents: r.tendered_cents,
    changeCents: r.change_cents,
    source: r.mail_batch_id !== null ? 'mail' : 'counter',
    status: voidRow ? 'void' : 'posted',
    voidedAt: voidRow?.posted_at ?? null,
    voidedBy: voidRow?.approver ?? null,
    voidReason: voidRow?.memo ?? null,
    returned: returned.map((x) => ({ tenderLineNo: x.tender_line_no, amountCents: x.amount_cents, returnedOn: x.returned_on, reason: x.reason })),
  };
}

/** Posts the exact reverse of a payment entry (every line negated, every allocation undone). */
export function postVoid(db: Db, receipt: { entry_id: number; number: string }, ctx: { userId: number; approvedBy: number; station: string; businessDate: string; postedAt: string; reason: string }): number {
  const lines = db.prepare('SELECT gl_code, account_id, amount_cents, memo FROM journal_lines WHERE entry_id = ? ORDER BY id').all(receipt.entry_id) as Array<{ gl_code: string; account_id: number | null; amount_cents: number; memo: string | null }>;
  const entryId = postEntry(db, {
    kind: 'void',
    businessDate: ctx.businessDate,
    postedAt: ctx.postedAt,
    userId: ctx.userId,
    approvedBy: ctx.approvedBy,
    station: ctx.station,
    memo: ctx.reason,
    reversesEntryId: receipt.entry_id,
    lines: lines.map((l) => ({ glCode: l.gl_code, accountId: l.account_id, amountCents: -l.amount_cents, memo: l.memo })),
  });
  db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) SELECT ?, charge_id, -amount_cents FROM allocations WHERE entry_id = ? ORDER BY id').run(entryId, receipt.entry_id);
  return entryId;
}

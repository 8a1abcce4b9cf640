// Returned payments (NSF check, returned draft): a reversing entry for the returned tender's
// amount (latest-applied money first: unapplied credit, then allocations newest first), the
// returned-check fee as a new charge, a letter to send, and cash-only after the second
// return in twelve months.
import type { Db } from '../../db/open-ledger';
import { addDays } from '../deps';
import { resolveAccountNumber } from '../accounts/account-ref';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry, type JournalLine } from '../ledger/journal';
import { findReceiptRow, TENDER_GL } from './payments';

export interface ReturnRequest {
  receiptNumber: string;
  tenderLineNo?: number | undefined;
  reason: string;
  returnedOn: string;
}

export interface ReturnContext {
  userId: number;
  approvedBy: number;
  station: string;
  businessDate: string;
  postedAt: string;
  feeCents: number;
}

const RETURNABLE = new Set(['check', 'money_order', 'remittance']);

export function postReturnedPayment(db: Db, req: ReturnRequest, ctx: ReturnContext): { receiptId: number; feeCents: number; cashOnlySet: boolean; letterId: number | null } {
  const r = findReceiptRow(db, { number: req.receiptNumber });
  if (!r) throw new CoreError('NOT_FOUND', `No receipt ${req.receiptNumber}.`);
  const voided = db.prepare("SELECT 1 FROM journal_entries WHERE reverses_entry_id = ? AND kind = 'void'").get(r.entry_id);
  if (voided) throw new CoreError('ALREADY_VOID', `Receipt ${r.number} was voided; there is nothing to return.`);
  const tenders = db.prepare('SELECT line_no, kind, amount_cents, check_number FROM receipt_tenders WHERE receipt_id = ? ORDER BY line_no').all(r.id) as Array<{ line_no: number; kind: string; amount_cents: number; check_number: string | null }>;
  const returnable = tenders.filter((t) => RETURNABLE.has(t.kind));
  let tender = req.tenderLineNo !== undefined ? tenders.find((t) => t.line_no === req.tenderLineNo) : returnable.length === 1 ? returnable[0] : undefined;
  if (!tender) {
    throw new CoreError('BAD_INPUT', returnable.length === 0 ? `Receipt ${r.number} has no check, money order or remittance to return.` : `Receipt ${r.number} has several checks; say which tender line was returned.`);
  }
  if (!RETURNABLE.has(tender.kind)) throw new CoreError('BAD_INPUT', `Tender ${tender.line_no} of ${r.number} is ${tender.kind}; only checks, money orders and remittances come back returned.`);
  if (db.prepare('SELECT 1 FROM returned_payments WHERE receipt_id = ? AND tender_line_no = ?').get(r.id, tender.line_no)) {
    throw new CoreError('ALREADY_RETURNED', `Tender ${tender.line_no} of receipt ${r.number} is already recorded as returned.`);
  }
  tender = tender!;

  // Undo the returned amount from the last receipt line backwards.
  const lines = db.prepare('SELECT rl.line_no, rl.account_id, rl.revenue_code, rl.amount_cents, rc.gl_code FROM receipt_lines rl LEFT JOIN revenue_codes rc ON rc.code = rl.revenue_code WHERE rl.receipt_id = ? ORDER BY rl.line_no DESC').all(r.id) as Array<{ line_no: number; account_id: number | null; revenue_code: string | null; amount_cents: number; gl_code: string | null }>;
  const allocs = db.prepare('SELECT al.id, al.charge_id, c.account_id, al.amount_cents FROM allocations al JOIN charges c ON c.id = al.charge_id WHERE al.entry_id = ? ORDER BY al.id DESC').all(r.entry_id) as Array<{ id: number; charge_id: number; account_id: number; amount_cents: number }>;
  // What earlier returns of this receipt already took back.
  const earlier = db.prepare('SELECT entry_id FROM returned_payments WHERE receipt_id = ?').all(r.id) as Array<{ entry_id: number }>;
  const undone = new Map<string, number>();
  for (const e of earlier) {
    for (const l of db.prepare('SELECT gl_code, account_id, amount_cents FROM journal_lines WHERE entry_id = ?').all(e.entry_id) as Array<{ gl_code: string; account_id: number | null; amount_cents: number }>) {
      const key = `${l.gl_code}:${l.account_id ?? ''}`;
      undone.set(key, (undone.get(key) ?? 0) + l.amount_cents);
    }
  }
  const allocUndone = new Map<number, number>();
  for (const e of earlier) for (const a of db.prepare('SELECT charge_id, amount_cents FROM allocations WHERE entry_id = ?').all(e.entry_id) as Array<{ charge_id: number; amount_cents: number }>) allocUndone.set(a.charge_id, (allocUndone.get(a.charge_id) ?? 0) - a.amount_cents);

  let left = tender.amount_cents;
  const journal: JournalLine[] = [{ glCode: TENDER_GL[tender.kind as 'check'], amountCents: -tender.amount_cents }];
  const negAllocs: Array<{ chargeId: number; amount: number }> = [];
  let firstAccount: number | null = null;
  for (const l of lines) {
    if (left === 0) break;
    const glCode = l.account_id !== null ? GL.receivables : l.gl_code!;
    const key = `${glCode}:${l.account_id ?? ''}`;
    const already = undone.get(key) ?? 0;
    const available = l.amount_cents - already;
    const take = Math.min(left, Math.max(0, available));
    if (take === 0) continue;
    undone.set(key, already + take);
    left -= take;
    journal.push({ glCode, accountId: l.account_id, amountCents: take, memo: `Returned ${tender.kind} ${tender.check_number ?? ''}`.trim() });
    if (l.account_id !== null) {
      firstAccount ??= l.account_id;
      // Unapplied credit from this payment goes first, then allocations newest first.
      const acctAllocs = allocs.filter((a) => a.account_id === l.account_id);
      const allocatedLeft = acctAllocs.reduce((s, a) => s + a.amount_cents - (allocUndone.get(a.charge_id) ?? 0), 0);
      const paidLeft = l.amount_cents - already;
      let toUnallocate = Math.max(0, take - Math.max(0, paidLeft - allocatedLeft));
      for (const a of acctAllocs) {
        if (toUnallocate === 0) break;
        const still = a.amount_cents - (allocUndone.get(a.charge_id) ?? 0);
        const u = Math.min(still, toUnallocate);
        if (u <= 0) continue;
        allocUndone.set(a.charge_id, (allocUndone.get(a.charge_id) ?? 0) + u);
        negAllocs.push({ chargeId: a.charge_id, amount: -u });
        toUnallocate -= u;
      }
    }
  }
  if (left !== 0) throw new CoreError('CONFLICT', `Receipt ${r.number} has less left to return than ${tender.amount_cents} cents.`);
  const merged = new Map<string, JournalLine>();
  for (const j of journal) {
    const k = `${j.glCode}:${j.accountId ?? ''}`;
    const m = merged.get(k);
    if (m) m.amountCents += j.amountCents;
    else merged.set(k, { ...j });
  }
  const entryId = postEntry(db, {
    kind: 'returned_payment',
    businessDate: ctx.businessDate,
    postedAt: ctx.postedAt,
    userId: ctx.userId,
    approvedBy: ctx.approvedBy,
    station: ctx.station,
    memo: `Returned ${tender.kind} on ${r.number}: ${req.reason}`,
    reversesEntryId: r.entry_id,
    lines: [...merged.values()].filter((l) => l.amountCents !== 0),
  });
  const alloc = db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)');
  for (const a of negAllocs) alloc.run(entryId, a.chargeId, a.amount);

  let c: ReturnConsequences = { feeEntryId: null, feeCents: 0, cashOnlySet: false, letterId: null };
  if (firstAccount !== null) {
    c = applyReturnConsequences(db, {
      accountId: firstAccount,
      feeCents: ctx.feeCents,
      feeDescription: `Returned ${tender.kind === 'check' ? 'check' : 'payment'} fee${tender.check_number ? ` (check ${tender.check_number})` : ''}`,
      feeMemo: `Returned check fee (${r.number})`,
      returnedOn: req.returnedOn,
      letterSubject: `Returned ${tender.kind} on receipt ${r.number}`,
      letterDetails: (feeCents, cashOnly) => ({ receipt: r.number, tenderLineNo: tender.line_no, amountCents: tender.amount_cents, checkNumber: tender.check_number, feeCents, reason: req.reason, cashOnly }),
    }, ctx);
  }
  const { feeEntryId, feeCents, cashOnlySet, letterId } = c;
  db.prepare('INSERT INTO returned_payments (receipt_id, tender_line_no, entry_id, fee_entry_id, account_id, amount_cents, reason, returned_on, set_cash_only) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    r.id,
    tender.line_no,
    entryId,
    feeEntryId,
    firstAccount,
    tender.amount_cents,
    req.reason,
    req.returnedOn,
    cashOnlySet ? 1 : 0,
  );
  return { receiptId: r.id, feeCents, cashOnlySet, letterId };
}

export interface ReturnConsequences {
  feeEntryId: number | null;
  feeCents: number;
  cashOnlySet: boolean;
  letterId: number | null;
}

/**
 * What every returned payment brings on its account (counter checks and bank drafts alike): the
 * returned-payment fee as a new charge, cash-only after the second return in twelve months, and
 * a letter to send. Call it before recording the return itself (it counts the earlier ones).
 */
export function applyReturnConsequences(
  db: Db,
  p: {
    accountId: number;
    /** 0: no fee. */
    feeCents: number;
    feeDescription: string;
    feeMemo: string;
    returnedOn: string;
    letterSubject: string;
    letterDetails: (feeCents: number, cashOnly: boolean) => Record<string, unknown>;
  },
  ctx: Omit<ReturnContext, 'feeCents'>,
): ReturnConsequences {
  let feeEntryId: number | null = null;
  let feeCents = 0;
  let cashOnlySet = false;
  if (p.feeCents > 0) {
    feeCents = p.feeCents;
    feeEntryId = postEntry(db, {
      kind: 'fee',
      businessDate: ctx.businessDate,
      postedAt: ctx.postedAt,
      userId: ctx.userId,
      approvedBy: ctx.approvedBy,
      station: ctx.station,
      memo: p.feeMemo,
      lines: [
        { glCode: GL.receivables, accountId: p.accountId, amountCents: feeCents },
        { glCode: GL.fees, amountCents: -feeCents },
      ],
    });
    db.prepare("INSERT INTO charges (account_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, 'fee', ?, ?, ?, ?)").run(p.accountId, feeEntryId, p.feeDescription, GL.fees, feeCents, ctx.businessDate);
  }
  // Checks returned at the counter and returned bank drafts both count (account_returns).
  const recent = (db.prepare('SELECT count(*) AS n FROM account_returns WHERE account_id = ? AND returned_on > ?').get(p.accountId, addDays(p.returnedOn, -365)) as { n: number }).n;
  if (recent + 1 >= 2) {
    const was = db.prepare('SELECT cash_only FROM accounts WHERE id = ?').get(p.accountId) as { cash_only: number };
    if (!was.cash_only) {
      db.prepare('UPDATE accounts SET cash_only = 1 WHERE id = ?').run(p.accountId);
      cashOnlySet = true;
    }
  }
  const letterId = Number(
    db
      .prepare("INSERT INTO letters (account_id, kind, created_at, created_by, subject, details) VALUES (?, 'returned_payment', ?, ?, ?, ?)")
      .run(p.accountId, ctx.postedAt, ctx.userId, p.letterSubject, JSON.stringify(p.letterDetails(feeCents, cashOnlySet))).lastInsertRowid,
  );
  return { feeEntryId, feeCents, cashOnlySet, letterId };
}

export interface ReturnableQuery {
  checkNumber?: string | undefined;
  amountCents?: number | undefined;
  /** The business date the payment was taken. */
  date?: string | undefined;
  accountNumber?: string | undefined;
  receiptNumber?: string | undefined;
}

export interface ReturnableTender {
  receiptNumber: string;
  businessDate: string;
  postedAt: string;
  source: 'counter' | 'mail';
  tenderLineNo: number;
  kind: 'check' | 'money_order' | 'remittance';
  checkNumber: string | null;
  payer: string | null;
  amountCents: number;
  accounts: Array<{ accountNumber: string; name: string }>;
  voided: boolean;
  returned: { returnedOn: string; reason: string; letterId: number | null } | null;
}

const SEARCH_LIMIT = 50;

/**
 * The checks, money orders and remittances that match the bank's notice: by check number, amount,
 * date taken, account or receipt (any combination; every given one must match), newest first.
 */
export function findReturnable(db: Db, q: ReturnableQuery): { results: ReturnableTender[]; capped: boolean } {
  const where: string[] = ["t.kind IN ('check', 'money_order', 'remittance')"];
  const params: Record<string, string | number> = {};
  if (q.checkNumber) {
    where.push("ltrim(coalesce(t.check_number, t.reference, ''), '0') = ltrim(@checkNumber, '0')");
    params.checkNumber = q.checkNumber;
  }
  if (q.amountCents !== undefined) {
    where.push('t.amount_cents = @amount');
    params.amount = q.amountCents;
  }
  if (q.date) {
    where.push('r.business_date = @date');
    params.date = q.date;
  }
  if (q.receiptNumber) {
    where.push('r.number = upper(@receipt)');
    params.receipt = q.receiptNumber;
  }
  if (q.accountNumber) {
    // TownCounter's number or the old one (conversion): the account either names.
    const found = resolveAccountNumber(db, q.accountNumber);
    where.push('EXISTS (SELECT 1 FROM receipt_lines rl WHERE rl.receipt_id = r.id AND rl.account_id = @account)');
    params.account = found.id;
  }
  if (where.length === 1) throw new CoreError('BAD_INPUT', 'Give a check number, an amount, a date, an account or a receipt number.');
  const rows = db
    .prepare(
      `SELECT r.id, r.number, r.business_date, r.posted_at, r.mail_batch_id, r.payer AS receipt_payer, r.entry_id, t.line_no, t.kind, coalesce(t.check_number, t.reference) AS check_number, t.payer, t.amount_cents,
              EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id AND v.kind = 'void') AS voided
         FROM receipt_tenders t JOIN receipts r ON r.id = t.receipt_id
        WHERE ${where.join(' AND ')}
        ORDER BY r.business_date DESC, r.id DESC, t.line_no LIMIT ${SEARCH_LIMIT + 1}`,
    )
    .all(params) as Array<{ id: number; number: string; business_date: string; posted_at: string; mail_batch_id: number | null; receipt_payer: string | null; line_no: number; kind: ReturnableTender['kind']; check_number: string | null; payer: string | null; amount_cents: number; voided: number }>;
  const accountsOf = db.prepare('SELECT DISTINCT a.number AS accountNumber, c.display_name AS name FROM receipt_lines rl JOIN accounts a ON a.id = rl.account_id JOIN customers c ON c.id = a.customer_id WHERE rl.receipt_id = ? ORDER BY rl.line_no');
  const returnedOf = db.prepare('SELECT returned_on, reason FROM returned_payments WHERE receipt_id = ? AND tender_line_no = ?');
  const letterOf = db.prepare("SELECT max(id) AS id FROM letters WHERE kind = 'returned_payment' AND json_extract(details, '$.receipt') = ? AND coalesce(json_extract(details, '$.tenderLineNo'), ?) = ?");
  const results = rows.slice(0, SEARCH_LIMIT).map((x) => {
    const ret = returnedOf.get(x.id, x.line_no) as { returned_on: string; reason: string } | undefined;
    return {
      receiptNumber: x.number,
      businessDate: x.business_date,
      postedAt: x.posted_at,
      source: x.mail_batch_id === null ? ('counter' as const) : ('mail' as const),
      tenderLineNo: x.line_no,
      kind: x.kind,
      checkNumber: x.check_number,
      payer: x.payer ?? x.receipt_payer,
      amountCents: x.amount_cents,
      accounts: accountsOf.all(x.id) as Array<{ accountNumber: string; name: string }>,
      voided: x.voided === 1,
      returned: ret ? { returnedOn: ret.returned_on, reason: ret.reason, letterId: (letterOf.get(x.number, x.line_no, x.line_no) as { id: number | null }).id } : null,
    };
  });
  return { results, capped: rows.length > SEARCH_LIMIT };
}

export interface ReturnedPaymentLetter {
  letterId: number;
  createdAt: string;
  subject: string;
  customer: { name: string; street: string; city: string; state: string; zip: string };
  accountNumber: string;
  receiptNumber: string | null;
  checkNumber: string | null;
  amountCents: number | null;
  feeCents: number;
  reason: string | null;
  cashOnly: boolean;
  balanceCents: number;
}

/** A recorded returned-payment letter with what it says and where it goes. */
export function returnedPaymentLetter(db: Db, letterId: number): ReturnedPaymentLetter {
  const l = db
    .prepare(
      `SELECT l.id, l.kind, l.created_at, l.subject, l.details, a.id AS account_id, a.number AS account_number, c.display_name, c.mail_street, c.mail_city, c.mail_state, c.mail_zip
         FROM letters l JOIN accounts a ON a.id = l.account_id JOIN customers c ON c.id = a.customer_id WHERE l.id = ?`,
    )
    .get(letterId) as { id: number; kind: string; created_at: string; subject: string; details: string | null; account_id: number; account_number: string; display_name: string; mail_street: string; mail_city: string; mail_state: string; mail_zip: string } | undefined;
  if (!l || l.kind !== 'returned_payment') throw new CoreError('NOT_FOUND', `No returned-payment letter ${letterId}.`);
  const d = (l.details ? JSON.parse(l.details) : {}) as { receipt?: string; amountCents?: number; checkNumber?: string | null; feeCents?: number; reason?: string; cashOnly?: boolean };
  const balance = (db.prepare(`SELECT coalesce(sum(amount_cents), 0) AS b FROM journal_lines WHERE account_id = ? AND gl_code = '${GL.receivables}'`).get(l.account_id) as { b: number }).b;
  return {
    letterId: l.id,
    createdAt: l.created_at,
    subject: l.subject,
    customer: { name: l.display_name, street: l.mail_street, city: l.mail_city, state: l.mail_state, zip: l.mail_zip },
    accountNumber: l.account_number,
    receiptNumber: d.receipt ?? null,
    checkNumber: d.checkNumber ?? null,
    amountCents: d.amountCents ?? null,
    feeCents: d.feeCents ?? 0,
    reason: d.reason ?? null,
    cashOnly: d.cashOnly === true,
    balanceCents: balance,
  };
}

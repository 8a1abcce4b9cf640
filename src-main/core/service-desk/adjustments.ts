// Bill adjustments: a reason code, the charge corrected, an amount up to what is open on it and
// an explanation. At or under adjustmentApprovalLimitCents it posts at once; over it, it waits
// for a supervisor (not the requester) to approve or reject. Posting is one journal entry kind
// 'adjustment' — Dr the charge's GL / Cr 1200 (account) — with an allocation of that entry to the
// charge, so the charge's open amount drops by the adjustment. Numbers ADJ-2026-S1-000123.
// Also bill research (consumption history, the 12-month average, bills flagged far from it) and
// the leak-adjustment calculator (the excess over the average billed at leakExcessRatePercent of
// the rate, priced with the RateBook), which turns into adjustment requests.
import type { AdjustmentReason, AdjustmentView, BillResearch, LeakCalculation, LeakLine, RequestAdjustmentInput, ResearchBill } from '../../../src-shared/ipc/adjustment-schemas';
import { ADJUSTMENT_REASON_LABELS, LeakCalculation as LeakCalculationSchema } from '../../../src-shared/ipc/adjustment-schemas';
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import { formatCents } from '../../../src-shared/money';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { RateBook, type ServiceClass } from '../billing/rates';
import { ensureBusinessDay } from '../counter/day';
import { localDate } from '../deps';
import { CoreError } from '../errors';
import { GL } from '../ledger/gl';
import { postEntry } from '../ledger/journal';
import { type DeskContext } from './arrangements';
import { addMonths } from '../deps';

const money = (c: number) => formatCents(c, { symbol: true });

interface ChargeRow {
  id: number;
  account_id: number;
  bill_id: number | null;
  kind: 'service' | 'penalty' | 'fee' | 'balance_forward';
  service: string | null;
  description: string;
  gl_code: string;
  amount_cents: number;
  due_date: string;
  open_cents: number;
  pending_cents: number;
}

function chargeOf(db: Db, chargeId: number): ChargeRow | undefined {
  return db
    .prepare(
      `SELECT c.id, c.account_id, c.bill_id, c.kind, c.service, c.description, c.gl_code, c.amount_cents, c.due_date,
              c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.charge_id = c.id), 0) AS open_cents,
              coalesce((SELECT sum(j.amount_cents) FROM adjustments j WHERE j.charge_id = c.id AND j.status = 'pending'), 0) AS pending_cents
         FROM charges c WHERE c.id = ?`,
    )
    .get(chargeId) as ChargeRow | undefined;
}

/** Why this charge can't be adjusted for this reason (null: it can). */
function chargeRefusal(c: ChargeRow, reason: AdjustmentReason): string | null {
  if (c.gl_code === GL.customerDeposits) return 'A deposit is not adjusted: it is applied or refunded by the service desk.';
  if (c.kind === 'balance_forward') return 'A balance moved from another account is adjusted on the charges it came from.';
  if (reason === 'penalty_waiver' && c.kind !== 'penalty') return 'A penalty waiver corrects a late-payment penalty; choose the penalty charge.';
  if ((reason === 'meter_misread' || reason === 'leak') && c.kind !== 'service') return 'A meter misread or leak corrects a service charge of a bill.';
  return null;
}

function nextNumber(db: Db, ctx: DeskContext): string {
  const year = Number(localDate(new Date(ctx.at), ctx.timeZone).slice(0, 4));
  db.prepare('INSERT INTO adjustment_sequences (station, year, next) VALUES (?, ?, 1) ON CONFLICT(station, year) DO NOTHING').run(ctx.station, year);
  const { next } = db.prepare('SELECT next FROM adjustment_sequences WHERE station = ? AND year = ?').get(ctx.station, year) as { next: number };
  if (next > 999_999) throw new CoreError('CONFLICT', `Station ${ctx.station} has used every adjustment number for ${year}.`);
  db.prepare('UPDATE adjustment_sequences SET next = next + 1 WHERE station = ? AND year = ?').run(ctx.station, year);
  return `ADJ-${year}-${ctx.station}-${String(next).padStart(6, '0')}`;
}

interface AdjustmentRow {
  id: number;
  number: string;
  account_id: number;
  account_number: string;
  customer_name: string;
  charge_id: number;
  reason_code: AdjustmentReason;
  amount_cents: number;
  explanation: string;
  status: 'pending' | 'posted' | 'rejected';
  requested_on: string;
  requested_at: string;
  requested_by: string | null;
  requested_by_id: number | null;
  station: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  entry_id: number | null;
  leak_bill_id: number | null;
  calculation: string | null;
  idempotency_key: string | null;
}

const SELECT = `SELECT j.id, j.number, j.account_id, a.number AS account_number, cu.display_name AS customer_name, j.charge_id, j.reason_code, j.amount_cents,
  j.explanation, j.status, j.requested_on, j.requested_at, ru.display_name AS requested_by, j.requested_by AS requested_by_id, j.station, j.decided_at,
  du.display_name AS decided_by, j.decision_reason, j.entry_id, j.leak_bill_id, j.calculation, j.idempotency_key
  FROM adjustments j JOIN accounts a ON a.id = j.account_id JOIN customers cu ON cu.id = a.customer_id
  LEFT JOIN users ru ON ru.id = j.requested_by LEFT JOIN users du ON du.id = j.decided_by`;

function toView(db: Db, r: AdjustmentRow, limitCents: number): AdjustmentView {
  const c = chargeOf(db, r.charge_id)!;
  return {
    id: r.id,
    number: r.number,
    accountId: r.account_id,
    accountNumber: r.account_number,
    customerName: r.customer_name,
    chargeId: r.charge_id,
    chargeDescription: c.description,
    chargeDueDate: c.due_date,
    chargeAmountCents: c.amount_cents,
    chargeOpenCents: c.open_cents,
    reasonCode: r.reason_code,
    reasonLabel: ADJUSTMENT_REASON_LABELS[r.reason_code],
    amountCents: r.amount_cents,
    explanation: r.explanation,
    status: r.status,
    requestedOn: r.requested_on,
    requestedAt: r.requested_at,
    requestedBy: r.requested_by,
    station: r.station,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    entryId: r.entry_id,
    leakBillId: r.leak_bill_id,
    calculation: r.calculation === null ? null : LeakCalculationSchema.parse(JSON.parse(r.calculation)),
    needsApproval: r.status === 'pending' || r.amount_cents > limitCents,
  };
}

export function getAdjustment(db: Db, adjustmentId: number, limitCents: number): AdjustmentView {
  const r = db.prepare(`${SELECT} WHERE j.id = ?`).get(adjustmentId) as AdjustmentRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No adjustment ${adjustmentId}.`);
  return toView(db, r, limitCents);
}

export function listAdjustments(db: Db, filter: { status?: 'pending' | 'posted' | 'rejected'; accountId?: number; limit: number }, limitCents: number): AdjustmentView[] {
  const rows = db
    .prepare(`${SELECT} WHERE (@status IS NULL OR j.status = @status) AND (@account IS NULL OR j.account_id = @account) ORDER BY j.id DESC LIMIT @limit`)
    .all({ status: filter.status ?? null, account: filter.accountId ?? null, limit: filter.limit }) as AdjustmentRow[];
  return rows.map((r) => toView(db, r, limitCents));
}

/** Posts an adjustment's entry and its allocation to the charge. Inside the caller's transaction. */
function post(db: Db, adjustmentId: number, ctx: DeskContext, approvedBy: number | null): number {
  const r = db.prepare('SELECT number, account_id, charge_id, reason_code, amount_cents FROM adjustments WHERE id = ?').get(adjustmentId) as {
    number: string;
    account_id: number;
    charge_id: number;
    reason_code: AdjustmentReason;
    amount_cents: number;
  };
  const c = chargeOf(db, r.charge_id)!;
  if (r.amount_cents > c.open_cents) {
    throw new CoreError('CONFLICT', `${r.number} is for ${money(r.amount_cents)} but only ${money(c.open_cents)} is still open on "${c.description}" (it was paid or adjusted meanwhile); reject it and request a new one.`, {
      openCents: c.open_cents,
    });
  }
  const businessDate = ensureBusinessDay(db, ctx.userId, ctx.today, ctx.at);
  const memo = `${r.number} ${ADJUSTMENT_REASON_LABELS[r.reason_code]}`;
  const entryId = postEntry(db, {
    kind: 'adjustment',
    businessDate,
    postedAt: ctx.at,
    userId: ctx.userId,
    approvedBy,
    station: ctx.station,
    memo,
    lines: [
      { glCode: c.gl_code, accountId: null, amountCents: r.amount_cents, memo: c.description },
      { glCode: GL.receivables, accountId: r.account_id, amountCents: -r.amount_cents, memo },
    ],
  });
  db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)').run(entryId, r.charge_id, r.amount_cents);
  return entryId;
}

interface NewRequest {
  accountId: number;
  chargeId: number;
  reasonCode: AdjustmentReason;
  amountCents: number;
  explanation: string;
  idempotencyKey: string | null;
  leakBillId?: number | null;
  calculation?: LeakCalculation | null;
}

function insertRequest(db: Db, q: NewRequest, ctx: DeskContext, s: SettingsValues, holdForApproval: boolean): { id: number; posted: boolean } {
  const acct = db.prepare('SELECT id, number, status FROM accounts WHERE id = ?').get(q.accountId) as { id: number; number: string; status: string } | undefined;
  if (!acct) throw new CoreError('NOT_FOUND', `No account ${q.accountId}.`);
  if (acct.status === 'closed') throw new CoreError('ACCOUNT_STATUS', `Account ${acct.number} is closed; it takes no adjustments.`);
  const c = chargeOf(db, q.chargeId);
  if (!c || c.account_id !== acct.id) throw new CoreError('NOT_FOUND', `Account ${acct.number} has no charge ${q.chargeId}.`, { field: 'chargeId' });
  const refusal = chargeRefusal(c, q.reasonCode);
  if (refusal) throw new CoreError('BAD_INPUT', refusal, { field: 'chargeId' });
  const available = c.open_cents - c.pending_cents;
  if (q.amountCents > available) {
    throw new CoreError(
      'BAD_INPUT',
      `The adjustment (${money(q.amountCents)}) is more than the ${money(available)} open on "${c.description}"${c.pending_cents > 0 ? ` (after ${money(c.pending_cents)} already waiting for approval)` : ''}.`,
      { field: 'amountCents', openCents: c.open_cents, pendingCents: c.pending_cents },
    );
  }
  const number = nextNumber(db, ctx);
  const pending = holdForApproval || q.amountCents > s.adjustmentApprovalLimitCents;
  const id = Number(
    db
      .prepare(
        `INSERT INTO adjustments (number, account_id, charge_id, reason_code, amount_cents, explanation, status, requested_on, requested_at, requested_by, station, leak_bill_id, calculation, idempotency_key)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(number, acct.id, c.id, q.reasonCode, q.amountCents, q.explanation, ctx.today, ctx.at, ctx.userId, ctx.station, q.leakBillId ?? null, q.calculation ? JSON.stringify(q.calculation) : null, q.idempotencyKey).lastInsertRowid,
  );
  recordAudit(db, {
    at: ctx.at,
    userId: ctx.userId,
    station: ctx.station,
    action: 'adjustments.request',
    subject: number,
    reason: q.explanation,
    details: { account: acct.number, chargeId: c.id, reasonCode: q.reasonCode, amountCents: q.amountCents, pending },
  });
  if (!pending) {
    const entryId = post(db, id, ctx, null);
    db.prepare("UPDATE adjustments SET status = 'posted', entry_id = ?, decided_at = ?, decided_by = ?, decision_reason = ? WHERE id = ?").run(
      entryId,
      ctx.at,
      ctx.userId,
      `within the ${money(s.adjustmentApprovalLimitCents)} approval limit`,
      id,
    );
  }
  return { id, posted: !pending };
}

/** A clerk's (or supervisor's) request; posts at once when within the approval limit. Inside the caller's transaction. */
export function requestAdjustment(db: Db, input: RequestAdjustmentInput, ctx: DeskContext, s: SettingsValues): AdjustmentView {
  const prior = db.prepare(`${SELECT} WHERE j.idempotency_key = ?`).get(input.idempotencyKey) as AdjustmentRow | undefined;
  if (prior) {
    if (prior.account_id !== input.accountId || prior.charge_id !== input.chargeId || prior.amount_cents !== input.amountCents) {
      throw new CoreError('IDEMPOTENCY_CONFLICT', 'That request key was used for a different adjustment.');
    }
    return toView(db, prior, s.adjustmentApprovalLimitCents);
  }
  const { id } = insertRequest(db, { ...input, idempotencyKey: input.idempotencyKey }, ctx, s, false);
  return getAdjustment(db, id, s.adjustmentApprovalLimitCents);
}

function pendingRow(db: Db, adjustmentId: number): AdjustmentRow {
  const r = db.prepare(`${SELECT} WHERE j.id = ?`).get(adjustmentId) as AdjustmentRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No adjustment ${adjustmentId}.`);
  if (r.status !== 'pending') throw new CoreError('BAD_TRANSITION', `${r.number} is already ${r.status}.`);
  return r;
}

export function approveAdjustment(db: Db, adjustmentId: number, ctx: DeskContext, s: SettingsValues): AdjustmentView {
  const r = pendingRow(db, adjustmentId);
  if (r.requested_by_id === ctx.userId) throw new CoreError('NEEDS_SUPERVISOR', `${r.number} is your own request: another supervisor approves it.`);
  const entryId = post(db, r.id, ctx, ctx.userId);
  db.prepare("UPDATE adjustments SET status = 'posted', entry_id = ?, decided_at = ?, decided_by = ?, decision_reason = 'approved' WHERE id = ?").run(entryId, ctx.at, ctx.userId, r.id);
  recordAudit(db, {
    at: ctx.at,
    userId: r.requested_by_id,
    approvedBy: ctx.userId,
    station: ctx.station,
    action: 'adjustments.approve',
    subject: r.number,
    reason: r.explanation,
    details: { account: r.account_number, amountCents: r.amount_cents, entryId },
  });
  return getAdjustment(db, r.id, s.adjustmentApprovalLimitCents);
}

export function rejectAdjustment(db: Db, adjustmentId: number, reason: string, ctx: DeskContext, s: SettingsValues): AdjustmentView {
  const r = pendingRow(db, adjustmentId);
  db.prepare("UPDATE adjustments SET status = 'rejected', decided_at = ?, decided_by = ?, decision_reason = ? WHERE id = ?").run(ctx.at, ctx.userId, reason, r.id);
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'adjustments.reject', subject: r.number, reason, details: { account: r.account_number, amountCents: r.amount_cents } });
  return getAdjustment(db, r.id, s.adjustmentApprovalLimitCents);
}

/** What waits for a supervisor on the account (a pending adjustment is a dispute the cut-off list leaves alone). */
export function pendingAdjustmentCents(db: Db, accountId: number): number {
  return (db.prepare("SELECT coalesce(sum(amount_cents), 0) AS n FROM adjustments WHERE account_id = ? AND status = 'pending'").get(accountId) as { n: number }).n;
}

// Bill research ----------------------------------------------------------------------------

interface BillRow {
  id: number;
  bill_kind: 'regular' | 'final';
  bill_date: string;
  period_from: string;
  period_to: string;
  water_gallons: number | null;
  electric_kwh: number | null;
  total_cents: number;
}

const BILL_SELECT = 'SELECT id, bill_kind, bill_date, period_from, period_to, water_gallons, electric_kwh, total_cents FROM bills';

function average(values: Array<number | null>): number | null {
  const v = values.filter((x): x is number => x !== null);
  if (v.length === 0) return null;
  return Math.round(v.reduce((a, b) => a + b, 0) / v.length);
}

function percentOff(value: number | null, avg: number | null): number | null {
  if (value === null || avg === null || avg === 0) return null;
  return Math.round(((value - avg) * 100) / avg);
}

export function billResearch(db: Db, accountId: number, today: string, s: SettingsValues): BillResearch {
  const acct = db.prepare('SELECT id, number FROM accounts WHERE id = ?').get(accountId) as { id: number; number: string } | undefined;
  if (!acct) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
  const since = addMonths(today, -12);
  const bills = db.prepare(`${BILL_SELECT} WHERE account_id = ? AND bill_date > ? ORDER BY bill_date DESC, id DESC`).all(acct.id, addMonths(today, -24)) as BillRow[];
  const recent = bills.filter((b) => b.bill_date > since && b.bill_date <= today);
  const avgWater = average(recent.map((b) => b.water_gallons));
  const avgKwh = average(recent.map((b) => b.electric_kwh));
  const leakOpen = new Set(
    (
      db
        .prepare(
          `SELECT DISTINCT c.bill_id FROM charges c WHERE c.account_id = ? AND c.service IN ('water', 'sewer') AND c.bill_id IS NOT NULL
             AND c.amount_cents > coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.charge_id = c.id), 0)`,
        )
        .all(acct.id) as Array<{ bill_id: number }>
    ).map((r) => r.bill_id),
  );
  const out: ResearchBill[] = bills.map((b) => {
    const w = percentOff(b.water_gallons, avgWater);
    const e = percentOff(b.electric_kwh, avgKwh);
    return {
      billId: b.id,
      billKind: b.bill_kind,
      billDate: b.bill_date,
      periodFrom: b.period_from,
      periodTo: b.period_to,
      waterGallons: b.water_gallons,
      electricKwh: b.electric_kwh,
      totalCents: b.total_cents,
      waterPercentOff: w,
      electricPercentOff: e,
      flagged: (w !== null && Math.abs(w) > s.billResearchFlagPercent) || (e !== null && Math.abs(e) > s.billResearchFlagPercent),
      leakEligible: b.water_gallons !== null && leakOpen.has(b.id),
    };
  });
  const charges = db
    .prepare(
      `SELECT c.id, c.description, c.kind, c.due_date AS dueDate, c.amount_cents AS amountCents,
              c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.charge_id = c.id), 0) AS openCents,
              coalesce((SELECT sum(j.amount_cents) FROM adjustments j WHERE j.charge_id = c.id AND j.status = 'pending'), 0) AS pendingCents
         FROM charges c WHERE c.account_id = ? ORDER BY c.due_date, c.id`,
    )
    .all(acct.id) as BillResearch['openCharges'];
  return {
    accountId: acct.id,
    accountNumber: acct.number,
    asOf: today,
    flagPercent: s.billResearchFlagPercent,
    averageWaterGallons: avgWater,
    averageElectricKwh: avgKwh,
    averageOverBills: recent.filter((b) => b.water_gallons !== null || b.electric_kwh !== null).length,
    bills: out,
    openCharges: charges.filter((c) => c.openCents > 0),
  };
}

// Leak adjustments -------------------------------------------------------------------------

/** Why no leak adjustment may be requested for this bill today (null: it may). */
function leakRefusal(db: Db, accountId: number, billId: number, today: string, s: SettingsValues): string | null {
  const same = db.prepare("SELECT number FROM adjustments WHERE leak_bill_id = ? AND status <> 'rejected' LIMIT 1").get(billId) as { number: string } | undefined;
  if (same) return `This bill already has a leak adjustment (${same.number}).`;
  const used = (
    db.prepare("SELECT count(DISTINCT leak_bill_id) AS n FROM adjustments WHERE account_id = ? AND reason_code = 'leak' AND status <> 'rejected' AND requested_on > ?").get(accountId, addMonths(today, -12)) as {
      n: number;
    }
  ).n;
  if (used >= s.leakMaxPer12Months) return `The town allows ${s.leakMaxPer12Months} leak adjustment(s) per 12 months; this account has had ${used}.`;
  return null;
}

export function leakCalculation(db: Db, accountId: number, billId: number, today: string, s: SettingsValues): LeakCalculation {
  const bill = db.prepare(`${BILL_SELECT} WHERE id = ? AND account_id = ?`).get(billId, accountId) as BillRow | undefined;
  if (!bill) throw new CoreError('NOT_FOUND', `Account ${accountId} has no bill ${billId}.`, { field: 'billId' });
  if (bill.water_gallons === null) throw new CoreError('BAD_INPUT', 'That bill has no water reading; a leak adjustment needs one.', { field: 'billId' });
  const loc = db.prepare('SELECT l.service_class, l.inside_limits, l.eru_hundredths FROM accounts a JOIN service_locations l ON l.id = a.location_id WHERE a.id = ?').get(accountId) as {
    service_class: ServiceClass;
    inside_limits: number;
    eru_hundredths: number;
  };
  const history = db
    .prepare('SELECT water_gallons FROM bills WHERE account_id = ? AND id <> ? AND water_gallons IS NOT NULL AND bill_date < ? AND bill_date > ?')
    .all(accountId, bill.id, bill.bill_date, addMonths(bill.bill_date, -12)) as Array<{ water_gallons: number }>;
  if (history.length === 0) throw new CoreError('BAD_INPUT', `The account has no bill with a water reading in the 12 months before ${bill.bill_date}; there is no average to compare with.`, { field: 'billId' });
  const avg = average(history.map((h) => h.water_gallons))!;
  const excess = bill.water_gallons - avg;
  if (excess <= 0) {
    throw new CoreError('BAD_INPUT', `This bill's ${bill.water_gallons.toLocaleString('en-US')} gallons are not above the 12-month average of ${avg.toLocaleString('en-US')}; there is no excess to adjust.`, { field: 'billId' });
  }
  const charges = db
    .prepare(
      `SELECT c.id, c.service, c.amount_cents, c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.charge_id = c.id), 0) AS open_cents
         FROM charges c WHERE c.bill_id = ? AND c.kind = 'service' AND c.service IN ('water', 'sewer') ORDER BY c.service = 'sewer', c.id`,
    )
    .all(bill.id) as Array<{ id: number; service: 'water' | 'sewer'; amount_cents: number; open_cents: number }>;
  if (charges.length === 0) throw new CoreError('BAD_INPUT', 'That bill has no water or sewer charge.', { field: 'billId' });
  const book = RateBook.load(db);
  const pct = s.leakExcessRatePercent;
  const lines: LeakLine[] = [];
  const arithmetic: string[] = [
    `12-month average: ${avg.toLocaleString('en-US')} gallons over ${history.length} bill(s) before ${bill.bill_date}`,
    `Excess: ${bill.water_gallons.toLocaleString('en-US')} - ${avg.toLocaleString('en-US')} = ${excess.toLocaleString('en-US')} gallons, billed at ${pct}% of the rate`,
  ];
  for (const c of charges) {
    const subject = { insideLimits: loc.inside_limits === 1, eruHundredths: loc.eru_hundredths };
    const full = book.periodCharge(c.service, loc.service_class, { ...subject, units: bill.water_gallons }, bill.period_from, bill.period_to);
    const atAvg = book.periodCharge(c.service, loc.service_class, { ...subject, units: avg }, bill.period_from, bill.period_to);
    if (!full || !atAvg) continue;
    const excessCents = full.cents - atAvg.cents;
    const reduced = Math.floor((excessCents * pct + 50) / 100);
    const adjustment = excessCents - reduced;
    lines.push({ service: c.service, chargeId: c.id, chargeCents: c.amount_cents, openCents: c.open_cents, fullCents: full.cents, averageCents: atAvg.cents, excessCents, reducedExcessCents: reduced, adjustmentCents: adjustment });
    const label = c.service === 'water' ? 'Water' : 'Sewer';
    arithmetic.push(
      `${label}: ${money(full.cents)} for ${bill.water_gallons.toLocaleString('en-US')} gal - ${money(atAvg.cents)} for ${avg.toLocaleString('en-US')} gal = ${money(excessCents)} excess; ` +
        `at ${pct}% ${money(reduced)}; adjustment ${money(excessCents)} - ${money(reduced)} = ${money(adjustment)}`,
    );
  }
  const total = lines.reduce((sum, l) => sum + l.adjustmentCents, 0);
  arithmetic.push(`Leak adjustment: ${money(total)}`);
  const limited = leakRefusal(db, accountId, bill.id, today, s);
  let refusal = limited;
  if (!refusal && total <= 0) refusal = 'The excess costs nothing more at the full rate; there is nothing to adjust.';
  if (!refusal) {
    const over = lines.find((l) => l.adjustmentCents > l.openCents);
    if (over) refusal = `The ${over.service} adjustment (${money(over.adjustmentCents)}) is more than the ${money(over.openCents)} still open on that charge.`;
  }
  return {
    accountId,
    billId: bill.id,
    billDate: bill.bill_date,
    periodFrom: bill.period_from,
    periodTo: bill.period_to,
    gallons: bill.water_gallons,
    averageGallons: avg,
    averageOverBills: history.length,
    excessGallons: excess,
    ratePercent: pct,
    lines,
    totalCents: total,
    arithmetic,
    refusal,
    limited: limited !== null,
  };
}

/** Turns a leak calculation into one adjustment per charge; over the approval limit in total, all wait. Inside the caller's transaction. */
export function requestLeakAdjustment(
  db: Db,
  input: { accountId: number; billId: number; explanation: string; idempotencyKey: string },
  ctx: DeskContext,
  s: SettingsValues,
): { adjustments: AdjustmentView[]; calculation: LeakCalculation } {
  const prior = db.prepare('SELECT id FROM adjustments WHERE idempotency_key LIKE ? ORDER BY id').all(`${input.idempotencyKey}#%`) as Array<{ id: number }>;
  if (prior.length > 0) {
    const views = prior.map((p) => getAdjustment(db, p.id, s.adjustmentApprovalLimitCents));
    if (views[0]!.accountId !== input.accountId || views[0]!.leakBillId !== input.billId) throw new CoreError('IDEMPOTENCY_CONFLICT', 'That request key was used for a different adjustment.');
    return { adjustments: views, calculation: views[0]!.calculation! };
  }
  const calc = leakCalculation(db, input.accountId, input.billId, ctx.today, s);
  if (calc.refusal) throw new CoreError(calc.limited ? 'CONFLICT' : 'BAD_INPUT', calc.refusal, calc.limited ? { limit: 'leakMaxPer12Months' } : { field: 'billId' });
  const hold = calc.totalCents > s.adjustmentApprovalLimitCents;
  const ids: number[] = [];
  for (const l of calc.lines) {
    if (l.adjustmentCents <= 0) continue;
    const { id } = insertRequest(
      db,
      {
        accountId: input.accountId,
        chargeId: l.chargeId,
        reasonCode: 'leak',
        amountCents: l.adjustmentCents,
        explanation: input.explanation,
        idempotencyKey: `${input.idempotencyKey}#${l.service}`,
        leakBillId: calc.billId,
        calculation: calc,
      },
      ctx,
      s,
      hold,
    );
    ids.push(id);
  }
  return { adjustments: ids.map((id) => getAdjustment(db, id, s.adjustmentApprovalLimitCents)), calculation: calc };
}

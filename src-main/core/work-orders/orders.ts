// Work orders: the plain functions every capability calls inside its own transaction (a new
// service's connect order commits with the account; a cut-off's disconnect order with the
// cut-off), and the queries behind the dispatch board. Status moves only forward:
// new -> dispatched -> completed -> verified, or new/dispatched -> cancelled; each move is
// one row of history with who and when.
import type { CreateWorkOrderInput, Division, ReadingCheck, WorkOrderDetail, WorkOrderStatus, WorkOrderType, WorkOrderTypeView, WorkOrderView } from '../../../src-shared/ipc/work-order-schemas';
import type { Db } from '../../db/open-ledger';
import { formatAddress } from '../accounts/search-index';
import { localDate } from '../deps';
import { CoreError } from '../errors';
import { readSettings } from '../settings';
import { checkReading, lastReading, averageMonthly, meterInService, type ReadingPolicy } from './readings';
import { accountStatus, setAccountStatus } from '../service-desk/status';

export interface WoContext {
  /** Now, as an ISO instant. */
  at: string;
  userId: number;
  station: string;
  timeZone: string;
}

interface TypeRow {
  code: WorkOrderType;
  label: string;
  division: Division;
  target_hours: number;
  reads_meter: number;
  needs_account: number;
}

const toTypeView = (t: TypeRow): WorkOrderTypeView => ({ code: t.code, label: t.label, division: t.division, targetHours: t.target_hours, readsMeter: t.reads_meter === 1, needsAccount: t.needs_account === 1 });

export function listTypes(db: Db): WorkOrderTypeView[] {
  return (db.prepare('SELECT * FROM work_order_types ORDER BY sort_order').all() as TypeRow[]).map(toTypeView);
}

export function getType(db: Db, code: WorkOrderType): WorkOrderTypeView {
  const t = db.prepare('SELECT * FROM work_order_types WHERE code = ?').get(code) as TypeRow | undefined;
  if (!t) throw new CoreError('NOT_FOUND', `No work order type ${code}.`);
  return toTypeView(t);
}

const HOUR = 3_600_000;

interface OrderRow {
  id: number;
  number: string;
  type: WorkOrderType;
  type_label: string;
  target_hours: number;
  division: Division;
  status: WorkOrderStatus;
  priority: WorkOrderView['priority'];
  account_id: number | null;
  account_number: string | null;
  customer_name: string | null;
  location_id: number | null;
  address: string;
  landmark: string | null;
  meter_service: 'water' | 'electric' | null;
  meter_number: string | null;
  medical_alert_until: string | null;
  customer_words: string | null;
  instructions: string | null;
  source: WorkOrderView['source'];
  station: string;
  created_at: string;
  created_by: string;
  due_at: string;
  crew_id: number | null;
  crew_name: string | null;
  route_seq: number | null;
  dispatched_at: string | null;
  completed_at: string | null;
  reading: number | null;
  reading_flag: string | null;
  findings: string | null;
  materials: string | null;
  verified_at: string | null;
  verified_by_name: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

export const ORDER_SELECT = `
  SELECT w.id, w.number, w.type, t.label AS type_label, t.target_hours, w.division, w.status, w.priority,
         w.account_id, a.number AS account_number, c.display_name AS customer_name, a.medical_alert_until, w.location_id,
         w.address, w.landmark, w.meter_service, w.meter_number, w.customer_words, w.instructions,
         w.source, w.station, w.created_at, cu.username AS created_by, w.due_at, w.crew_id,
         cr.name AS crew_name, w.route_seq, w.dispatched_at, w.completed_at, w.reading, w.reading_flag,
         w.findings, w.materials, w.verified_at, vu.username AS verified_by_name, w.cancelled_at, w.cancel_reason
    FROM work_orders w
    JOIN work_order_types t ON t.code = w.type
    JOIN users cu ON cu.id = w.created_by
    LEFT JOIN accounts a ON a.id = w.account_id
    LEFT JOIN customers c ON c.id = a.customer_id
    LEFT JOIN crews cr ON cr.id = w.crew_id
    LEFT JOIN users vu ON vu.id = w.verified_by`;

/**
 * A work order as shown. `today` (the town's date) hides a Medical Alert certification that has
 * expired: crews see the flag only while it is in force.
 */
export function toView(r: OrderRow, nowMs: number, today: string): WorkOrderView {
  const created = Date.parse(r.created_at);
  const end = r.completed_at ? Date.parse(r.completed_at) : r.cancelled_at ? Date.parse(r.cancelled_at) : nowMs;
  const overdue = r.status === 'cancelled' ? false : r.completed_at ? r.completed_at > r.due_at : nowMs > Date.parse(r.due_at);
  return {
    id: r.id,
    number: r.number,
    type: r.type,
    typeLabel: r.type_label,
    division: r.division,
    status: r.status,
    priority: r.priority,
    accountId: r.account_id,
    accountNumber: r.account_number,
    customerName: r.customer_name,
    medicalAlertUntil: r.medical_alert_until !== null && r.medical_alert_until >= today ? r.medical_alert_until : null,
    address: r.address,
    landmark: r.landmark,
    meterService: r.meter_service,
    meterNumber: r.meter_number,
    customerWords: r.customer_words,
    instructions: r.instructions,
    source: r.source,
    station: r.station,
    createdAt: r.created_at,
    createdBy: r.created_by,
    dueAt: r.due_at,
    targetHours: r.target_hours,
    overdue,
    ageHours: Math.max(0, Math.round(((end - created) / HOUR) * 10) / 10),
    crewId: r.crew_id,
    crewName: r.crew_name,
    routeSeq: r.route_seq,
    dispatchedAt: r.dispatched_at,
    completedAt: r.completed_at,
    reading: r.reading,
    readingFlag: r.reading_flag,
    findings: r.findings,
    materials: r.materials,
    verifiedAt: r.verified_at,
    verifiedBy: r.verified_by_name,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
  };
}

/** The town's date at an instant (Medical Alert certifications run through a town date). */
function townToday(db: Db, nowIso: string): string {
  return localDate(new Date(nowIso), readSettings(db).timeZone);
}

function orderRow(db: Db, id: number): OrderRow {
  const r = db.prepare(`${ORDER_SELECT} WHERE w.id = ?`).get(id) as OrderRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No work order with id ${id}.`);
  return r;
}

export function findOrderId(db: Db, ref: { id: number } | { number: string }): number {
  if ('id' in ref) return ref.id;
  const r = db.prepare('SELECT id FROM work_orders WHERE number = ?').get(ref.number) as { id: number } | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No work order ${ref.number}.`);
  return r.id;
}

export function getWorkOrder(db: Db, id: number, nowIso: string): WorkOrderDetail {
  const r = orderRow(db, id);
  const history = db
    .prepare(`SELECT e.at, u.username AS user, e.from_status AS "from", e.to_status AS "to", e.note FROM work_order_events e JOIN users u ON u.id = e.user_id WHERE e.work_order_id = ? ORDER BY e.id`)
    .all(id) as WorkOrderDetail['history'];
  const meter = r.meter_service && r.meter_number ? { service: r.meter_service, meterNumber: r.meter_number } : null;
  return {
    ...toView(r, Date.parse(nowIso), townToday(db, nowIso)),
    history,
    lastReading: meter ? lastReading(db, meter.service, meter.meterNumber) : null,
    averageMonthly: meter && r.account_id ? averageMonthly(db, r.account_id, meter.service) : null,
  };
}

export function ordersForAccount(db: Db, accountId: number, limit: number, nowIso: string): WorkOrderView[] {
  const now = Date.parse(nowIso);
  const today = townToday(db, nowIso);
  return (db.prepare(`${ORDER_SELECT} WHERE w.account_id = ? ORDER BY w.created_at DESC, w.id DESC LIMIT ?`).all(accountId, limit) as OrderRow[]).map((r) => toView(r, now, today));
}

function recordEvent(db: Db, orderId: number, ctx: WoContext, from: WorkOrderStatus | null, to: WorkOrderStatus, note: string | null, details?: unknown): void {
  db.prepare('INSERT INTO work_order_events (work_order_id, at, user_id, from_status, to_status, note, details) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    orderId,
    ctx.at,
    ctx.userId,
    from,
    to,
    note,
    details === undefined ? null : JSON.stringify(details),
  );
}

/** The next number for this station and year (town time): WO-2026-S1-000123. Never reused. */
function nextNumber(db: Db, ctx: WoContext): string {
  const year = Number(localDate(new Date(ctx.at), ctx.timeZone).slice(0, 4));
  db.prepare('INSERT INTO work_order_sequences (station, year, next) VALUES (?, ?, 1) ON CONFLICT(station, year) DO NOTHING').run(ctx.station, year);
  const { next } = db.prepare('SELECT next FROM work_order_sequences WHERE station = ? AND year = ?').get(ctx.station, year) as { next: number };
  if (next > 999_999) throw new CoreError('CONFLICT', `Station ${ctx.station} has used every work order number for ${year}.`);
  db.prepare('UPDATE work_order_sequences SET next = next + 1 WHERE station = ? AND year = ?').run(ctx.station, year);
  return `WO-${year}-${ctx.station}-${String(next).padStart(6, '0')}`;
}

interface AccountLocation {
  account_id: number;
  number: string;
  location_id: number;
  street: string;
  unit: string | null;
  city: string;
  water_meter: string | null;
  electric_meter: string | null;
}

/**
 * Creates a work order inside the caller's transaction. Other capabilities call this (connect,
 * final read, disconnect for non-payment, reconnect, re-read) with their own source.
 */
export function createWorkOrder(db: Db, input: Omit<CreateWorkOrderInput, 'idempotencyKey'> & { idempotencyKey?: string | null }, ctx: WoContext): WorkOrderDetail {
  if (input.idempotencyKey) {
    const prior = db.prepare('SELECT id, type, account_id FROM work_orders WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: number; type: string; account_id: number | null } | undefined;
    if (prior) {
      if (prior.type !== input.type || prior.account_id !== (input.accountId ?? null)) throw new CoreError('IDEMPOTENCY_CONFLICT', 'This request key was already used for a different work order.');
      return getWorkOrder(db, prior.id, ctx.at);
    }
  }
  const type = getType(db, input.type);
  let loc: AccountLocation | null = null;
  if (input.accountId !== undefined) {
    loc =
      (db
        .prepare('SELECT a.id AS account_id, a.number, l.id AS location_id, l.street, l.unit, l.city, l.water_meter, l.electric_meter FROM accounts a JOIN service_locations l ON l.id = a.location_id WHERE a.id = ?')
        .get(input.accountId) as AccountLocation | undefined) ?? null;
    if (!loc) throw new CoreError('NOT_FOUND', `No account with id ${input.accountId}.`);
  } else if (type.needsAccount) {
    throw new CoreError('BAD_INPUT', `A ${type.label.toLowerCase()} order is for an account: find the account first.`, { field: 'accountId' });
  }

  let meterService: 'water' | 'electric' | null = null;
  let meterNumber: string | null = null;
  if (type.readsMeter && loc) {
    const want = input.meterService ?? (input.division === 'electric' || type.division === 'electric' ? 'electric' : 'water');
    const meterOf = (s: 'water' | 'electric') => (s === 'water' ? loc.water_meter : loc.electric_meter);
    if (input.meterService) {
      if (!meterOf(input.meterService)) throw new CoreError('BAD_INPUT', `Account ${loc.number} has no ${input.meterService} meter.`, { field: 'meterService' });
      meterService = input.meterService;
    } else {
      meterService = meterOf(want) ? want : meterOf(want === 'water' ? 'electric' : 'water') ? (want === 'water' ? 'electric' : 'water') : null;
    }
    meterNumber = meterService ? meterOf(meterService) : null;
  }
  const division: Division = input.division ?? (meterService === 'electric' ? 'electric' : meterService === 'water' && type.division === 'electric' ? 'water' : type.division);

  // A second open order of the same type for the same meter (or, without a meter, the same account) is a duplicate.
  const dup = (
    meterNumber
      ? db.prepare("SELECT number FROM work_orders WHERE type = ? AND meter_service = ? AND meter_number = ? AND status IN ('new', 'dispatched')").get(type.code, meterService, meterNumber)
      : loc
        ? db.prepare("SELECT number FROM work_orders WHERE type = ? AND account_id = ? AND status IN ('new', 'dispatched')").get(type.code, loc.account_id)
        : undefined
  ) as { number: string } | undefined;
  if (dup) {
    throw new CoreError('DUPLICATE_WORK_ORDER', `${dup.number} is already open for this ${meterNumber ? `meter (${meterNumber})` : 'account'}: ${type.label.toLowerCase()}.`, { number: dup.number });
  }

  const address = loc ? `${formatAddress(loc.street, loc.unit)}, ${loc.city}` : input.address!;
  const number = nextNumber(db, ctx);
  const dueAt = new Date(Date.parse(ctx.at) + type.targetHours * HOUR).toISOString();
  const info = db
    .prepare(
      `INSERT INTO work_orders (number, type, division, account_id, location_id, address, landmark, meter_service, meter_number, priority,
         customer_words, instructions, source, station, created_by, created_at, due_at, status, idempotency_key)
       VALUES (@number, @type, @division, @accountId, @locationId, @address, @landmark, @meterService, @meterNumber, @priority,
         @customerWords, @instructions, @source, @station, @userId, @at, @dueAt, 'new', @key)`,
    )
    .run({
      number,
      type: type.code,
      division,
      accountId: loc?.account_id ?? null,
      locationId: loc?.location_id ?? null,
      address,
      landmark: input.landmark || null,
      meterService,
      meterNumber,
      priority: input.priority ?? 'normal',
      customerWords: input.customerWords || null,
      instructions: input.instructions || null,
      source: input.source,
      station: ctx.station,
      userId: ctx.userId,
      at: ctx.at,
      dueAt,
      key: input.idempotencyKey ?? null,
    });
  const id = Number(info.lastInsertRowid);
  recordEvent(db, id, ctx, null, 'new', `created from ${input.source}`);
  return getWorkOrder(db, id, ctx.at);
}

function requireStatus(r: OrderRow, allowed: WorkOrderStatus[], doing: string): void {
  if (!allowed.includes(r.status)) {
    throw new CoreError('BAD_TRANSITION', `${r.number} is ${r.status}; it can't be ${doing}${allowed.length ? ` (only a ${allowed.join(' or ')} order can)` : ''}.`, { status: r.status });
  }
}

export function dispatchWorkOrder(db: Db, input: { id: number; crewId: number; routeSeq?: number }, ctx: WoContext): WorkOrderDetail {
  const r = orderRow(db, input.id);
  requireStatus(r, ['new', 'dispatched'], 'dispatched');
  const crew = db.prepare('SELECT id, name, division, active FROM crews WHERE id = ?').get(input.crewId) as { id: number; name: string; division: Division; active: number } | undefined;
  if (!crew || !crew.active) throw new CoreError('NOT_FOUND', `No active crew with id ${input.crewId}.`);
  if (crew.division !== r.division) throw new CoreError('BAD_INPUT', `${crew.name} is a ${crew.division} crew; ${r.number} is for ${r.division}.`, { field: 'crewId' });
  if (r.status === 'dispatched' && r.crew_id === crew.id && (input.routeSeq ?? r.route_seq) === r.route_seq) return getWorkOrder(db, r.id, ctx.at);
  db.prepare("UPDATE work_orders SET status = 'dispatched', crew_id = ?, route_seq = ?, dispatched_at = ?, dispatched_by = ? WHERE id = ?").run(crew.id, input.routeSeq ?? r.route_seq, ctx.at, ctx.userId, r.id);
  recordEvent(db, r.id, ctx, r.status, 'dispatched', r.status === 'dispatched' ? `moved from ${r.crew_name} to ${crew.name}` : `to ${crew.name}`, { crewId: crew.id });
  return getWorkOrder(db, r.id, ctx.at);
}

export function checkOrderReading(db: Db, id: number, reading: number, readCode: string, policy: ReadingPolicy, at: string): ReadingCheck {
  const r = orderRow(db, id);
  if (!r.meter_service || !r.meter_number) throw new CoreError('BAD_INPUT', `${r.number} has no meter to read.`, { field: 'reading' });
  const m = meterInService(db, r.meter_service, r.meter_number);
  return checkReading(db, { service: r.meter_service, meterNumber: r.meter_number, accountId: r.account_id }, reading, readCode, at, policy, m ? { dials: m.dials, multiplier: m.multiplier } : {});
}

export interface CompleteInput {
  id: number;
  completedAt?: string;
  reading?: number;
  readCode: 'ok' | 'meter_changed' | 'rollover' | 'no_access';
  findings: string;
  materials?: string;
  confirmAnyway: boolean;
}

export function completeWorkOrder(db: Db, input: CompleteInput, ctx: WoContext, policy: ReadingPolicy): { order: WorkOrderDetail; readingCheck: ReadingCheck | null } {
  const r = orderRow(db, input.id);
  requireStatus(r, ['dispatched'], 'completed');
  const completedAt = input.completedAt ? new Date(input.completedAt).toISOString() : ctx.at;
  if (completedAt > ctx.at) throw new CoreError('BAD_INPUT', 'The completion time is in the future.', { field: 'completedAt' });
  if (r.dispatched_at && completedAt < r.dispatched_at) throw new CoreError('BAD_INPUT', 'The completion time is before the order was dispatched.', { field: 'completedAt' });

  const hasMeter = r.meter_service !== null && r.meter_number !== null;
  const readsMeter = hasMeter && (db.prepare('SELECT reads_meter FROM work_order_types WHERE code = ?').get(r.type) as { reads_meter: number }).reads_meter === 1;
  let check: ReadingCheck | null = null;
  let flag: string | null = null;
  if (input.readCode === 'no_access') {
    if (input.reading !== undefined) throw new CoreError('BAD_INPUT', 'A "no access" visit has no reading.', { field: 'reading' });
  } else if (input.reading !== undefined) {
    if (!hasMeter) throw new CoreError('BAD_INPUT', `${r.number} has no meter to read.`, { field: 'reading' });
    const m = meterInService(db, r.meter_service!, r.meter_number!);
    check = checkReading(db, { service: r.meter_service!, meterNumber: r.meter_number!, accountId: r.account_id }, input.reading, input.readCode, completedAt, policy, m ? { dials: m.dials, multiplier: m.multiplier } : {});
    if (check.verdict === 'implausible') {
      if (!input.confirmAnyway) throw new CoreError('READING_IMPLAUSIBLE', `Check the reading: ${check.problems.join('; ')}. Confirm it to record it anyway (it will be flagged).`, check);
      flag = check.problems.join('; ');
    }
  } else if (readsMeter) {
    throw new CoreError('BAD_INPUT', `${r.number} needs the meter reading (or "no access").`, { field: 'reading' });
  }

  db.prepare("UPDATE work_orders SET status = 'completed', completed_at = ?, completed_by = ?, reading = ?, reading_flag = ?, findings = ?, materials = ? WHERE id = ?").run(
    completedAt,
    ctx.userId,
    input.reading ?? null,
    flag,
    input.findings,
    input.materials || null,
    r.id,
  );
  if (input.reading !== undefined && hasMeter) {
    // The meter it was read on, when the town keeps its meters (the billing run reads by meter).
    const meterId = meterInService(db, r.meter_service!, r.meter_number!)?.id ?? null;
    db.prepare(
      `INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, flag, work_order_id, entered_by, entered_at, meter_id)
       VALUES (?, ?, ?, ?, ?, 'work_order', ?, ?, ?, ?, ?, ?)`,
    ).run(r.location_id, r.meter_service, r.meter_number, localDate(new Date(completedAt), ctx.timeZone), input.reading, input.readCode, flag, r.id, ctx.userId, ctx.at, meterId);
  }
  // What the crew did to the service.
  let serviceState: 'on' | 'off' | null = null;
  if (r.account_id && input.readCode !== 'no_access') {
    if (r.type === 'connect' || r.type === 'reconnect') serviceState = 'on';
    if (r.type === 'disconnect_nonpay' || r.type === 'disconnect_request') serviceState = 'off';
    if (serviceState) db.prepare('UPDATE accounts SET service_state = ?, service_state_at = ? WHERE id = ?').run(serviceState, completedAt, r.account_id);
    // A pending account becomes active when its connect order is done (with its status history).
    if (r.type === 'connect' && accountStatus(db, r.account_id).status === 'pending') {
      setAccountStatus(db, r.account_id, 'active', { at: completedAt, userId: ctx.userId, reason: `connected (${r.number})` });
    }
  }
  recordEvent(db, r.id, ctx, 'dispatched', 'completed', flag ? `reading flagged: ${flag}` : null, { reading: input.reading ?? null, readCode: input.readCode, serviceState });
  return { order: getWorkOrder(db, r.id, ctx.at), readingCheck: check };
}

export function verifyWorkOrder(db: Db, input: { id: number; note?: string }, ctx: WoContext): WorkOrderDetail {
  const r = orderRow(db, input.id);
  requireStatus(r, ['completed'], 'verified');
  db.prepare("UPDATE work_orders SET status = 'verified', verified_at = ?, verified_by = ? WHERE id = ?").run(ctx.at, ctx.userId, r.id);
  recordEvent(db, r.id, ctx, 'completed', 'verified', input.note || null);
  return getWorkOrder(db, r.id, ctx.at);
}

export function cancelWorkOrder(db: Db, input: { id: number; reason: string }, ctx: WoContext): WorkOrderDetail {
  const r = orderRow(db, input.id);
  requireStatus(r, ['new', 'dispatched'], 'cancelled');
  db.prepare("UPDATE work_orders SET status = 'cancelled', cancelled_at = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ?").run(ctx.at, ctx.userId, input.reason, r.id);
  recordEvent(db, r.id, ctx, r.status, 'cancelled', input.reason);
  return getWorkOrder(db, r.id, ctx.at);
}

export interface BoardFilter {
  division?: Division;
  crewId?: number;
  minAgeHours?: number;
  overdueOnly: boolean;
  limitPerColumn: number;
}

const PRIORITY_RANK = "CASE w.priority WHEN 'emergency' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END";

/** The dispatch board: counts per column and the first orders of each (most urgent, then oldest). */
export function workOrderBoard(db: Db, f: BoardFilter, nowIso: string) {
  const now = Date.parse(nowIso);
  const params = {
    division: f.division ?? null,
    crew: f.crewId ?? null,
    createdBefore: f.minAgeHours !== undefined ? new Date(now - f.minAgeHours * HOUR).toISOString() : null,
    now: nowIso,
    overdueOnly: f.overdueOnly ? 1 : 0,
    limit: f.limitPerColumn,
  };
  const where = `w.status = @status AND (@division IS NULL OR w.division = @division) AND (@crew IS NULL OR w.crew_id = @crew)
    AND (@createdBefore IS NULL OR w.created_at <= @createdBefore)
    AND (@overdueOnly = 0 OR (CASE WHEN w.completed_at IS NOT NULL THEN w.completed_at > w.due_at ELSE w.due_at < @now END))`;
  const countStmt = db.prepare(
    `SELECT count(*) AS n, coalesce(sum(CASE WHEN w.completed_at IS NOT NULL THEN w.completed_at > w.due_at ELSE w.due_at < @now END), 0) AS overdue FROM work_orders w WHERE ${where}`,
  );
  const listStmt = db.prepare(`${ORDER_SELECT} WHERE ${where} ORDER BY ${PRIORITY_RANK}, w.created_at, w.id LIMIT @limit`);
  const today = townToday(db, nowIso);
  const columns = (['new', 'dispatched', 'completed'] as const).map((status) => {
    const c = countStmt.get({ ...params, status }) as { n: number; overdue: number };
    const rows = listStmt.all({ ...params, status }) as OrderRow[];
    return { status, count: c.n, overdue: c.overdue, orders: rows.map((r) => toView(r, now, today)), truncated: c.n > rows.length };
  });
  return { asOf: nowIso, columns };
}

// Held readings and what a clerk does with them: the list (by route and reason, with the
// account, meter, last reading, 12-month average and what an estimate would be), and the five
// resolutions — accept as read (an implausible one only when confirmed), correct, estimate from
// the 12-month average (never right after an estimate), send a re-read work order, dismiss with
// a reason. Each writes the meter_readings row where there is one and is audited. Also a single
// reading keyed by hand (the same checks as a file row) and an account's meters and readings.
import type { ExceptionReason, ExceptionView, ManualReadingInput, MeterView, ReadingView, ResolveInput } from '../../../src-shared/ipc/reading-schemas';
import type { Db } from '../../db/open-ledger';
import { formatAddress } from '../accounts/search-index';
import { recordAudit } from '../audit';
import { CoreError } from '../errors';
import { averageMonthly } from '../work-orders/readings';
import { createWorkOrder, type WoContext } from '../work-orders/orders';
import { metersOfLocation, type MeterRow } from './meters';
import { applyRow, evaluateRow, insertReading, lastBefore, newFileState, plausibility, type ReadingsCtx, type RowIn } from './readings-import';
import { prepareCached } from '../../db/statement-cache';

interface ExceptionRow {
  id: number;
  import_id: number | null;
  line: number | null;
  meter_id: number | null;
  service: 'water' | 'electric' | null;
  meter_number: string;
  account_id: number | null;
  account_number: string | null;
  customer_name: string | null;
  street: string | null;
  unit: string | null;
  city: string | null;
  route_code: string | null;
  read_on: string | null;
  value: number | null;
  raw_value: string | null;
  read_code: string | null;
  reader: string | null;
  comment: string | null;
  reason: ExceptionReason;
  detail: string;
  status: ExceptionView['status'];
  created_at: string;
  resolved_at: string | null;
  resolved_by_name: string | null;
  resolution_note: string | null;
  reading_id: number | null;
  work_order_id: number | null;
  work_order_number: string | null;
}

const EXCEPTION_SELECT = `
  SELECT e.*, a.number AS account_number, c.display_name AS customer_name, l.street, l.unit, l.city,
         u.username AS resolved_by_name, w.number AS work_order_number
    FROM reading_exceptions e
    LEFT JOIN accounts a ON a.id = e.account_id
    LEFT JOIN customers c ON c.id = a.customer_id
    LEFT JOIN meters m ON m.id = e.meter_id
    LEFT JOIN service_locations l ON l.id = coalesce(m.location_id, a.location_id)
    LEFT JOIN users u ON u.id = e.resolved_by
    LEFT JOIN work_orders w ON w.id = e.work_order_id`;

const DAY = 86_400_000;

function meterRow(db: Db, id: number | null): MeterRow | null {
  return id === null ? null : ((prepareCached(db, 'SELECT * FROM meters WHERE id = ?').get(id) as MeterRow | undefined) ?? null);
}

/** What Estimate would record: the last billing reading plus the 12-month average scaled to the days since. */
export function estimateFor(db: Db, meter: MeterRow, accountId: number | null, readOn: string): { value: number | null; refused: string | null } {
  const last = lastBefore(db, meter, readOn);
  if (last.readCode === 'estimated') return { value: null, refused: `The last billing reading (${last.value.toLocaleString('en-US')} on ${last.readOn}) was already an estimate: only a re-read.` };
  const avg = accountId ? averageMonthly(db, accountId, meter.service) : null;
  if (avg === null) return { value: null, refused: 'No 12-month average to estimate from (fewer than 3 bills): send a re-read.' };
  const days = Math.max(0, Math.round((Date.parse(readOn) - Date.parse(last.readOn)) / DAY));
  const units = Math.round(((avg / meter.multiplier) * days) / 30);
  return { value: (last.value + units) % 10 ** meter.dials, refused: null };
}

function toView(db: Db, r: ExceptionRow): ExceptionView {
  const meter = meterRow(db, r.meter_id);
  const day = r.read_on;
  const last = meter && day ? lastBefore(db, meter, day) : null;
  const avg = meter && r.account_id ? averageMonthly(db, r.account_id, meter.service) : null;
  const est = meter && day ? estimateFor(db, meter, r.account_id, day) : { value: null, refused: 'The meter or the read date is not known: key the reading by hand instead.' };
  return {
    id: r.id,
    importId: r.import_id,
    line: r.line,
    meterId: r.meter_id,
    service: r.service,
    meterNumber: r.meter_number,
    accountId: r.account_id,
    accountNumber: r.account_number,
    customerName: r.customer_name,
    address: r.street ? `${formatAddress(r.street, r.unit)}, ${r.city}` : null,
    routeCode: r.route_code,
    readOn: r.read_on,
    value: r.value,
    rawValue: r.raw_value,
    readCode: r.read_code,
    reader: r.reader,
    comment: r.comment,
    reason: r.reason,
    detail: r.detail,
    status: r.status,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by_name,
    resolutionNote: r.resolution_note,
    readingId: r.reading_id,
    workOrderId: r.work_order_id,
    workOrderNumber: r.work_order_number,
    // The last billing reading before the read date (or the meter's install register, code 'installed').
    lastReading: last ? { value: last.value, readOn: last.readOn, readCode: last.readCode } : null,
    averageMonthly: avg,
    estimate: { value: est.value, readOn: est.value !== null ? day : null, refused: est.refused },
  };
}

export function getException(db: Db, id: number): ExceptionView {
  const r = prepareCached(db, `${EXCEPTION_SELECT} WHERE e.id = ?`).get(id) as ExceptionRow | undefined;
  if (!r) throw new CoreError('NOT_FOUND', `No reading exception ${id}.`);
  return toView(db, r);
}

export function listExceptions(db: Db, f: { status: ExceptionView['status'] | 'all'; routeCode?: string; reason?: ExceptionReason; limit: number }) {
  const where = `(@status = 'all' OR e.status = @status) AND (@route IS NULL OR e.route_code = @route) AND (@reason IS NULL OR e.reason = @reason)`;
  const params = { status: f.status, route: f.routeCode ?? null, reason: f.reason ?? null, limit: f.limit };
  const rows = prepareCached(db, `${EXCEPTION_SELECT} WHERE ${where} ORDER BY e.route_code IS NULL, e.route_code, e.reason, e.meter_number, e.id LIMIT @limit`).all(params) as ExceptionRow[];
  const byReason = Object.fromEntries(
    (prepareCached(db, `SELECT e.reason, count(*) AS n FROM reading_exceptions e WHERE (@status = 'all' OR e.status = @status) AND (@route IS NULL OR e.route_code = @route) GROUP BY e.reason`).all(params) as Array<{ reason: ExceptionReason; n: number }>).map((r) => [r.reason, r.n]),
  ) as Partial<Record<ExceptionReason, number>>;
  const routes = (prepareCached(db, "SELECT DISTINCT route_code AS code FROM reading_exceptions WHERE route_code IS NOT NULL AND (@status = 'all' OR status = @status) ORDER BY 1").all(params) as Array<{ code: string }>).map((r) => r.code);
  const total = Object.entries(byReason).reduce((s, [k, n]) => s + (f.reason === undefined || f.reason === k ? (n ?? 0) : 0), 0);
  return { exceptions: rows.map((r) => toView(db, r)), total, byReason, routes };
}

interface ReadingRow {
  id: number;
  meter_id: number | null;
  service: 'water' | 'electric';
  meter_number: string;
  read_on: string;
  value: number;
  source: string;
  read_code: string;
  flag: string | null;
  reader: string | null;
  comment: string | null;
}

const toReading = (r: ReadingRow): ReadingView => ({
  id: r.id,
  meterId: r.meter_id,
  service: r.service,
  meterNumber: r.meter_number,
  readOn: r.read_on,
  value: r.value,
  source: r.source,
  readCode: r.read_code,
  flag: r.flag,
  reader: r.reader,
  comment: r.comment,
});

export function getReading(db: Db, id: number): ReadingView {
  return toReading(prepareCached(db, 'SELECT * FROM meter_readings WHERE id = ?').get(id) as ReadingRow);
}

/** Reasons a clerk may accept as read only after confirming (the reading itself is a number on a known meter). */
const CONFIRM_TO_ACCEPT: readonly ExceptionReason[] = ['high_consumption', 'low_consumption', 'tamper', 'account_mismatch', 'out_of_window'];

export function resolveException(db: Db, input: ResolveInput, ctx: ReadingsCtx, wo: WoContext): { exception: ExceptionView; reading: ReadingView | null; workOrderNumber: string | null } {
  const ex = prepareCached(db, 'SELECT * FROM reading_exceptions WHERE id = ?').get(input.exceptionId) as (ExceptionRow & { id: number }) | undefined;
  if (!ex) throw new CoreError('NOT_FOUND', `No reading exception ${input.exceptionId}.`);
  if (ex.status !== 'open') throw new CoreError('BAD_TRANSITION', `This exception was already resolved (${ex.status}).`, { status: ex.status });
  const meter = meterRow(db, ex.meter_id);
  const needMeter = (doing: string): MeterRow & { day: string } => {
    if (!meter || !ex.read_on) throw new CoreError('BAD_INPUT', `The meter or the read date is not known, so it can't be ${doing}: key the right reading by hand (manual entry) and dismiss this one.`, { field: 'exceptionId' });
    return Object.assign(meter, { day: ex.read_on });
  };
  const close = (status: ExceptionView['status'], note: string | null, readingId: number | null, workOrderId: number | null, details: unknown) => {
    prepareCached(db, 'UPDATE reading_exceptions SET status = ?, resolved_at = ?, resolved_by = ?, resolution_note = ?, reading_id = ?, work_order_id = ? WHERE id = ?').run(status, ctx.at, ctx.userId, note, readingId, workOrderId, ex.id);
    recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: `readings.exception.${input.action}`, subject: `${ex.meter_number} ${ex.read_on ?? ''}`.trim(), reason: note, details: { exceptionId: ex.id, reason: ex.reason, ...(details as object) } });
  };
  const source = ex.import_id !== null ? 'handheld' : 'manual';
  let readingId: number | null = null;
  let woNumber: string | null = null;

  switch (input.action) {
    case 'accept': {
      const m = needMeter('accepted');
      if (ex.value === null) throw new CoreError('BAD_INPUT', 'There is no reading to accept: correct it, estimate it or send a re-read.', { field: 'exceptionId' });
      if (ex.reason === 'lower_than_last' || ex.reason === 'estimated_twice' || ex.reason === 'not_numeric') {
        throw new CoreError('BAD_INPUT', ex.reason === 'estimated_twice' ? 'A second estimate in a row is never billed: send a re-read.' : 'A reading lower than the last one (and no rollover or meter change) can\'t be billed as read: correct it, estimate it or send a re-read.', { field: 'exceptionId' });
      }
      if (CONFIRM_TO_ACCEPT.includes(ex.reason) && !input.confirmAnyway) {
        throw new CoreError('READING_IMPLAUSIBLE', `Accept it as read anyway? ${ex.detail} Confirm to record it (it will be flagged).`, { reason: ex.reason, detail: ex.detail });
      }
      const readCode = ex.read_code === 'estimated' ? 'estimated' : ex.read_code === 'meter_changed' ? 'meter_changed' : 'ok';
      readingId = insertReading(db, { meter: m, readOn: m.day, value: ex.value, source, readCode, flag: `accepted as read: ${ex.detail}`.slice(0, 500), importId: ex.import_id, reader: ex.reader, comment: ex.comment }, ctx);
      close('accepted', input.note ?? null, readingId, null, { value: ex.value });
      break;
    }
    case 'correct': {
      const m = needMeter('corrected');
      const digits = String(input.value).length;
      if (digits > m.dials) throw new CoreError('BAD_INPUT', `${input.value} has more digits than meter ${m.number}'s ${m.dials} dials.`, { field: 'value' });
      const account = ex.account_id ? { id: ex.account_id } : null;
      const p = plausibility(db, m, account, input.value, m.day, lastBefore(db, m, m.day), ctx.policy);
      if (!p.ok && p.reason === 'lower_than_last') throw new CoreError('READING_IMPLAUSIBLE', `${p.detail}`, { reason: p.reason, detail: p.detail, confirmable: false });
      if (!p.ok && !input.confirmAnyway) throw new CoreError('READING_IMPLAUSIBLE', `Check the reading: ${p.detail} Confirm to record it anyway (it will be flagged).`, { reason: p.reason, detail: p.detail, confirmable: true });
      readingId = insertReading(db, { meter: m, readOn: m.day, value: input.value, source: 'manual', readCode: p.ok ? p.readCode : 'ok', flag: p.ok ? null : p.detail.slice(0, 500), importId: ex.import_id, reader: ex.reader, comment: ex.comment }, ctx);
      close('corrected', input.note ?? null, readingId, null, { before: ex.value, after: input.value });
      break;
    }
    case 'estimate': {
      const m = needMeter('estimated');
      const est = estimateFor(db, m, ex.account_id, m.day);
      if (est.value === null) throw new CoreError('CONFLICT', est.refused ?? 'No estimate.', { field: 'exceptionId' });
      readingId = insertReading(db, { meter: m, readOn: m.day, value: est.value, source: 'manual', readCode: 'estimated', flag: 'estimated from the 12-month average', importId: ex.import_id, reader: null, comment: null }, ctx);
      close('estimated', input.note ?? null, readingId, null, { value: est.value });
      break;
    }
    case 'reread': {
      if (!ex.account_id) throw new CoreError('BAD_INPUT', "No account is at this meter's location: a re-read order needs an account.", { field: 'exceptionId' });
      let order: { id: number; number: string };
      try {
        order = createWorkOrder(
          db,
          {
            type: 'reread',
            accountId: ex.account_id,
            meterService: ex.service ?? undefined,
            priority: 'normal',
            source: 'billing',
            instructions: input.instructions || `Re-read meter ${ex.meter_number}${ex.read_on ? ` (read ${ex.read_on}` : ''}${ex.raw_value ? `: ${ex.raw_value}` : ''}${ex.read_on ? ')' : ''} — ${ex.detail}`.slice(0, 1000),
            idempotencyKey: input.idempotencyKey,
          },
          wo,
        );
      } catch (err) {
        // An open re-read for the meter already: this exception waits on that one.
        if (!(err instanceof CoreError) || err.code !== 'DUPLICATE_WORK_ORDER') throw err;
        const number = (err.details as { number: string }).number;
        order = prepareCached(db, 'SELECT id, number FROM work_orders WHERE number = ?').get(number) as { id: number; number: string };
      }
      woNumber = order.number;
      close('reread', `re-read order ${order.number}`, null, order.id, { workOrder: order.number });
      break;
    }
    case 'dismiss':
      close('dismissed', input.reason, null, null, {});
      break;
  }
  return { exception: getException(db, ex.id), reading: readingId !== null ? getReading(db, readingId) : null, workOrderNumber: woNumber };
}

const HARD: readonly ExceptionReason[] = ['unknown_meter', 'meter_not_active', 'bad_date', 'out_of_window', 'not_numeric'];

/** One reading keyed by hand: refused at its field when it can't be a reading of that meter; held like a file row when a check fails. */
export function enterReading(db: Db, input: ManualReadingInput, ctx: ReadingsCtx) {
  const row: RowIn = {
    line: null,
    meterNumber: input.meterNumber,
    service: input.service,
    rawDate: input.readOn,
    readOn: input.readOn,
    rawValue: input.value,
    code: input.readCode,
    reader: input.reader,
    comment: input.comment,
  };
  const first = evaluateRow(db, row, { anyDay: true }, ctx, newFileState());
  if (first.kind === 'exception' && HARD.includes(first.reason)) {
    const field = first.reason === 'not_numeric' ? 'value' : first.reason === 'out_of_window' ? 'readOn' : 'meterNumber';
    throw new CoreError('BAD_INPUT', first.detail, { field, reason: first.reason });
  }
  const r = applyRow(db, row, { anyDay: true }, ctx, newFileState(), { source: 'manual', importId: null, fileName: null }, false);
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'readings.enter', subject: `${input.meterNumber} ${input.readOn}`, details: { value: input.value, readCode: input.readCode, outcome: r.kind, reason: r.kind === 'held' ? r.reason : null } });
  if (r.kind === 'accepted') return { outcome: 'accepted' as const, reading: getReading(db, r.readingId!), exception: null };
  if (r.kind === 'held') return { outcome: 'held' as const, reading: null, exception: getException(db, r.exceptionId!) };
  return { outcome: 'unchanged' as const, reading: null, exception: null };
}

/** The account's location's meters and its last readings, newest first. */
export function readingsForAccount(db: Db, accountId: number, limit: number): { meters: MeterView[]; readings: ReadingView[] } {
  const a = prepareCached(db, 'SELECT location_id FROM accounts WHERE id = ?').get(accountId) as { location_id: number } | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account with id ${accountId}.`);
  const readings = prepareCached(db, 'SELECT * FROM meter_readings WHERE location_id = ? OR meter_id IN (SELECT id FROM meters WHERE location_id = ?) ORDER BY read_on DESC, id DESC LIMIT ?')
    .all(a.location_id, a.location_id, limit) as ReadingRow[];
  return { meters: metersOfLocation(db, a.location_id), readings: readings.map(toReading) };
}

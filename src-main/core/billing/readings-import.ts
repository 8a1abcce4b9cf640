// Reading import (shared/formats/METER-READS.md): decode the file (UTF-8, else Windows-1252),
// parse it with the vendor profile (csv-parse, RFC 4180), refuse it whole when it is not the
// expected shape (naming line and column), then check every row — meter known and in service,
// account cross-check, date in the cycle's read window (cycle.ts, the one definition), numeric,
// not lower than the last unless a rollover past 10^dials - 1 or a meter change explains it,
// consumption within the limits of the 12-month average (work-orders/readings.ts checkReading),
// NA / TM / a second estimate in a row held. Accepted rows become meter_readings; the rest are
// held in reading_exceptions. Repeatable: a row already there is 'unchanged'; a different
// reading for a held meter and date replaces the held one (audited). The file is parsed a piece
// at a time and written in short transactions (~50 ms each), yielding between them, so a payment
// never waits long.
import { createHash } from 'node:crypto';
import { parse as parseStream } from 'csv-parse';
import type { ExceptionReason, ImportListItem, ImportSummary, ReadingField, ReadingProfile, RowCode } from '../../../src-shared/ipc/reading-schemas';
import { REQUIRED_FIELDS } from '../../../src-shared/ipc/reading-schemas';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { CoreError } from '../errors';
import { checkReading, type ReadingPolicy } from '../work-orders/readings';
import { cycleWindow, periodForReadDate, type CycleWindow } from './cycle';
import { accountAtLocation, meterOnDay, type AccountAtLocation, type MeterLookup, type MeterRow } from './meters';
import { prepareCached } from '../../db/statement-cache';

export interface ReadingsCtx {
  /** Now, as an ISO instant. */
  at: string;
  userId: number;
  station: string;
  /** Today in the town's time zone. */
  today: string;
  dueDays: number;
  policy: ReadingPolicy;
}

// Decoding and parsing ----------------------------------------------------------------------

function refuse(message: string, line: number | null, column: string | number | null): never {
  throw new CoreError('BAD_INPUT', message, { field: 'contentBase64', refused: true, line, column });
}

function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** The file's text: UTF-8 when it is valid UTF-8, else Windows-1252; a binary file is refused. */
export function decodeReadingFile(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const zero = bytes.indexOf(0);
  if (zero >= 0) {
    let line = 1;
    for (let i = 0; i < zero; i++) if (bytes[i] === 10) line++;
    refuse(`Line ${line}: the file holds a zero byte — it is not a text file (a spreadsheet, or UTF-16 text?). Export it as CSV text.`, line, null);
  }
  let text: string;
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    encoding = 'windows-1252';
  }
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.exec(text);
  if (bad) {
    const { line, column } = lineAndColumn(text, bad.index);
    refuse(`Line ${line}, character ${column}: a control character (code ${bad[0].charCodeAt(0)}) — the file is not ${encoding === 'utf-8' ? 'UTF-8' : 'UTF-8 or Windows-1252'} text.`, line, column);
  }
  return { text, encoding };
}

export interface FileRow {
  line: number;
  values: Partial<Record<ReadingField, string>>;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs', '|': 'vertical bars' };

/**
 * Splits the text into rows by the profile; refuses a file that is not the profile's shape.
 * The parser is fed a piece at a time with `pause` between pieces, so a cycle's file (tens of
 * megabytes) never holds the event loop for long: the counter keeps being answered meanwhile.
 */
export async function parseReadingFile(text: string, profile: ReadingProfile, pause?: () => Promise<void>): Promise<FileRow[]> {
  if (text.trim() === '') refuse('Line 1: the file is empty (no header row).', 1, null);
  const records: Array<{ record: string[]; info: { bytes: number } }> = [];
  const parser = parseStream({ delimiter: profile.delimiter, info: true, bom: true, skip_empty_lines: true, relax_quotes: false });
  let failure: unknown = null;
  parser.on('readable', () => {
    let r: unknown;
    while ((r = parser.read()) !== null) records.push(r as (typeof records)[number]);
  });
  const finished = new Promise<void>((resolve) => {
    parser.on('end', () => resolve());
    parser.on('error', (err) => {
      failure = err;
      resolve();
    });
  });
  const PIECE = 256 * 1024;
  for (let at = 0; at < text.length && failure === null; at += PIECE) {
    parser.write(text.slice(at, at + PIECE));
    await (pause ? pause() : Promise.resolve());
  }
  if (failure === null) parser.end();
  await finished;
  if (failure !== null) {
    const e = failure as { code?: string; lines?: number; message?: string; column?: number };
    const line = typeof e.lines === 'number' ? e.lines : null;
    if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      refuse(`Line ${line}: ${(e.message ?? '').replace(/^Invalid Record Length: /, '').replace(/ on line \d+$/, '')} fields — every row needs as many fields as the header (separated by ${DELIMITER_NAMES[profile.delimiter]}).`, line, e.column ?? null);
    }
    refuse(`Line ${line ?? '?'}: the file is not ${DELIMITER_NAMES[profile.delimiter]}-separated CSV the profile can read (${e.message ?? 'parse error'}).`, line, e.column ?? null);
  }
  if (records.length === 0) refuse('Line 1: the file is empty (no header row).', 1, null);
  const header = records[0]!.record.map((h) => h.trim().toLowerCase());
  // A one-column header that holds another delimiter: the file is separated differently.
  if (header.length === 1) {
    const other = Object.keys(DELIMITER_NAMES).find((d) => d !== profile.delimiter && header[0]!.includes(d));
    if (other) refuse(`Line 1: the header is one column; the file looks separated by ${DELIMITER_NAMES[other]}, but profile "${profile.name}" expects ${DELIMITER_NAMES[profile.delimiter]}.`, 1, 1);
  }
  const index = new Map<ReadingField, number>();
  for (const [field, col] of Object.entries(profile.columns) as Array<[ReadingField, string]>) {
    const i = header.indexOf(col.trim().toLowerCase());
    if (i >= 0) index.set(field, i);
    else if ((REQUIRED_FIELDS as readonly string[]).includes(field)) {
      refuse(`Line 1: column "${col}" (${field.replace('_', ' ')}) is missing; the header has ${records[0]!.record.map((h) => `"${h.trim()}"`).join(', ')}.`, 1, col);
    }
  }
  const rows: FileRow[] = [];
  // A row's line is where it starts in the file (csv-parse counts a CRLF inside quotes twice):
  // count the line feeds up to the first byte after the previous record and any blank lines.
  const bytes = Buffer.from(text, 'utf8');
  let counted = 0;
  let line = 1;
  let prevEnd = records[0]!.info.bytes;
  for (let n = 1; n < records.length; n++) {
    const r = records[n]!;
    if (n % 10_000 === 0 && pause) await pause();
    let pos = prevEnd;
    while (pos < bytes.length && (bytes[pos] === 10 || bytes[pos] === 13)) pos++;
    for (; counted < pos; counted++) if (bytes[counted] === 10) line++;
    const start = line;
    prevEnd = r.info.bytes;
    const values: FileRow['values'] = {};
    for (const [field, i] of index) values[field] = (r.record[i] ?? '').trim();
    rows.push({ line: start, values });
  }
  return rows;
}

/** Our code for a vendor's; a blank code is OK. Refuses the file on a code the profile doesn't know. */
export function rowCode(profile: ReadingProfile, raw: string | undefined, line: number): RowCode {
  const v = (raw ?? '').trim();
  if (v === '') return 'ok';
  const hit = Object.entries(profile.codes).find(([k]) => k.trim().toUpperCase() === v.toUpperCase());
  if (!hit) refuse(`Line ${line}, column "${profile.columns.read_code}": read code "${v}" is not one profile "${profile.name}" knows (${Object.keys(profile.codes).join(', ')}).`, line, profile.columns.read_code ?? null);
  return hit[1];
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return null;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The date in the first of the profile's formats that reads it, as YYYY-MM-DD; null when none does. */
export function parseReadDate(raw: string, formats: readonly ReadingProfile['dateFormats'][number][]): string | null {
  const s = raw.trim();
  for (const f of formats) {
    let m: RegExpExecArray | null = null;
    let out: string | null = null;
    if (f === 'YYYY-MM-DD' && (m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) out = validDate(+m[1]!, +m[2]!, +m[3]!);
    else if (f === 'MM/DD/YYYY' && (m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s))) out = validDate(+m[3]!, +m[1]!, +m[2]!);
    else if (f === 'M/D/YYYY' && (m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) out = validDate(+m[3]!, +m[1]!, +m[2]!);
    else if (f === 'MM/DD/YY' && (m = /^(\d{2})\/(\d{2})\/(\d{2})$/.exec(s))) out = validDate(2000 + +m[3]!, +m[1]!, +m[2]!);
    else if (f === 'YYYYMMDD' && (m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) out = validDate(+m[1]!, +m[2]!, +m[3]!);
    else if (f === 'MM-DD-YYYY' && (m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(s))) out = validDate(+m[3]!, +m[1]!, +m[2]!);
    if (out) return out;
  }
  return null;
}

// Checking one row --------------------------------------------------------------------------

export interface RowIn {
  line: number | null;
  meterNumber: string;
  service?: 'water' | 'electric';
  accountNumber?: string;
  route?: string;
  rawDate: string;
  readOn: string | null;
  rawValue: string;
  code: RowCode;
  reader?: string;
  comment?: string;
}

type ReadCode = 'ok' | 'estimated' | 'rollover' | 'meter_changed';
export interface Last {
  value: number;
  readOn: string;
  readCode: string;
}

export type Outcome =
  | { kind: 'accept'; meter: MeterRow; account: AccountAtLocation | null; routeCode: string | null; value: number; readCode: ReadCode; window: CycleWindow | null; flag: string | null }
  | { kind: 'exception'; reason: ExceptionReason; detail: string; meter: MeterRow | null; account: AccountAtLocation | null; routeCode: string | null; value: number | null; window: CycleWindow | null }
  | { kind: 'unchanged' };

/** What the file itself already accepted (a later row of the same meter compares with it). */
export interface FileState {
  last: Map<number, Last>;
  seen: Set<string>;
  /** Read windows already worked out, by cycle|period-or-day (the same few for a whole file). */
  windows: Map<string, CycleWindow | null>;
}

export const newFileState = (): FileState => ({ last: new Map(), seen: new Set(), windows: new Map() });

function windowFor(db: Db, state: FileState, cycle: number, period: string | undefined, day: string, dueDays: number): CycleWindow | null {
  const k = `${cycle}|${period ?? day}`;
  if (!state.windows.has(k)) state.windows.set(k, period ? cycleWindow(db, cycle, period, dueDays) : periodForReadDate(db, cycle, day, dueDays));
  return state.windows.get(k) ?? null;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The meter's last reading that counts (not no-access) before a day: this file's, the ledger's, else its install register. */
export function lastBefore(db: Db, meter: MeterRow, day: string, state?: FileState): Last {
  // Two index walks (by meter, and older rows keyed only by number) rather than one OR and a sort.
  const byMeter = prepareCached(db, "SELECT id, value, read_on AS readOn, read_code AS readCode FROM meter_readings WHERE meter_id = ? AND read_on < ? AND read_code <> 'no_access' ORDER BY read_on DESC, id DESC LIMIT 1").get(meter.id, day) as
    | (Last & { id: number })
    | undefined;
  const byNumber = prepareCached(
    db,
    "SELECT id, value, read_on AS readOn, read_code AS readCode FROM meter_readings WHERE service = ? AND meter_number = ? AND read_on >= ? AND read_on < ? AND meter_id IS NULL AND read_code <> 'no_access' ORDER BY read_on DESC, id DESC LIMIT 1",
  ).get(meter.service, meter.number, meter.installed_on, day) as (Last & { id: number }) | undefined;
  const r = !byNumber ? byMeter : !byMeter ? byNumber : byNumber.readOn > byMeter.readOn || (byNumber.readOn === byMeter.readOn && byNumber.id > byMeter.id) ? byNumber : byMeter;
  const mine = state?.last.get(meter.id);
  const best = mine && mine.readOn < day && (!r || mine.readOn >= r.readOn) ? mine : r ? { value: r.value, readOn: r.readOn, readCode: r.readCode } : undefined;
  return best ?? { value: meter.install_reading, readOn: meter.installed_on, readCode: 'installed' };
}

function routeOf(db: Db, locationId: number): { code: string | null; cycle: number | null } {
  const r = prepareCached(db, 'SELECT l.route_code AS code, r.cycle FROM service_locations l LEFT JOIN routes r ON r.code = l.route_code WHERE l.id = ?').get(locationId) as { code: string | null; cycle: number | null } | undefined;
  return r ?? { code: null, cycle: null };
}

export interface WindowRule {
  cycle?: number;
  period?: string;
  /** A reading keyed by hand (a final read, a re-read) may be taken on any day up to today. */
  anyDay?: boolean;
}

/** Checks one row; writes nothing. */
export function evaluateRow(db: Db, row: RowIn, rule: WindowRule, ctx: ReadingsCtx, state: FileState, lookedUp?: MeterLookup): Outcome {
  const hold = (reason: ExceptionReason, detail: string, extra: Partial<Extract<Outcome, { kind: 'exception' }>> = {}): Outcome => ({
    kind: 'exception',
    reason,
    detail,
    meter: null,
    account: null,
    routeCode: row.route || null,
    value: /^\d+$/.test(row.rawValue) && row.rawValue.length <= 15 ? Number(row.rawValue) : null,
    window: null,
    ...extra,
  });
  if (row.meterNumber === '') return hold('unknown_meter', 'The row has no meter number.');
  const found = lookedUp ?? meterOnDay(db, row.meterNumber, row.service, row.readOn);
  if ('problem' in found && found.problem === 'unknown_meter') return hold('unknown_meter', found.detail);
  const anyMeter = found.meter!;
  const route = routeOf(db, anyMeter.location_id);
  const account = accountAtLocation(db, anyMeter.location_id, row.readOn);
  const base = { meter: anyMeter, account, routeCode: route.code ?? (row.route || null) };
  if (row.readOn === null) return hold('bad_date', `Read date "${row.rawDate}" is not a date in the profile's formats.`, base);
  if ('problem' in found) return hold('meter_not_active', found.detail, base);
  const meter = found.meter;

  if (row.accountNumber && row.accountNumber !== account?.number) {
    return hold(
      'account_mismatch',
      account ? `The file says account ${row.accountNumber}; meter ${meter.number} serves account ${account.number} (${account.name}).` : `The file says account ${row.accountNumber}; no account is at meter ${meter.number}'s location on ${row.readOn}.`,
      base,
    );
  }

  // The read window: the meter's cycle (its route's, else its account's) — cycle.ts is the one definition.
  const meterCycle = route.cycle ?? account?.billing_cycle ?? null;
  if (rule.cycle !== undefined && meterCycle !== null && meterCycle !== rule.cycle) {
    return hold('out_of_window', `Meter ${meter.number} is on cycle ${meterCycle}${route.code ? ` (route ${route.code})` : ''}, not cycle ${rule.cycle}.`, base);
  }
  const cycle = rule.cycle ?? meterCycle;
  if (row.readOn > ctx.today) return hold('out_of_window', `Read on ${row.readOn}, after today (${ctx.today}).`, base);
  let window: CycleWindow | null = null;
  if (cycle !== null) {
    if (rule.period) {
      window = windowFor(db, state, cycle, rule.period, row.readOn, ctx.dueDays)!;
      if (row.readOn < window.readFrom || row.readOn > window.readTo) {
        return hold('out_of_window', `Read on ${row.readOn}, outside cycle ${cycle}'s read window for ${rule.period} (${window.readFrom} to ${window.readTo}).`, base);
      }
    } else {
      window = windowFor(db, state, cycle, undefined, row.readOn, ctx.dueDays);
      if (!window && !rule.anyDay) return hold('out_of_window', `Read on ${row.readOn}, which is in no read window of cycle ${cycle} (the days before its bill day).`, base);
    }
  }
  const inWindow = { ...base, window };

  if (row.code === 'no_access') return hold('no_access', `No access${row.comment ? `: ${row.comment}` : ''}${row.reader ? ` (reader ${row.reader})` : ''}.`, inWindow);
  if (row.code === 'tamper') return hold('tamper', `Tamper reported${row.comment ? `: ${row.comment}` : ''}${row.reader ? ` (reader ${row.reader})` : ''}${row.rawValue ? `; register ${row.rawValue}` : ''}.`, inWindow);

  if (!/^\d+$/.test(row.rawValue)) return hold('not_numeric', row.rawValue === '' ? 'The reading is blank.' : `Reading "${row.rawValue}" is not a number.`, inWindow);
  const digits = row.rawValue.replace(/^0+(?=\d)/, '');
  if (digits.length > meter.dials) return hold('not_numeric', `Reading ${row.rawValue} has more digits than meter ${meter.number}'s ${meter.dials} dials.`, inWindow);
  const value = Number(digits);

  // Already there: the same meter, day and value (a repeat of this file or an earlier one).
  const key = `${meter.id}|${row.readOn}|${value}`;
  if (state.seen.has(key)) return { kind: 'unchanged' };
  const same = prepareCached(db, 
      `SELECT 1 FROM meter_readings WHERE (meter_id = @id OR (meter_id IS NULL AND service = @service AND meter_number = @number)) AND read_on = @day AND value = @value LIMIT 1`,
    )
    .get({ id: meter.id, service: meter.service, number: meter.number, day: row.readOn, value });
  if (same) return { kind: 'unchanged' };

  const last = lastBefore(db, meter, row.readOn, state);
  if (row.code === 'estimated' && last.readCode === 'estimated') {
    return hold('estimated_twice', `Estimated again: the last billing reading (${fmt(last.value)} on ${last.readOn}) was already an estimate; send a re-read.`, inWindow);
  }
  const accept = (readCode: ReadCode, flag: string | null = null): Outcome => ({ kind: 'accept', ...inWindow, meter, value, readCode, flag });
  if (row.code === 'meter_changed') return accept('meter_changed');
  const p = plausibility(db, meter, account, value, row.readOn, last, ctx.policy);
  if (!p.ok) return hold(p.reason, p.detail, { ...inWindow, value });
  return accept(p.readCode === 'rollover' ? 'rollover' : row.code === 'estimated' ? 'estimated' : 'ok');
}

export type Plausibility = { ok: true; readCode: 'ok' | 'rollover'; consumption: number | null } | { ok: false; reason: 'lower_than_last' | 'high_consumption' | 'low_consumption'; detail: string };

/**
 * The reading against the last one and the 12-month average (checkReading): lower than the last
 * is a rollover past 10^dials - 1 when the consumption that makes is plausible (and, without an
 * average to judge by, less than a tenth of the register); else it is held.
 */
export function plausibility(db: Db, meter: MeterRow, account: { id: number } | null, value: number, readOn: string, last: Last, policy: ReadingPolicy): Plausibility {
  const who = { service: meter.service, meterNumber: meter.number, accountId: account?.id ?? null };
  const at = `${readOn}T12:00:00Z`;
  const opts = { dials: meter.dials, multiplier: meter.multiplier, last };
  if (value < last.value) {
    const roll = checkReading(db, who, value, 'rollover', at, policy, opts);
    const top = 10 ** meter.dials - 1;
    const small = roll.consumption !== null && roll.consumption < 10 ** (meter.dials - 1);
    if (roll.verdict !== 'implausible' && (roll.averageMonthly !== null || small)) return { ok: true, readCode: 'rollover', consumption: roll.consumption };
    const asRoll =
      roll.consumption !== null
        ? `; as a rollover past ${fmt(top)} it would be ${fmt(roll.consumption * meter.multiplier)}${roll.problems.length ? ` (${roll.problems.join('; ')})` : ', too much to tell without a 12-month average'}`
        : '';
    return { ok: false, reason: 'lower_than_last', detail: `${fmt(value)} is lower than the last reading (${fmt(last.value)} on ${last.readOn})${asRoll}. A changed meter is code MC.` };
  }
  const check = checkReading(db, who, value, 'ok', at, policy, opts);
  if (check.verdict === 'implausible') return { ok: false, reason: check.reason === 'low_consumption' ? 'low_consumption' : 'high_consumption', detail: `${check.problems.join('; ')}.` };
  return { ok: true, readCode: 'ok', consumption: check.consumption };
}

// Writing -----------------------------------------------------------------------------------

export interface Source {
  source: 'handheld' | 'manual';
  importId: number | null;
  fileName: string | null;
}

export interface OpenException {
  id: number;
  raw_value: string | null;
  read_code: string | null;
  reason: ExceptionReason;
}

export function openExceptionFor(db: Db, meterNumber: string, readOn: string | null): OpenException | undefined {
  return prepareCached(db, "SELECT id, raw_value, read_code, reason FROM reading_exceptions WHERE status = 'open' AND meter_number = ? AND read_on IS ? ORDER BY id DESC LIMIT 1")
    .get(meterNumber, readOn) as OpenException | undefined;
}

/** Marks a held exception replaced by a newer reading of the same meter and day; audited. */
export function replaceException(db: Db, ex: { id: number }, note: string, ctx: ReadingsCtx): void {
  prepareCached(db, "UPDATE reading_exceptions SET status = 'replaced', resolved_at = ?, resolved_by = ?, resolution_note = ? WHERE id = ? AND status = 'open'").run(ctx.at, ctx.userId, note, ex.id);
  recordAudit(db, { at: ctx.at, userId: ctx.userId, station: ctx.station, action: 'readings.exception.replace', subject: String(ex.id), reason: note });
}

export function insertReading(
  db: Db,
  r: { meter: MeterRow; readOn: string; value: number; source: 'handheld' | 'manual' | 'work_order'; readCode: ReadCode; flag: string | null; importId: number | null; reader: string | null; comment: string | null; workOrderId?: number | null },
  ctx: ReadingsCtx,
): number {
  const info = prepareCached(db, 
      `INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, flag, work_order_id, entered_by, entered_at, meter_id, import_id, reader, comment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.meter.location_id, r.meter.service, r.meter.number, r.readOn, r.value, r.source, r.readCode, r.flag, r.workOrderId ?? null, ctx.userId, ctx.at, r.meter.id, r.importId, r.reader, r.comment);
  // A reading in a window answers that window's "not read" exception.
  const w = prepareCached(db, "SELECT id FROM reading_exceptions WHERE status = 'open' AND reason = 'not_read' AND meter_number = ? AND service IS ? AND read_on >= ? AND read_on <= date(?, '+27 days')")
    .all(r.meter.number, r.meter.service, r.readOn, r.readOn) as Array<{ id: number }>;
  for (const e of w) replaceException(db, e, `read on ${r.readOn}`, ctx);
  return Number(info.lastInsertRowid);
}

export function insertException(
  db: Db,
  row: RowIn,
  o: Extract<Outcome, { kind: 'exception' }>,
  src: Source,
  ctx: ReadingsCtx,
): number {
  const info = prepareCached(db, 
      `INSERT INTO reading_exceptions (import_id, line, meter_id, service, meter_number, account_id, route_code, read_on, value, raw_value, read_code, reader, comment, reason, detail, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      src.importId,
      row.line,
      o.meter?.id ?? null,
      o.meter?.service ?? row.service ?? null,
      o.meter?.number ?? row.meterNumber,
      o.account?.id ?? null,
      o.routeCode,
      row.readOn,
      o.value,
      row.rawValue || null,
      row.code,
      row.reader || null,
      row.comment || null,
      o.reason,
      o.detail,
      ctx.at,
    );
  return Number(info.lastInsertRowid);
}

export type Applied = { kind: 'accepted'; readingId: number | null } | { kind: 'held'; exceptionId: number | null; reason: ExceptionReason; detail: string } | { kind: 'unchanged' };

/**
 * One row, end to end: a held exception for the same meter and day is either the same reading
 * (unchanged) or replaced by this one; then the row is checked and written (unless dryRun).
 */
export function applyRow(db: Db, row: RowIn, rule: WindowRule, ctx: ReadingsCtx, state: FileState, src: Source, dryRun: boolean): Applied & { replaced: boolean; window: CycleWindow | null; meterId: number | null } {
  const looked = row.meterNumber ? meterOnDay(db, row.meterNumber, row.service, row.readOn) : null;
  const meterNumber = looked?.meter?.number ?? row.meterNumber;
  const held = openExceptionFor(db, meterNumber, row.readOn);
  let replaced = false;
  if (held) {
    if (held.reason !== 'not_read' && (held.raw_value ?? '') === row.rawValue && (held.read_code ?? 'ok') === row.code) return { kind: 'unchanged', replaced: false, window: null, meterId: looked?.meter?.id ?? null };
    replaced = held.reason !== 'not_read';
    if (!dryRun) replaceException(db, held, `replaced by ${src.fileName ? `line ${row.line} of ${src.fileName}` : 'a reading keyed by hand'}: ${row.rawValue || '(blank)'} ${row.code}`, ctx);
  }
  const o = evaluateRow(db, row, rule, ctx, state, looked ?? undefined);
  if (o.kind === 'unchanged') return { kind: 'unchanged', replaced, window: null, meterId: looked?.meter?.id ?? null };
  if (o.kind === 'accept') {
    state.last.set(o.meter.id, { value: o.value, readOn: row.readOn!, readCode: o.readCode });
    state.seen.add(`${o.meter.id}|${row.readOn}|${o.value}`);
    const readingId = dryRun
      ? null
      : insertReading(db, { meter: o.meter, readOn: row.readOn!, value: o.value, source: src.source, readCode: o.readCode, flag: o.flag, importId: src.importId, reader: row.reader || null, comment: row.comment || null }, ctx);
    return { kind: 'accepted', readingId, replaced, window: o.window, meterId: o.meter.id };
  }
  const exceptionId = dryRun ? null : insertException(db, row, o, src, ctx);
  return { kind: 'held', exceptionId, reason: o.reason, detail: o.detail, replaced, window: o.window, meterId: o.meter?.id ?? null };
}

// The import --------------------------------------------------------------------------------

export interface ImportRequest {
  fileName: string;
  bytes: Uint8Array;
  profile: ReadingProfile;
  cycle?: number;
  period?: string;
  dryRun: boolean;
}

export interface ImportHooks {
  progress?(done: number, total: number): void;
  /** Lets other work run between chunks (the host's event loop); tests may pass nothing. */
  yieldBetweenChunks?(): Promise<void>;
  /** Longest a chunk's write transaction may run, in ms (default 50; the office's limit is 250). */
  chunkMs?: number;
}

export async function importReadings(db: Db, req: ImportRequest, ctx: ReadingsCtx, hooks: ImportHooks = {}): Promise<ImportSummary> {
  const { text, encoding } = decodeReadingFile(req.bytes);
  const fileRows = await parseReadingFile(text, req.profile, hooks.yieldBetweenChunks);
  const p = req.profile;
  // Every code is checked before anything is written: an unknown one refuses the whole file.
  const toRow = (r: FileRow): RowIn => ({
    line: r.line,
    meterNumber: r.values.meter_number ?? '',
    service: ((s) => (s === 'water' || s === 'w' ? 'water' : s === 'electric' || s === 'e' ? 'electric' : undefined))((r.values.service ?? '').toLowerCase()),
    accountNumber: r.values.account_number || undefined,
    route: r.values.route || undefined,
    rawDate: r.values.read_date ?? '',
    readOn: parseReadDate(r.values.read_date ?? '', p.dateFormats),
    rawValue: r.values.reading ?? '',
    code: rowCode(p, r.values.read_code, r.line),
    reader: r.values.reader || undefined,
    comment: r.values.comment || undefined,
  });
  const rows: RowIn[] = [];
  for (let n = 0; n < fileRows.length; n++) {
    rows.push(toRow(fileRows[n]!));
    if (n % 10_000 === 9_999 && hooks.yieldBetweenChunks) await hooks.yieldBetweenChunks();
  }
  // The parsed rows are mapped: let them go now (a whole cycle is 200,000 rows) rather than
  // keep both copies alive through the import, which makes for long garbage collections.
  fileRows.length = 0;
  if (req.period && req.cycle === undefined) throw new CoreError('BAD_INPUT', 'A period needs its cycle.', { field: 'cycle' });
  if (req.cycle !== undefined && req.period) cycleWindow(db, req.cycle, req.period, ctx.dueDays);

  const sha = createHash('sha256').update(req.bytes).digest('hex');
  const prior = prepareCached(db, 'SELECT id, imported_at FROM reading_imports WHERE file_sha256 = ? ORDER BY id LIMIT 1').get(sha) as { id: number; imported_at: string } | undefined;
  let importId: number | null = null;
  if (!req.dryRun) {
    importId = db.transaction(() =>
      Number(
        prepareCached(db, "INSERT INTO reading_imports (file_name, file_sha256, profile, cycle, imported_at, imported_by, rows_read, accepted, exceptions, unchanged, summary) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, '{\"state\":\"running\"}')")
          .run(req.fileName, sha, p.name, req.cycle ?? null, ctx.at, ctx.userId, rows.length).lastInsertRowid,
      ),
    )();
  }
  const src: Source = { source: 'handheld', importId, fileName: req.fileName };
  const state = newFileState();
  const rule: WindowRule = { cycle: req.cycle, period: req.period };
  const byReason: Partial<Record<ExceptionReason, number>> = {};
  const sample: ImportSummary['sample'] = [];
  const counts = { accepted: 0, exceptions: 0, unchanged: 0, replaced: 0, notRead: 0 };
  const windowVotes = new Map<number, Map<string, { w: CycleWindow; n: number }>>();
  const seenMeters = new Set<number>();
  const routes = new Set<string>();
  const hold = (reason: ExceptionReason, line: number | null, meterNumber: string, detail: string) => {
    counts.exceptions++;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    if (sample.length < 50) sample.push({ line, meterNumber, reason, detail });
  };
  const chunkMs = hooks.chunkMs ?? 50;
  const routeOfMeter = prepareCached(db, 'SELECT l.route_code AS code, r.cycle FROM meters m JOIN service_locations l ON l.id = m.location_id LEFT JOIN routes r ON r.code = l.route_code WHERE m.id = ?');
  let i = 0;
  while (i < rows.length) {
    const started = performance.now();
    const run = () => {
      // A chunk: as many rows as fit in chunkMs (checked every 25 rows).
      do {
        const row = rows[i]!;
        const r = applyRow(db, row, rule, ctx, state, src, req.dryRun);
        let window = r.window;
        if (r.meterId !== null) {
          seenMeters.add(r.meterId);
          const route = routeOfMeter.get(r.meterId) as { code: string | null; cycle: number | null } | undefined;
          if (route?.code) routes.add(route.code);
          // The window this row was read in (also for a row that was already there).
          const cycle = req.cycle ?? route?.cycle ?? null;
          if (!window && cycle !== null && row.readOn) {
            const w = windowFor(db, state, cycle, req.period, row.readOn, ctx.dueDays);
            if (w && row.readOn >= w.readFrom && row.readOn <= w.readTo) window = w;
          }
        } else if (row.route && prepareCached(db, 'SELECT 1 FROM routes WHERE code = ?').get(row.route)) routes.add(row.route);
        if (r.replaced) counts.replaced++;
        if (window) {
          const votes = windowVotes.get(window.cycle) ?? new Map<string, { w: CycleWindow; n: number }>();
          const v = votes.get(window.period) ?? { w: window, n: 0 };
          v.n++;
          votes.set(window.period, v);
          windowVotes.set(window.cycle, votes);
        }
        if (r.kind === 'accepted') counts.accepted++;
        else if (r.kind === 'unchanged') counts.unchanged++;
        else hold(r.reason, row.line, row.meterNumber, r.detail);
        i++;
      } while (i < rows.length && (i % 25 !== 0 || performance.now() - started < chunkMs));
      // The counts so far commit with the chunk: an import a crash cuts off still says what it did.
      if (importId !== null) prepareCached(db, 'UPDATE reading_imports SET accepted = ?, exceptions = ?, unchanged = ? WHERE id = ?').run(counts.accepted, counts.exceptions, counts.unchanged, importId);
    };
    if (req.dryRun) run();
    else db.transaction(run)();
    hooks.progress?.(i, rows.length);
    if (hooks.yieldBetweenChunks) await hooks.yieldBetweenChunks();
  }

  // Meters on the file's routes (or the whole cycle) in service and not read in the window.
  if (req.cycle !== undefined) for (const r of prepareCached(db, 'SELECT code FROM routes WHERE cycle = ?').all(req.cycle) as Array<{ code: string }>) routes.add(r.code);
  const windows: CycleWindow[] = [];
  if (req.cycle !== undefined && req.period) windows.push(cycleWindow(db, req.cycle, req.period, ctx.dueDays));
  else for (const votes of windowVotes.values()) windows.push([...votes.values()].sort((a, b) => b.n - a.n)[0]!.w);
  const routeList = [...routes].sort();
  for (const w of windows) {
    const cycleRoutes = routeList.filter((code) => (prepareCached(db, 'SELECT cycle FROM routes WHERE code = ?').get(code) as { cycle: number } | undefined)?.cycle === w.cycle);
    if (cycleRoutes.length === 0) continue;
    // A page of meters at a time (by id: the CROSS JOIN keeps meters the outer loop, so each page
    // is a short walk of the primary key), so a whole cycle never sits in memory or holds the loop.
    const page = prepareCached(
      db,
      `SELECT m.*, l.route_code FROM meters m CROSS JOIN service_locations l ON l.id = m.location_id
        WHERE m.id > @after AND l.route_code IN (SELECT value FROM json_each(@routes)) AND m.installed_on <= @to AND (m.removed_on IS NULL OR m.removed_on >= @to)
        ORDER BY m.id LIMIT 2000`,
    );
    const readIn = prepareCached(db, 
      `SELECT 1 FROM meter_readings WHERE (meter_id = @id OR (meter_id IS NULL AND service = @service AND meter_number = @number)) AND read_on BETWEEN @from AND @to LIMIT 1`,
    );
    const heldIn = prepareCached(db, "SELECT reason FROM reading_exceptions WHERE status = 'open' AND meter_number = @number AND read_on BETWEEN @from AND @to LIMIT 1");
    let after = 0;
    for (;;) {
      const candidates = page.all({ after, routes: JSON.stringify(cycleRoutes), to: w.readTo }) as Array<MeterRow & { route_code: string }>;
      if (candidates.length === 0) break;
      after = candidates[candidates.length - 1]!.id;
      let k = 0;
      while (k < candidates.length) {
        const started = performance.now();
        const run = () => {
          do {
            const m = candidates[k++]!;
            if (seenMeters.has(m.id)) continue;
            const args = { id: m.id, service: m.service, number: m.number, from: w.readFrom, to: w.readTo };
            if (readIn.get(args)) continue;
            const held = heldIn.get(args) as { reason: string } | undefined;
            if (held && held.reason !== 'not_read') continue;
            counts.notRead++;
            if (held || req.dryRun) continue;
            const account = accountAtLocation(db, m.location_id, w.readTo);
            insertException(
              db,
              { line: null, meterNumber: m.number, service: m.service, rawDate: '', readOn: w.readTo, rawValue: '', code: 'ok' },
              {
                kind: 'exception',
                reason: 'not_read',
                detail: `Not read in cycle ${w.cycle}'s window for ${w.period} (${w.readFrom} to ${w.readTo}), route ${m.route_code}.`,
                meter: m,
                account,
                routeCode: m.route_code,
                value: null,
                window: w,
              },
              src,
              ctx,
            );
          } while (k < candidates.length && (k % 50 !== 0 || performance.now() - started < chunkMs));
        };
        if (req.dryRun) run();
        else db.transaction(run)();
        if (hooks.yieldBetweenChunks) await hooks.yieldBetweenChunks();
      }
    }
  }

  const summary: ImportSummary = {
    importId,
    dryRun: req.dryRun,
    fileName: req.fileName,
    profile: p.name,
    encoding,
    sameFileAs: prior ? { importId: prior.id, importedAt: prior.imported_at } : null,
    rowsRead: rows.length,
    accepted: counts.accepted,
    exceptions: counts.exceptions,
    byReason,
    unchanged: counts.unchanged,
    replaced: counts.replaced,
    notRead: counts.notRead,
    routes: routeList,
    windows: windows.map((w) => ({ cycle: w.cycle, period: w.period, readFrom: w.readFrom, readTo: w.readTo })),
    sample,
  };
  if (importId !== null) {
    db.transaction(() => {
      prepareCached(db, 'UPDATE reading_imports SET accepted = ?, exceptions = ?, unchanged = ?, summary = ? WHERE id = ?').run(counts.accepted, counts.exceptions, counts.unchanged, JSON.stringify({ state: 'done', ...summary, sample: undefined }), importId);
      recordAudit(db, {
        at: ctx.at,
        userId: ctx.userId,
        station: ctx.station,
        action: 'readings.import',
        subject: req.fileName,
        details: { importId, sha256: sha, profile: p.name, rowsRead: rows.length, accepted: counts.accepted, exceptions: counts.exceptions, byReason, unchanged: counts.unchanged, replaced: counts.replaced, notRead: counts.notRead },
      });
    })();
  }
  return summary;
}

/** The latest imports with their counts (the summary kept with each), newest first. */
export function listImports(db: Db, limit: number): ImportListItem[] {
  const rows = prepareCached(
    db,
    `SELECT i.id, i.file_name, i.profile, i.cycle, i.imported_at, u.username, i.rows_read, i.accepted, i.exceptions, i.unchanged, i.summary
       FROM reading_imports i LEFT JOIN users u ON u.id = i.imported_by ORDER BY i.id DESC LIMIT ?`,
  ).all(limit) as Array<{ id: number; file_name: string; profile: string; cycle: number | null; imported_at: string; username: string | null; rows_read: number; accepted: number; exceptions: number; unchanged: number; summary: string }>;
  return rows.map((r) => {
    const summary = JSON.parse(r.summary) as { state?: string; notRead?: number };
    return {
      id: r.id,
      fileName: r.file_name,
      profile: r.profile,
      cycle: r.cycle,
      importedAt: r.imported_at,
      importedBy: r.username,
      rowsRead: r.rows_read,
      accepted: r.accepted,
      exceptions: r.exceptions,
      unchanged: r.unchanged,
      notRead: typeof summary.notRead === 'number' ? summary.notRead : null,
      state: summary.state === 'done' ? 'done' : 'running',
    };
  });
}

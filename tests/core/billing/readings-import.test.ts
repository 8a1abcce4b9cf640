// The reading import through the contract: every row check alone, whole-file refusals, vendor
// profiles, repeatable imports, a corrected reading replacing the held one, meters not read,
// dry runs and chunked writing.
import { changeMeter } from '../../../src-main/core/billing/meters';
import { importReadings } from '../../../src-main/core/billing/readings-import';
import { DEFAULT_READING_PROFILES } from '../../../src-shared/ipc/reading-schemas';
import { makeTestCore, type TestCore } from '../../helpers/core';
import { b64, HEADER, place, READ_DAY, row, TODAY_ISO, seedReading, type Place } from './readings-fixture';

let t: TestCore;
let clerk: string;
const db = () => t.core.deps.db;

beforeEach(async () => {
  t = await makeTestCore({ now: TODAY_ISO });
  clerk = await t.signIn('clerk');
});
afterEach(() => t.close());

const count = (sql: string, ...args: unknown[]) => (db().prepare(sql).get(...args) as { n: number }).n;

async function importText(text: string, extra: { profile?: string; dryRun?: boolean; cycle?: number; period?: string; fileName?: string } = {}) {
  return t.call('readings.import', { fileName: extra.fileName ?? 'route03.csv', contentBase64: b64(text), profile: extra.profile ?? 'default', dryRun: extra.dryRun, cycle: extra.cycle, period: extra.period }, clerk);
}

async function importRows(...rows: string[]) {
  const r = await importText([HEADER, ...rows].join('\r\n') + '\r\n');
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function exceptionOf(meter: string) {
  return db().prepare("SELECT * FROM reading_exceptions WHERE meter_number = ? AND status = 'open' ORDER BY id DESC").get(meter) as { reason: string; detail: string; value: number | null; raw_value: string | null; account_id: number | null; line: number | null; import_id: number } | undefined;
}

/** Imports one row for a fresh meter and returns the reason it was held with (or 'accepted'). */
async function heldAs(p: Place, r: string): Promise<string> {
  const s = await importRows(r);
  expect(s.rowsRead).toBe(1);
  if (s.accepted === 1) return 'accepted';
  return exceptionOf(p.meter.number)?.reason ?? `nothing held (${JSON.stringify(s)})`;
}

describe('a good row', () => {
  it('becomes a handheld reading with its meter, import, reader and comment, leading zeros read as the integer', async () => {
    const p = place(db());
    const s = await importRows(row({ meter: p.meter.number, value: '0105000', account: p.accountNumber, comment: 'dog in yard' }));
    expect(s).toMatchObject({ rowsRead: 1, accepted: 1, exceptions: 0, unchanged: 0, encoding: 'utf-8', routes: ['03'], windows: [{ cycle: 3, period: '2026-11', readFrom: '2026-11-05', readTo: '2026-11-14' }] });
    const r = db().prepare("SELECT * FROM meter_readings WHERE meter_id = ? AND read_on = ?").get(p.meter.id, READ_DAY) as Record<string, unknown>;
    expect(r).toMatchObject({ value: 105000, source: 'handheld', read_code: 'ok', import_id: s.importId, reader: 'JR', comment: 'dog in yard', meter_number: p.meter.number, location_id: p.locationId });
    const imp = db().prepare('SELECT * FROM reading_imports WHERE id = ?').get(s.importId) as { rows_read: number; accepted: number; summary: string };
    expect(imp).toMatchObject({ rows_read: 1, accepted: 1 });
    expect(JSON.parse(imp.summary)).toMatchObject({ state: 'done', accepted: 1, rowsRead: 1 });
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'readings.import'")).toBe(1);
  });
});

describe('each row check alone', () => {
  it('unknown meter', async () => {
    place(db());
    const s = await importRows(row({ meter: 'W-99999', value: '105000' }));
    expect(s.byReason).toEqual({ unknown_meter: 1 });
    expect(exceptionOf('W-99999')).toMatchObject({ reason: 'unknown_meter', raw_value: '105000', line: 2 });
  });

  it('meter not in service on the read date (installed later, or removed before)', async () => {
    const later = place(db(), { meter: { installedOn: '2026-11-12' }, last: null });
    expect(await heldAs(later, row({ meter: later.meter.number, value: '000500' }))).toBe('meter_not_active');
    expect(exceptionOf(later.meter.number)!.detail).toContain('installed on 2026-11-12');
    const gone = place(db());
    db().transaction(() => changeMeter(db(), { meterId: gone.meter.id, removedOn: '2026-11-01', removalReading: 104000, number: 'W-NEW-1' }))();
    expect(await heldAs(gone, row({ meter: gone.meter.number, value: '105000' }))).toBe('meter_not_active');
    expect(exceptionOf(gone.meter.number)!.detail).toContain('removed on 2026-11-01');
  });

  it('account number that is not the meter’s account', async () => {
    const p = place(db());
    const other = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '105000', account: other.accountNumber }))).toBe('account_mismatch');
    expect(exceptionOf(p.meter.number)!.detail).toContain(p.accountNumber);
  });

  it('read date outside the cycle’s read window, after today, or on another cycle’s meter', async () => {
    const p = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '105000', date: '2026-10-20' }))).toBe('out_of_window');
    const q = place(db());
    expect(await heldAs(q, row({ meter: q.meter.number, value: '105000', date: '2026-11-17' }))).toBe('out_of_window');
    expect(exceptionOf(q.meter.number)!.detail).toContain('after today');
    const other = place(db(), { route: '07', cycle: 1 });
    const r = await importText([HEADER, row({ meter: other.meter.number, value: '105000' })].join('\n'), { cycle: 3, period: '2026-11' });
    expect(r.ok && r.value.byReason).toEqual({ out_of_window: 1 });
    expect(exceptionOf(other.meter.number)!.detail).toContain('cycle 1');
  });

  it('a bad date', async () => {
    const p = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '105000', date: '2026-13-01' }))).toBe('bad_date');
  });

  it('a reading that is not a number, or has more digits than the dials', async () => {
    const p = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '10S000' }))).toBe('not_numeric');
    const q = place(db());
    expect(await heldAs(q, row({ meter: q.meter.number, value: '12345678' }))).toBe('not_numeric');
    expect(exceptionOf(q.meter.number)!.detail).toContain('7 dials');
  });

  it('lower than the last reading, with no rollover that makes sense', async () => {
    const p = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '099000' }))).toBe('lower_than_last');
    expect(exceptionOf(p.meter.number)!.detail).toMatch(/lower than the last reading \(100,000 on 2026-10-10\)/);
  });

  it('a rollover past 10^dials − 1 is accepted, by the meter’s dials (not guessed from the digits)', async () => {
    const six = place(db(), { meter: { dials: 6 }, last: { readOn: '2026-10-10', value: 999_000 } });
    expect(await heldAs(six, row({ meter: six.meter.number, value: '004000' }))).toBe('accepted');
    expect(db().prepare('SELECT read_code FROM meter_readings WHERE meter_id = ? AND read_on = ?').get(six.meter.id, READ_DAY)).toEqual({ read_code: 'rollover' });
    // The same numbers on a 7-dial meter are 9,005,000 gallons: lower than last, held.
    const seven = place(db(), { meter: { dials: 7 }, last: { readOn: '2026-10-10', value: 999_000 } });
    expect(await heldAs(seven, row({ meter: seven.meter.number, value: '004000' }))).toBe('lower_than_last');
    expect(exceptionOf(seven.meter.number)!.detail).toContain('as a rollover past 9,999,999');
  });

  it('a meter change: code MC explains a lower reading, and a new meter compares with its install register', async () => {
    const p = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '000300', code: 'MC' }))).toBe('accepted');
    expect(db().prepare('SELECT read_code FROM meter_readings WHERE meter_id = ? AND read_on = ?').get(p.meter.id, READ_DAY)).toEqual({ read_code: 'meter_changed' });
    const q = place(db());
    const { installed } = db().transaction(() => changeMeter(db(), { meterId: q.meter.id, removedOn: '2026-11-01', removalReading: 104_000, number: 'W-NEW-2', installReading: 10 }))();
    expect(db().prepare('SELECT water_meter FROM service_locations WHERE id = ?').get(q.locationId)).toEqual({ water_meter: 'W-NEW-2' });
    const s = await importRows(row({ meter: 'W-NEW-2', value: '0001500' }));
    expect(s.accepted).toBe(1);
    expect(db().prepare('SELECT value, read_code FROM meter_readings WHERE meter_id = ?').get(installed.id)).toEqual({ value: 1500, read_code: 'ok' });
  });

  it('consumption above the high limit of the 12-month average', async () => {
    const p = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '0130000' }))).toBe('high_consumption');
    expect(exceptionOf(p.meter.number)!.detail).toContain('over 3× the 12-month average of 5,000');
  });

  it('consumption below the low limit of the 12-month average', async () => {
    const p = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '0100100' }))).toBe('low_consumption');
  });

  it('NA is held as no access, TM as tamper', async () => {
    const p = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '', code: 'NA', comment: 'gate locked' }))).toBe('no_access');
    expect(exceptionOf(p.meter.number)!.detail).toContain('gate locked');
    const q = place(db());
    expect(await heldAs(q, row({ meter: q.meter.number, value: '0105000', code: 'TM', comment: 'seal broken' }))).toBe('tamper');
  });

  it('EST from the handheld is an estimated reading, never two in a row', async () => {
    const p = place(db());
    expect(await heldAs(p, row({ meter: p.meter.number, value: '0105000', code: 'EST' }))).toBe('accepted');
    expect(db().prepare('SELECT read_code FROM meter_readings WHERE meter_id = ? AND read_on = ?').get(p.meter.id, READ_DAY)).toEqual({ read_code: 'estimated' });
    const q = place(db(), { last: { readOn: '2026-10-10', value: 100_000, readCode: 'estimated' } });
    expect(await heldAs(q, row({ meter: q.meter.number, value: '0105000', code: 'EST' }))).toBe('estimated_twice');
  });
});

describe('whole-file refusals change nothing', () => {
  async function refused(text: string | Buffer, profile = 'default') {
    const before = count('SELECT count(*) AS n FROM reading_imports') + count('SELECT count(*) AS n FROM meter_readings') + count('SELECT count(*) AS n FROM reading_exceptions');
    const r = await t.call('readings.import', { fileName: 'bad.csv', contentBase64: b64(text), profile }, clerk);
    expect(r.ok).toBe(false);
    expect(count('SELECT count(*) AS n FROM reading_imports') + count('SELECT count(*) AS n FROM meter_readings') + count('SELECT count(*) AS n FROM reading_exceptions')).toBe(before);
    if (r.ok) throw new Error('accepted');
    expect(r.error.code).toBe('BAD_INPUT');
    return r.error as { message: string; details: { line: number | null; column: string | number | null; refused: boolean } };
  }

  it('a missing required column, named with line 1', async () => {
    const p = place(db());
    const e = await refused(['route,meter_number,read_date,read_code', `03,${p.meter.number},${READ_DAY},OK`].join('\n'));
    expect(e.message).toMatch(/^Line 1: column "reading" \(reading\) is missing/);
    expect(e.details).toMatchObject({ refused: true, line: 1, column: 'reading' });
  });

  it('a different delimiter', async () => {
    const p = place(db());
    const e = await refused([HEADER.replaceAll(',', ';'), row({ meter: p.meter.number, value: '105000' }).replaceAll(',', ';')].join('\n'));
    expect(e.message).toContain('looks separated by semicolons');
    expect(e.details.line).toBe(1);
  });

  it('a row with a field too few, a read code the profile does not know, a binary file', async () => {
    const p = place(db());
    const short = await refused([HEADER, row({ meter: p.meter.number, value: '105000' }), '03,0020,W-1,,2026-11-10,,1,OK,JR'].join('\n'));
    expect(short.message).toMatch(/^Line 3: /);
    expect(short.details.line).toBe(3);
    const code = await refused([HEADER, row({ meter: p.meter.number, value: '105000' }), row({ meter: p.meter.number, value: '105000', code: 'ZZ' })].join('\n'));
    expect(code.message).toMatch(/^Line 3, column "read_code": read code "ZZ"/);
    const bin = await refused(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    expect(bin.message).toContain('not a text file');
  });

  it('a Windows-1252 file is decoded, not refused: the reader’s comment keeps its ñ', async () => {
    const p = place(db());
    const text = [HEADER, row({ meter: p.meter.number, value: '105000', comment: 'Señora Peña: dog' })].join('\r\n');
    const bytes = Buffer.from(text, 'latin1'); // ñ is 0xF1 in Windows-1252 — not valid UTF-8
    const r = await t.must('readings.import', { fileName: 'cp1252.csv', contentBase64: bytes.toString('base64'), profile: 'default' }, clerk);
    expect(r).toMatchObject({ encoding: 'windows-1252', accepted: 1 });
    expect(db().prepare("SELECT comment FROM meter_readings WHERE meter_id = ? AND source = 'handheld'").get(p.meter.id)).toEqual({ comment: 'Señora Peña: dog' });
  });
});

describe('RFC 4180 and UTF-8', () => {
  it('reads a byte-order mark, quoted fields with commas, quotes and line breaks, and blank lines, counting lines as the file has them', async () => {
    const p = place(db());
    const q = place(db());
    const text = `\ufeff${HEADER}\r\n${row({ meter: p.meter.number, value: '105000' }).replace(/,$/, ',"dog, ""Rex"",\r\nby the gate"')}\r\n\r\n${row({ meter: q.meter.number, value: 'x' })}\r\n`;
    const s = await t.must('readings.import', { fileName: 'q.csv', contentBase64: b64(text), profile: 'default' }, clerk);
    expect(s).toMatchObject({ encoding: 'utf-8', rowsRead: 2, accepted: 1, byReason: { not_numeric: 1 } });
    expect(db().prepare("SELECT comment FROM meter_readings WHERE source = 'handheld'").get()).toEqual({ comment: 'dog, "Rex",\r\nby the gate' });
    expect(exceptionOf(q.meter.number)).toMatchObject({ line: 5 });
  });
});

describe('repeatable', () => {
  it('the same file twice adds nothing the second time', async () => {
    const good = place(db());
    const high = place(db());
    const unread = place(db());
    const text = [HEADER, row({ meter: good.meter.number, value: '105000' }), row({ meter: high.meter.number, value: '190000' }), row({ meter: 'W-NOPE', value: '1' })].join('\n');
    const first = await t.must('readings.import', { fileName: 'r.csv', contentBase64: b64(text), profile: 'default' }, clerk);
    expect(first).toMatchObject({ rowsRead: 3, accepted: 1, exceptions: 2, byReason: { high_consumption: 1, unknown_meter: 1 }, notRead: 1, unchanged: 0, sameFileAs: null });
    expect(exceptionOf(unread.meter.number)).toMatchObject({ reason: 'not_read' });
    const tables = () => [count('SELECT count(*) AS n FROM meter_readings'), count('SELECT count(*) AS n FROM reading_exceptions')];
    const before = tables();
    const second = await t.must('readings.import', { fileName: 'r.csv', contentBase64: b64(text), profile: 'default' }, clerk);
    expect(second).toMatchObject({ rowsRead: 3, accepted: 0, exceptions: 0, unchanged: 3, notRead: 1, sameFileAs: { importId: first.importId } });
    expect(tables()).toEqual(before);
  });

  it('a corrected reading for the same meter and date replaces the held exception, audited', async () => {
    const p = place(db());
    await importRows(row({ meter: p.meter.number, value: '190000' }));
    const held = exceptionOf(p.meter.number)!;
    expect(held.reason).toBe('high_consumption');
    const s = await importRows(row({ meter: p.meter.number, value: '109000' }));
    expect(s).toMatchObject({ accepted: 1, replaced: 1 });
    expect(db().prepare("SELECT status, resolution_note FROM reading_exceptions WHERE reason = 'high_consumption'").get()).toMatchObject({ status: 'replaced', resolution_note: expect.stringContaining('line 2 of route03.csv') });
    expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'readings.exception.replace'")).toBe(1);
    expect(db().prepare('SELECT value FROM meter_readings WHERE meter_id = ? AND read_on = ?').get(p.meter.id, READ_DAY)).toEqual({ value: 109000 });
  });

  it('meters on the route not read are listed once for the window, and a later reading answers them', async () => {
    const read = place(db());
    const missed = place(db());
    const elsewhere = place(db(), { route: '07', cycle: 1 });
    const s = await importRows(row({ meter: read.meter.number, value: '105000' }));
    expect(s.notRead).toBe(1);
    const ex = db().prepare("SELECT * FROM reading_exceptions WHERE reason = 'not_read'").all() as Array<{ meter_number: string; read_on: string; route_code: string; detail: string }>;
    expect(ex).toEqual([expect.objectContaining({ meter_number: missed.meter.number, read_on: '2026-11-14', route_code: '03' })]);
    expect(ex[0]!.detail).toContain('2026-11-05 to 2026-11-14');
    expect(exceptionOf(elsewhere.meter.number)).toBeUndefined();
    const late = await importRows(row({ meter: missed.meter.number, value: '105500', date: '2026-11-12' }));
    expect(late).toMatchObject({ accepted: 1, notRead: 0 });
    expect(exceptionOf(missed.meter.number)).toBeUndefined();
  });
});

describe('profiles, dry runs and chunks', () => {
  it('the Badger-like profile reads its own columns, tabs, US dates and codes', async () => {
    const p = place(db());
    const q = place(db());
    const text = ['Route\tSeq\tMeter ID\tAccount\tRead Date\tRead Time\tReading\tRead Type\tReader ID\tNotes', `03\t1\t${p.meter.number}\t${p.accountNumber}\t11/10/2026\t09:12\t0105100\tA\tKM\t`, `03\t2\t${q.meter.number}\t\t11/10/2026\t09:15\t\tN\tKM\tgate locked`].join('\n');
    const s = await t.must('readings.import', { fileName: 'badger.txt', contentBase64: b64(text), profile: 'badger-handheld' }, clerk);
    expect(s).toMatchObject({ accepted: 1, byReason: { no_access: 1 } });
    // The same file under the default profile is refused whole.
    expect((await importText(text)).ok).toBe(false);
  });

  it('profiles are a setting, validated for meaning', async () => {
    const admin = await t.signIn('admin');
    const clash = { ...DEFAULT_READING_PROFILES[0]!, name: 'clash', columns: { ...DEFAULT_READING_PROFILES[0]!.columns, reader: 'reading' } };
    const bad = await t.call('settings.update', { values: { readingProfiles: [...DEFAULT_READING_PROFILES, clash] }, reason: 'new vendor' }, admin);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const noMeter = { ...DEFAULT_READING_PROFILES[0]!, name: 'nometer', columns: { read_date: 'd', reading: 'r' } };
    expect((await t.call('settings.update', { values: { readingProfiles: [noMeter] }, reason: 'new vendor' }, admin)).ok).toBe(false);
    const semi = { ...DEFAULT_READING_PROFILES[0]!, name: 'semi', label: 'Semicolons', delimiter: ';' as const, dateFormats: ['YYYYMMDD' as const] };
    await t.must('settings.update', { values: { readingProfiles: [...DEFAULT_READING_PROFILES, semi] }, reason: 'new vendor' }, admin);
    expect((await t.must('readings.profiles', {}, clerk)).profiles.map((x) => x.name)).toEqual(['default', 'badger-handheld', 'semi']);
    const p = place(db());
    const s = await t.must('readings.import', { fileName: 's.csv', contentBase64: b64([HEADER, row({ meter: p.meter.number, value: '105000', date: '20261110' })].join('\n').replaceAll(',', ';')), profile: 'semi' }, clerk);
    expect(s.accepted).toBe(1);
    expect(await t.call('readings.import', { fileName: 's.csv', contentBase64: b64(HEADER), profile: 'nope' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('a dry run checks and counts but writes nothing', async () => {
    const p = place(db());
    const q = place(db());
    const r = await importText([HEADER, row({ meter: p.meter.number, value: '105000' }), row({ meter: q.meter.number, value: '190000' })].join('\n'), { dryRun: true });
    expect(r.ok && r.value).toMatchObject({ importId: null, dryRun: true, accepted: 1, byReason: { high_consumption: 1 } });
    expect(count('SELECT count(*) AS n FROM reading_imports') + count('SELECT count(*) AS n FROM reading_exceptions')).toBe(0);
    expect(count("SELECT count(*) AS n FROM meter_readings WHERE source = 'handheld'")).toBe(0);
  });

  it('writes in chunks (each its own short transaction) and reports progress', async () => {
    const places = Array.from({ length: 120 }, () => place(db(), { gallons: null }));
    const text = [HEADER, ...places.map((p, i) => row({ meter: p.meter.number, value: String(100_000 + 4000 + i) }))].join('\n');
    const seen: number[] = [];
    let yields = 0;
    const s = await importReadings(
      db(),
      { fileName: 'big.csv', bytes: Buffer.from(text), profile: DEFAULT_READING_PROFILES[0]!, dryRun: false },
      { at: TODAY_ISO, userId: 2, station: 'S1', today: '2026-11-16', dueDays: 20, policy: { highPercent: 300, lowPercent: 30 } },
      { chunkMs: 0, progress: (done) => seen.push(done), yieldBetweenChunks: async () => void yields++ },
    );
    expect(s.accepted).toBe(120);
    expect(seen).toEqual([25, 50, 75, 100, 120]);
    expect(yields).toBeGreaterThanOrEqual(5);
  });

  it('no chunk holds the write lock anywhere near the 250 ms a counter payment may wait', async () => {
    const places = Array.from({ length: 400 }, () => place(db(), { gallons: null }));
    const text = [HEADER, ...places.map((p, i) => row({ meter: p.meter.number, value: String(104_000 + i) }))].join('\n');
    const spans: number[] = [];
    let resumed = performance.now();
    await importReadings(
      db(),
      { fileName: 'big.csv', bytes: Buffer.from(text), profile: DEFAULT_READING_PROFILES[0]!, dryRun: false },
      { at: TODAY_ISO, userId: 2, station: 'S1', today: '2026-11-16', dueDays: 20, policy: { highPercent: 300, lowPercent: 30 } },
      {
        chunkMs: 20,
        progress: () => spans.push(performance.now() - resumed),
        yieldBetweenChunks: async () => {
          await new Promise((r) => setImmediate(r));
          resumed = performance.now();
        },
      },
    );
    expect(spans.length).toBeGreaterThan(1);
    expect(Math.max(...spans)).toBeLessThan(250);
  });

  it('an import cut off part-way (a crash between chunks) is finished by importing the file again, nothing twice', async () => {
    const places = Array.from({ length: 60 }, () => place(db(), { gallons: null }));
    const text = [HEADER, ...places.map((p, i) => row({ meter: p.meter.number, value: String(104_000 + i) }))].join('\n');
    const ctx = { at: TODAY_ISO, userId: 2, station: 'S1', today: '2026-11-16', dueDays: 20, policy: { highPercent: 300, lowPercent: 30 } };
    const req = { fileName: 'big.csv', bytes: Buffer.from(text), profile: DEFAULT_READING_PROFILES[0]!, dryRun: false };
    await expect(
      importReadings(db(), req, ctx, {
        chunkMs: 0,
        progress: (done) => {
          if (done >= 25) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    expect(count("SELECT count(*) AS n FROM meter_readings WHERE source = 'handheld'")).toBe(25);
    expect((await t.must('readings.imports', {}, clerk)).imports[0]).toMatchObject({ fileName: 'big.csv', state: 'running' });
    const again = await importReadings(db(), req, ctx);
    expect(again).toMatchObject({ rowsRead: 60, accepted: 35, unchanged: 25, exceptions: 0 });
    expect(count("SELECT count(*) AS n FROM meter_readings WHERE source = 'handheld'")).toBe(60);
    expect((await t.must('readings.imports', {}, clerk)).imports.map((i) => [i.state, i.accepted])).toEqual([['done', 35], ['running', 25]]);
  });

  it('one import at a time: a second one while the first is running is refused, and the progress can be asked', async () => {
    const p = place(db());
    const text = b64([HEADER, row({ meter: p.meter.number, value: '105000' })].join('\n'));
    const first = t.call('readings.import', { fileName: 'first.csv', contentBase64: text, profile: 'default', progressKey: 'progress-0001' }, clerk);
    expect(await t.must('readings.importProgress', { progressKey: 'progress-0001' }, clerk)).toMatchObject({ state: 'running' });
    const second = await t.call('readings.import', { fileName: 'second.csv', contentBase64: text, profile: 'default' }, clerk);
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'clerk is importing first.csv; try again when it has finished.' } });
    expect(await first).toMatchObject({ ok: true, value: { accepted: 1 } });
    expect(await t.must('readings.importProgress', { progressKey: 'progress-0001' }, clerk)).toEqual({ state: 'done', done: 1, total: 1 });
    expect(await t.must('readings.importProgress', { progressKey: 'progress-0002' }, clerk)).toEqual({ state: 'unknown', done: 0, total: 0 });
    expect((await t.call('readings.import', { fileName: 'second.csv', contentBase64: text, profile: 'default' }, clerk)).ok).toBe(true);
  });

  it('a reading keyed into the window after a later reading compares with the one before its own date', async () => {
    const p = place(db());
    seedReading(db(), p.meter, '2026-11-12', 106_000);
    expect(await heldAs(p, row({ meter: p.meter.number, value: '0105000' }))).toBe('accepted');
  });
});

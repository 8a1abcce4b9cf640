// The demo conversion set (issue 16): the generator is deterministic, the committed sample and its
// errors copy are exactly what it writes, the headers are docs/IMPORT.md's canonical names,
// customers.csv is Windows-1252, the control totals are the sums of the rows written, and a
// 20,000-account set is written in a heap far smaller than the files (streamed).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CONVERSION_KINDS, REJECT_CODES, type ConversionKind } from '../../../src-shared/ipc/conversion-schemas';
import { FOLDER_ONLY_CODES, parseCsvLine, writeConversionErrors } from '../../../src-main/demo/conversion-errors';
import { CONVERSION_FILES, CONVERSION_HEADERS, writeConversionSet, type ConversionSetTotals } from '../../../src-main/demo/conversion-set';
import { runConversion } from '../../../src-main/core/conversion/run';
import { createSecrets } from '../../../src-main/core/secrets';
import { makeTestCore, tempDir as makeTempDir } from '../../helpers/core';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/conversion');
const SAMPLE = { accounts: 300, seed: 1, today: '2026-03-16' };

function read(dir: string, kind: ConversionKind): { header: string[]; rows: Array<Record<string, string>> } {
  const bytes = fs.readFileSync(path.join(dir, CONVERSION_FILES[kind]));
  const text = new TextDecoder(kind === 'customers' ? 'windows-1252' : 'utf-8', { fatal: true }).decode(bytes);
  const lines = text.split('\r\n');
  expect(lines.pop()).toBe('');
  const header = parseCsvLine(lines[0]!);
  return { header, rows: lines.slice(1).map((l) => Object.fromEntries(parseCsvLine(l).map((v, i) => [header[i]!, v]))) };
}

const cents = (s: string) => {
  const neg = s.startsWith('-');
  const [w, f = ''] = s.replace(/[-,]/g, '').split('.');
  return (neg ? -1 : 1) * (Number(w) * 100 + Number(f.padEnd(2, '0')));
};

const made: string[] = [];
function tempDir(prefix: string): string {
  const d = makeTempDir(prefix);
  made.push(d);
  return d;
}
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

/** The layouts' column names as docs/IMPORT.md writes them, per file (the first cell of each table row). */
function docColumns(): Record<string, string[]> {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/IMPORT.md'), 'utf8');
  const out: Record<string, string[]> = {};
  let file: string | null = null;
  for (const line of doc.split('\n')) {
    const h = /^### (\w+\.csv)$/.exec(line);
    if (h) {
      file = h[1]!;
      out[file] = [];
      continue;
    }
    if (line.startsWith('## ')) file = null;
    const cell = /^\| ((?:`\w+`(?:, )?)+)(?: \*)? \|/.exec(line);
    if (file && cell) out[file]!.push(...[...cell[1]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!));
  }
  return out;
}

describe('the demo conversion set', () => {
  it('is the same for the same seed, day and size, and different for another seed', () => {
    const a = tempDir('tc-cset-a-');
    const b = tempDir('tc-cset-b-');
    const c = tempDir('tc-cset-c-');
    const ta = writeConversionSet({ dir: a, ...SAMPLE, accounts: 120 });
    const tb = writeConversionSet({ dir: b, ...SAMPLE, accounts: 120 });
    writeConversionSet({ dir: c, ...SAMPLE, accounts: 120, seed: 2 });
    expect(tb).toEqual(ta);
    for (const kind of CONVERSION_KINDS) expect(fs.readFileSync(path.join(b, CONVERSION_FILES[kind])).equals(fs.readFileSync(path.join(a, CONVERSION_FILES[kind])))).toBe(true);
    expect(fs.readFileSync(path.join(c, 'accounts.csv')).equals(fs.readFileSync(path.join(a, 'accounts.csv')))).toBe(false);
  });

  it('matches the committed sample byte for byte (regenerate with npm run conversion-set if the generator changes)', () => {
    const dir = tempDir('tc-cset-sample-');
    writeConversionSet({ dir, ...SAMPLE });
    const committed = path.join(FIXTURES, 'sample');
    expect(listFiles(dir)).toEqual(listFiles(committed));
    for (const f of listFiles(dir)) expect(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(committed, f))), f).toBe(true);
  });

  it('matches the committed errors copy, which has a reject of every code a folder of files can show', () => {
    const dir = tempDir('tc-cset-errors-');
    writeConversionSet({ dir, ...SAMPLE });
    const r = writeConversionErrors(dir);
    const committed = path.join(FIXTURES, 'sample-errors');
    expect(listFiles(dir)).toEqual(listFiles(committed));
    for (const f of listFiles(dir)) expect(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(committed, f))), f).toBe(true);

    const codes = new Set(r.expected.map((e) => e.code));
    for (const code of REJECT_CODES) expect(codes.has(code), code).toBe(!FOLDER_ONLY_CODES.includes(code));
    // The cascade: customer -> its account -> that account's charges (and its other rows).
    const refs = r.expected.filter((e) => e.code === 'REFERENCE_REJECTED');
    expect(refs.filter((e) => e.file === 'accounts.csv').map((e) => e.column)).toEqual(['customer_id']);
    expect(refs.filter((e) => e.file === 'open_charges.csv').length).toBeGreaterThanOrEqual(2);
    // Each expected reject names a row that exists, and its column is in the header (or is the whole row).
    const sets = Object.fromEntries(CONVERSION_KINDS.map((k) => [CONVERSION_FILES[k], read(dir, k)]));
    for (const e of r.expected) {
      expect(e.line).toBeGreaterThanOrEqual(2);
      expect(e.line - 2).toBeLessThan(sets[e.file]!.rows.length);
      if (e.column) expect(sets[e.file]!.header).toContain(e.column);
    }
    // The rows the cascade names refer to the account of the customer rejected for its tax id.
    const badCustomer = sets['customers.csv']!.rows.find((row) => row.tax_id === '666123456')!.customer_id;
    const badAccount = sets['accounts.csv']!.rows[refs.find((e) => e.file === 'accounts.csv')!.line - 2]!;
    expect(badAccount.customer_id).toBe(badCustomer);
    for (const e of refs.filter((x) => x.file !== 'accounts.csv')) expect(sets[e.file]!.rows[e.line - 2]!.account_number).toBe(badAccount.account_number);
    const csv = fs.readFileSync(path.join(dir, 'expected-rejects.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('file,line,column,code');
    expect(csv.length - 2).toBe(r.expected.length);
  });

  it("writes docs/IMPORT.md's canonical column names as the headers, every one of them", () => {
    const doc = docColumns();
    expect(Object.keys(doc).sort()).toEqual(Object.values(CONVERSION_FILES).sort());
    for (const kind of CONVERSION_KINDS) {
      expect(CONVERSION_HEADERS[kind], kind).toEqual(doc[CONVERSION_FILES[kind]]);
      expect(read(path.join(FIXTURES, 'sample'), kind).header).toEqual(doc[CONVERSION_FILES[kind]]);
    }
  });

  it('writes customers.csv in Windows-1252 (é, ñ as single bytes; not valid UTF-8) and the rest in UTF-8', () => {
    const dir = path.join(FIXTURES, 'sample');
    const bytes = fs.readFileSync(path.join(dir, 'customers.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = new TextDecoder('windows-1252').decode(bytes);
    expect(text).toMatch(/[éñíú]/);
    expect(bytes.includes(Buffer.from([0xe9])) || bytes.includes(Buffer.from([0xf1]))).toBe(true);
    for (const kind of CONVERSION_KINDS.filter((k) => k !== 'customers')) expect(() => new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(path.join(dir, CONVERSION_FILES[kind])))).not.toThrow();
    // history.csv: US dates and grouped amounts, quoted.
    const history = fs.readFileSync(path.join(dir, 'history.csv'), 'utf8');
    expect(history).toMatch(/\r\n\d\d-\d{6}-\d,\d\d\/\d\d\/\d{4},/);
    expect(history).toMatch(/,"\d,\d{3}\.\d\d",/);
  });

  it('returns control totals that are the sums of the rows it wrote', () => {
    const dir = tempDir('tc-cset-totals-');
    const t: ConversionSetTotals = writeConversionSet({ dir, ...SAMPLE, accounts: 2000 });
    const f = Object.fromEntries(CONVERSION_KINDS.map((k) => [k, read(dir, k).rows])) as Record<ConversionKind, Array<Record<string, string>>>;
    for (const kind of CONVERSION_KINDS) expect(t.rows[kind], kind).toBe(f[kind].length);
    expect(t.customers).toBe(f.customers.length);
    expect(t.accounts).toBe(2000);
    const status = { A: 'active', active: 'active', P: 'pending', F: 'final_billed', final: 'final_billed', C: 'closed' } as Record<string, keyof ConversionSetTotals['accountsByStatus']>;
    const byStatus = { pending: 0, active: 0, final_billed: 0, closed: 0 };
    for (const a of f.accounts) byStatus[status[a.status!]!]++;
    expect(t.accountsByStatus).toEqual(byStatus);
    for (const s of Object.values(t.accountsByStatus)) expect(s).toBeGreaterThan(0);

    const svc: Record<string, keyof ConversionSetTotals['balanceByService']> = { W: 'water', water: 'water', S: 'sewer', sewer: 'sewer', E: 'electric', electric: 'electric', G: 'solid_waste', solid_waste: 'solid_waste', D: 'stormwater', stormwater: 'stormwater' };
    const by = { water: 0, sewer: 0, electric: 0, solid_waste: 0, stormwater: 0 };
    let penalties = 0;
    let fees = 0;
    let forward = 0;
    let credits = 0;
    const aging = { currentCents: 0, days30Cents: 0, days60Cents: 0, days90Cents: 0 };
    const asOf = Date.parse(`${SAMPLE.today}T00:00:00Z`);
    for (const c of f.open_charges) {
      const amount = cents(c.amount!);
      if (c.service === 'CREDIT') {
        credits += Math.abs(amount);
        continue;
      }
      expect(amount).toBeGreaterThan(0);
      expect(c.due_date! >= c.bill_date!).toBe(true);
      if (c.service === 'PENALTY') penalties += amount;
      else if (c.service === 'FEE') fees += amount;
      else if (c.service === 'BALANCE') forward += amount;
      else by[svc[c.service!]!] += amount;
      const late = (asOf - Date.parse(`${c.due_date}T00:00:00Z`)) / 86_400_000;
      aging[late >= 90 ? 'days90Cents' : late >= 60 ? 'days60Cents' : late >= 30 ? 'days30Cents' : 'currentCents'] += amount;
    }
    expect(t.balanceByService).toEqual(by);
    expect([t.penaltiesCents, t.feesCents, t.balanceForwardCents, t.creditsCents]).toEqual([penalties, fees, forward, credits]);
    for (const v of [penalties, fees, forward, credits]) expect(v).toBeGreaterThan(0);
    expect(t.aging).toEqual(aging);
    for (const v of Object.values(aging)) expect(v).toBeGreaterThan(0);
    const receivable = Object.values(by).reduce((x, y) => x + y, 0) + penalties + fees + forward - credits;
    expect(t.receivableCents).toBe(receivable);
    expect(t.aging.currentCents + t.aging.days30Cents + t.aging.days60Cents + t.aging.days90Cents).toBe(receivable + credits);
    expect(t.openChargesCount + t.creditsCount).toBe(f.open_charges.length);
    expect([t.depositsCount, t.depositsCents]).toEqual([f.deposits.length, f.deposits.reduce((s, d) => s + cents(d.amount!), 0)]);
    // History: every total is the sum of its six amounts, paid no more than the total.
    let billed = 0;
    for (const h of f.history) {
      const total = cents(h.total!);
      expect(['water', 'sewer', 'electric', 'solid_waste', 'stormwater', 'fees'].reduce((s, k) => s + cents(h[k]!), 0)).toBe(total);
      expect(h.paid_amount ? cents(h.paid_amount) : 0).toBeLessThanOrEqual(total);
      billed += total;
    }
    expect([t.historyBills, t.historyBilledCents]).toEqual([f.history.length, billed]);
    expect([t.bankDrafts, t.medicalAlerts, t.notes]).toEqual([f.bank_drafts.length, f.medical_alerts.length, f.notes.length]);
    // About 8 % of locations have an older closed account beside the live one.
    const perLocation = new Map<string, number>();
    for (const a of f.accounts) perLocation.set(a.location_id!, (perLocation.get(a.location_id!) ?? 0) + 1);
    const shared = [...perLocation.values()].filter((n) => n > 1).length / perLocation.size;
    expect(shared).toBeGreaterThan(0.04);
    expect(shared).toBeLessThan(0.12);
  });

  it('writes a 20,000-account set with a 24 MiB heap (the files are more than twice that: streamed)', () => {
    const dir = tempDir('tc-cset-20k-');
    const script = path.join(dir, 'write.mts');
    fs.writeFileSync(
      script,
      `import { writeConversionSet } from ${JSON.stringify(path.join(ROOT, 'src-main/demo/conversion-set.ts'))};\n` +
        `const t = writeConversionSet({ dir: ${JSON.stringify(path.join(dir, 'set'))}, accounts: 20000, seed: 1, today: '2026-03-16' });\n` +
        'console.log(JSON.stringify({ accounts: t.accounts, heap: process.memoryUsage().heapUsed }));\n',
    );
    const r = spawnSync(process.execPath, ['--max-old-space-size=24', '--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim()).accounts).toBe(20_000);
    const bytes = fs.readdirSync(path.join(dir, 'set')).reduce((s, f) => s + fs.statSync(path.join(dir, 'set', f)).size, 0);
    expect(bytes).toBeGreaterThan(2 * 24 * 2 ** 20);
  }, 120_000);

  it("is what the importer reads: its dry-run summary equals the generator's control totals, and the errors copy gives exactly expected-rejects.csv", async () => {
    const keyFile = path.join(tempDir('tc-cset-key-'), 'key');
    const t = await makeTestCore({ boot: { keyFile } });
    try {
      const db = t.core.deps.db;
      const check = (dir: string) =>
        runConversion(db, {
          dir,
          dryRun: true,
          acceptRejects: false,
          asOf: SAMPLE.today,
          checkDigit: 'luhn',
          timeZone: 'America/New_York',
          userId: null,
          station: 'S1',
          secrets: createSecrets(db, keyFile),
          reportDir: path.join(tempDir('tc-cset-report-'), 'report'),
          now: () => t.clock.now(),
        });
      const dir = tempDir('tc-cset-import-');
      const totals = writeConversionSet({ dir, ...SAMPLE, accounts: 3000 });
      const r = check(dir);
      expect(r.rejects).toEqual([]);
      const s = r.summary;
      expect(s.files.map((f) => [f.kind, f.rowsRead, f.rowsAccepted, f.encoding])).toEqual(CONVERSION_KINDS.map((k) => [k, totals.rows[k], totals.rows[k], k === 'customers' ? 'windows-1252' : 'utf-8']));
      expect([s.customers, s.locations, s.meters, s.accounts]).toEqual([totals.customers, totals.locations, totals.meters, totals.accounts]);
      expect(s.accountsByStatus).toEqual(totals.accountsByStatus);
      expect(s.balanceByService).toEqual(totals.balanceByService);
      expect([s.penaltiesCents, s.feesCents, s.balanceForwardCents, s.creditsCents, s.receivableCents]).toEqual([totals.penaltiesCents, totals.feesCents, totals.balanceForwardCents, totals.creditsCents, totals.receivableCents]);
      expect(s.openChargesCount).toBe(totals.openChargesCount);
      expect([s.depositsCount, s.depositsCents]).toEqual([totals.depositsCount, totals.depositsCents]);
      expect(s.aging).toEqual(totals.aging);
      expect([s.historyBills, s.historyBilledCents, s.bankDrafts, s.medicalAlerts, s.notes]).toEqual([totals.historyBills, totals.historyBilledCents, totals.bankDrafts, totals.medicalAlerts, totals.notes]);

      const errors = check(path.join(FIXTURES, 'sample-errors'));
      const expected = fs.readFileSync(path.join(FIXTURES, 'sample-errors', 'expected-rejects.csv'), 'utf8').trim().split('\r\n').slice(1);
      expect(r.rejectCount).toBe(0);
      expect(errors.rejectCount).toBe(expected.length);
      const got = fs.readFileSync(errors.report!.rejectsCsv, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => parseCsvLine(l).slice(0, 4).join(','));
      expect(got).toEqual(expected);
    } finally {
      t.close();
    }
  }, 60_000);
});

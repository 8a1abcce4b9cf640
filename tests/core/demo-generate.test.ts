import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RateBook } from '../../src-main/core/billing/rates';
import { verifyLedger } from '../../src-main/core/ledger/verify';
import { averageMonthly, lastReading } from '../../src-main/core/work-orders/readings';
import { DEMO_UNKNOWN_METER, READINGS_HEADER, writeDemoReadingsFile } from '../../src-main/demo/readings-file';
import type { Db } from '../../src-main/db/open-ledger';
import { generateTown } from '../../src-main/demo/generate';
import { makeTestCore, tempDir, type TestCore } from '../helpers/core';

const TODAY = '2026-03-16';
const ACCOUNTS = 300;
const TABLES = ['customers', 'service_locations', 'accounts', 'account_services', 'account_notes', 'bills', 'charges', 'journal_entries', 'journal_lines', 'allocations', 'routes', 'meters', 'meter_readings', 'bill_readings'];
const REPO = path.resolve(__dirname, '../..');

function tableHashes(db: Db): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const h = crypto.createHash('sha256');
    for (const row of db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().iterate()) h.update(JSON.stringify(row));
    out[t] = h.digest('hex').slice(0, 16);
  }
  return out;
}

/** Indexes and triggers, which a bulk load drops and must put back exactly. */
function schemaObjects(db: Db): string[] {
  return (db.prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') AS s FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name").all() as Array<{ s: string }>).map((r) => r.s);
}

describe('the demo town generator', () => {
  let t: TestCore;
  let token: string;
  beforeAll(async () => {
    t = await makeTestCore({ town: { accounts: ACCOUNTS, seed: 1 } });
    token = await t.signIn('clerk');
  });
  afterAll(() => t.close());

  it('is deterministic: the same seed, day and size give the same rows; another seed does not', async () => {
    const again = await makeTestCore({ town: { accounts: ACCOUNTS, seed: 1 } });
    const other = await makeTestCore({ town: { accounts: ACCOUNTS, seed: 2 } });
    const base = tableHashes(t.core.deps.db);
    expect(tableHashes(again.core.deps.db)).toEqual(base);
    const different = tableHashes(other.core.deps.db);
    for (const table of ['customers', 'bills', 'journal_lines']) expect(different[table]).not.toBe(base[table]);
    again.close();
    other.close();
  });

  it('writes a ledger that verifies clean, with every foreign key resolved', async () => {
    const db = t.core.deps.db;
    const report = verifyLedger(db, new Date());
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(report.counts.accounts).toBe(ACCOUNTS);
    expect((await t.must('ledger.verify', {}, await t.signIn('supervisor'))).ok).toBe(true);
  });

  it('models the conversion: converted history, one opening entry of balances forward and deposits, then ledger bills and payments', () => {
    const db = t.core.deps.db;
    const one = <T>(sql: string) => db.prepare(sql).get() as T;
    const conversion = '2026-01-30'; // 45 days before today
    // Converted bills carry what the old system recorded and no journal entry; at most 24 each.
    expect(one<{ n: number }>('SELECT max(n) AS n FROM (SELECT count(*) AS n FROM bills WHERE entry_id IS NULL GROUP BY account_id)').n).toBe(24);
    expect(one<{ late: string }>('SELECT max(bill_date) AS late FROM bills WHERE entry_id IS NULL').late <= conversion).toBe(true);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM bills WHERE entry_id IS NULL AND converted_paid_cents > 0 AND converted_paid_cents < total_cents').n).toBeGreaterThan(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM bills WHERE entry_id IS NULL AND converted_paid_on > due_date').n).toBeGreaterThan(0);
    // One opening entry on the conversion date: receivables per account, deposits, GL 3900.
    const opening = db.prepare("SELECT id, business_date FROM journal_entries WHERE kind = 'opening_balance'").all() as Array<{ id: number; business_date: string }>;
    expect(opening).toEqual([{ id: 1, business_date: conversion }]);
    const gl = (code: string) => one<{ n: number; s: number }>(`SELECT count(*) AS n, sum(amount_cents) AS s FROM journal_lines WHERE entry_id = 1 AND gl_code = '${code}'`);
    expect(gl('1200').n).toBeGreaterThan(ACCOUNTS / 5);
    expect(gl('2200').n).toBeGreaterThan(ACCOUNTS / 3);
    expect(gl('3900').s).toBe(-(gl('1200').s + gl('2200').s));
    expect(one<{ n: number }>("SELECT count(*) AS n FROM charges WHERE kind = 'balance_forward' AND (entry_id <> 1 OR gl_code <> '3900' OR description NOT LIKE 'Balance forward from previous system%')").n).toBe(0);
    // Bills since the conversion are posted: one entry per billing run, charges per service line.
    const runs = db.prepare("SELECT business_date FROM journal_entries WHERE kind = 'bill' ORDER BY id").all() as Array<{ business_date: string }>;
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (const r of runs) expect(r.business_date > conversion && r.business_date <= TODAY && ['01', '08', '15', '22'].includes(r.business_date.slice(8))).toBe(true);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM bills b WHERE entry_id IS NOT NULL AND total_cents <> (SELECT sum(amount_cents) FROM charges c WHERE c.bill_id = b.id AND c.kind = 'service')").n).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM bills WHERE due_date <> date(bill_date, '+20 days')").n).toBe(0);
    // Payments: tender debit, receivables credit, allocated oldest due first.
    const memos = (db.prepare("SELECT DISTINCT memo FROM journal_entries WHERE kind = 'payment' ORDER BY memo").all() as Array<{ memo: string }>).map((r) => r.memo);
    expect(memos).toEqual(['Bank draft', 'Counter payment', 'Mail payment']);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.kind = 'payment' AND l.gl_code NOT IN ('1010', '1020', '1030', '1060', '1200')").n).toBe(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM allocations').n).toBeGreaterThan(ACCOUNTS / 2);
    // Entry ids of payments follow their date and time.
    const order = db.prepare("SELECT business_date, posted_at FROM journal_entries WHERE kind IN ('payment', 'deposit') ORDER BY id").all() as Array<{ business_date: string; posted_at: string }>;
    expect(order.map((e) => e.posted_at)).toEqual([...order.map((e) => e.posted_at)].sort());
    expect(order.every((e) => e.business_date > conversion && e.business_date <= TODAY)).toBe(true);
  });

  it('has the mix a clerk expects: statuses, commercial accounts, flags, notes, and 30/60/90-day past-due accounts', async () => {
    const db = t.core.deps.db;
    const count = (where: string) => (db.prepare(`SELECT count(*) AS n FROM accounts a JOIN service_locations l ON l.id = a.location_id WHERE ${where}`).get() as { n: number }).n;
    expect(count("status = 'active'")).toBeGreaterThan(ACCOUNTS * 0.9);
    expect(count("status = 'closed'")).toBeGreaterThan(0);
    expect(count("status = 'final_billed'")).toBeGreaterThan(0);
    expect(count("l.service_class = 'commercial'")).toBeGreaterThan(ACCOUNTS * 0.04);
    expect(count('bank_draft = 1')).toBeGreaterThan(0);
    expect(count('billing_cycle = 1') * count('billing_cycle = 4')).toBeGreaterThan(0);
    expect((db.prepare('SELECT count(*) AS n FROM account_notes').get() as { n: number }).n).toBeGreaterThan(0);
    expect((db.prepare("SELECT count(*) AS n FROM customers WHERE kind = 'business' AND business_name GLOB '* *'").get() as { n: number }).n).toBeGreaterThan(0);
    expect((db.prepare("SELECT count(*) AS n FROM customers WHERE mail_city <> 'Mayberry' OR mail_street LIKE 'PO Box%'").get() as { n: number }).n).toBeGreaterThan(0);

    // Through the contract, as the account page sees it.
    const tally = { medicalAlert: 0, days30: 0, days60: 0, days90: 0, closedWithBalance: 0, withDeposit: 0, converted: 0 };
    for (let id = 1; id <= ACCOUNTS; id++) {
      const a = await t.must('accounts.get', { accountId: id }, token);
      if (a.flags.medicalAlert) tally.medicalAlert++;
      if (a.aging.days30 > 0) tally.days30++;
      if (a.aging.days60 > 0) tally.days60++;
      if (a.aging.days90 > 0) tally.days90++;
      if (a.status === 'closed' && a.balanceCents !== 0) tally.closedWithBalance++;
      if (a.depositCents > 0) tally.withDeposit++;
      if (a.bills.some((b) => b.converted)) tally.converted++;
    }
    expect(tally.medicalAlert).toBeGreaterThan(0);
    expect(tally.days30).toBeGreaterThan(0);
    expect(tally.days60).toBeGreaterThan(0);
    expect(tally.days90).toBeGreaterThan(0);
    expect(tally.days30 + tally.days60 + tally.days90).toBeLessThan(ACCOUNTS * 0.15);
    expect(tally.closedWithBalance).toBe(0);
    expect(tally.withDeposit).toBeGreaterThan(ACCOUNTS / 2);
    expect(tally.converted).toBeGreaterThan(ACCOUNTS * 0.8);
  });

  it('prices every bill with the rate engine: each line is RateBook.periodCharge for the bill\'s consumption', () => {
    const db = t.core.deps.db;
    const book = RateBook.load(db);
    const bills = db
      .prepare(
        `SELECT b.*, l.service_class AS cls, l.inside_limits AS inside, l.eru_hundredths AS eru, a.id AS account
           FROM bills b JOIN accounts a ON a.id = b.account_id JOIN service_locations l ON l.id = a.location_id`,
      )
      .all() as Array<Record<string, number | string | null> & { cls: 'residential' | 'commercial'; inside: number; eru: number; period_from: string; period_to: string; bill_kind: string }>;
    const services = (db.prepare('SELECT account_id, group_concat(service) AS s FROM account_services GROUP BY account_id').all() as Array<{ account_id: number; s: string }>).reduce(
      (m, r) => m.set(r.account_id, r.s.split(',')),
      new Map<number, string[]>(),
    );
    expect(bills.length).toBeGreaterThan(ACCOUNTS * 15);
    let finals = 0;
    let outside = 0;
    let multiEru = 0;
    for (const b of bills) {
      const final = b.bill_kind === 'final';
      if (final) finals++;
      if (!b.inside) outside++;
      const has = services.get(b.account as number) ?? [];
      const expectLine = (service: 'water' | 'sewer' | 'electric' | 'solid_waste' | 'stormwater', units: number | null) => {
        const want = has.includes(service) ? (book.periodCharge(service, b.cls, { units, insideLimits: b.inside === 1, eruHundredths: b.eru }, b.period_from, b.period_to, { final })?.cents ?? 0) : 0;
        expect({ bill: b.id, service, cents: b[`${service}_cents`] }).toEqual({ bill: b.id, service, cents: want });
      };
      expectLine('water', b.water_gallons as number | null);
      expectLine('sewer', b.water_gallons as number | null);
      expectLine('electric', b.electric_kwh as number | null);
      expectLine('solid_waste', null);
      expectLine('stormwater', null);
      if (has.includes('stormwater') && b.eru > 100) multiEru++;
    }
    // Closed and final-billed accounts' last bills are final bills (fixed charges prorated by days).
    expect(finals).toBeGreaterThan(0);
    expect(finals).toBe((db.prepare("SELECT count(*) AS n FROM accounts WHERE status IN ('closed', 'final_billed') AND EXISTS (SELECT 1 FROM bills WHERE account_id = accounts.id)").get() as { n: number }).n);
    expect(outside).toBeGreaterThan(0);
    expect(multiEru).toBeGreaterThan(0);
    // A residential inside-limits bill of 5,400 gallons would be $18.50 + 3.4 x $6.25 = $39.75 for water.
    expect(book.periodCharge('water', 'residential', { units: 5400, insideLimits: true, eruHundredths: 100 }, '2026-01-01', '2026-01-31')!.cents).toBe(3975);
  });

  it('gives every premise its meters, a route and a read sequence, and a chain of readings behind the last 13 months of bills', () => {
    const db = t.core.deps.db;
    const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;
    // Each location's meter numbers are meters in service there; routes belong to the accounts' cycle.
    expect(one<{ n: number }>("SELECT count(*) AS n FROM service_locations l WHERE l.water_meter IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meters m WHERE m.location_id = l.id AND m.service = 'water' AND m.number = l.water_meter AND m.removed_on IS NULL)").n).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM service_locations l WHERE l.electric_meter IS NOT NULL AND NOT EXISTS (SELECT 1 FROM meters m WHERE m.location_id = l.id AND m.service = 'electric' AND m.number = l.electric_meter AND m.removed_on IS NULL)").n).toBe(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM service_locations WHERE route_code IS NULL OR read_sequence IS NULL').n).toBe(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM accounts a JOIN service_locations l ON l.id = a.location_id JOIN routes r ON r.code = l.route_code WHERE r.cycle <> a.billing_cycle').n).toBe(0);
    // A premise's first meters were set by the day its first account opened (a replacement later).
    expect(one<{ n: number }>('SELECT count(*) AS n FROM meters m JOIN accounts a ON a.location_id = m.location_id WHERE m.installed_on > a.opened_on AND m.id = (SELECT min(id) FROM meters x WHERE x.location_id = m.location_id AND x.service = m.service)').n).toBe(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM meters WHERE removed_on IS NOT NULL AND removal_reading IS NOT NULL").n).toBeGreaterThan(0);
    expect(one<{ n: number }>("SELECT count(*) AS n FROM meters WHERE (service = 'water' AND dials NOT IN (6, 7)) OR (service = 'electric' AND dials NOT IN (5, 6)) OR multiplier <> 1").n).toBe(0);

    // Every metered bill since 13 months ago has its readings: on the premise's meters of that
    // service, the register moved by the bill's consumption between the reading before its period
    // and the one at its end (past a rollover; across a meter change, the old meter's share to its
    // removal and the new one's from zero).
    const since = '2025-02-14'; // 400 days before today
    const dials = new Map((db.prepare('SELECT id, dials FROM meters').all() as Array<{ id: number; dials: number }>).map((m) => [m.id, m.dials]));
    const readings = db.prepare("SELECT id, location_id, service, meter_id, read_on, value, read_code FROM meter_readings WHERE source = 'demo' ORDER BY meter_id, read_on, id").all() as Array<{
      id: number; location_id: number; service: string; meter_id: number; read_on: string; value: number; read_code: string;
    }>;
    const used = new Map<string, Array<{ on: string; units: number }>>();
    const before = new Map<number, { read_on: string; value: number }>();
    let rollovers = 0;
    readings.forEach((r, k) => {
      const prev = k > 0 && readings[k - 1]!.meter_id === r.meter_id ? readings[k - 1]! : null;
      if (prev) before.set(r.id, prev);
      const mod = 10 ** dials.get(r.meter_id)!;
      const units = prev ? (r.value - prev.value + mod) % mod : 0;
      if (prev && r.value < prev.value) {
        rollovers++;
        expect(r.read_code).toBe('rollover');
      }
      const key = `${r.location_id}|${r.service}`;
      used.set(key, [...(used.get(key) ?? []), { on: r.read_on, units }]);
    });
    expect(rollovers).toBeGreaterThan(0);
    const bills = db
      .prepare(
        `SELECT b.id, a.location_id, b.period_from, b.period_to, b.water_gallons, b.electric_kwh FROM bills b JOIN accounts a ON a.id = b.account_id
          WHERE b.bill_date >= ? AND (b.water_gallons IS NOT NULL OR b.electric_kwh IS NOT NULL)`,
      )
      .all(since) as Array<{ id: number; location_id: number; period_from: string; period_to: string; water_gallons: number | null; electric_kwh: number | null }>;
    expect(bills.length).toBeGreaterThan(ACCOUNTS * 10);
    for (const b of bills) {
      for (const [service, want] of [['water', b.water_gallons], ['electric', b.electric_kwh]] as const) {
        if (want === null) continue;
        const list = used.get(`${b.location_id}|${service}`) ?? [];
        expect(list.some((r) => r.on === b.period_to), `bill ${b.id} ${service} read at its period end`).toBe(true);
        const sum = list.filter((r) => r.on >= b.period_from && r.on <= b.period_to).reduce((s, r) => s + r.units, 0);
        expect({ bill: b.id, service, units: sum }).toEqual({ bill: b.id, service, units: want });
      }
    }
    // Bills posted in the ledger carry bill_readings: the reading they name, previous and current, the consumption.
    const missing = one<{ n: number }>(
      `SELECT count(*) AS n FROM bills b WHERE b.entry_id IS NOT NULL AND (
         (b.water_gallons IS NOT NULL AND coalesce((SELECT sum(consumption) FROM bill_readings r WHERE r.bill_id = b.id AND r.service = 'water'), -1) <> b.water_gallons) OR
         (b.electric_kwh IS NOT NULL AND coalesce((SELECT sum(consumption) FROM bill_readings r WHERE r.bill_id = b.id AND r.service = 'electric'), -1) <> b.electric_kwh))`,
    );
    expect(missing.n).toBe(0);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM bill_readings r JOIN bills b ON b.id = r.bill_id WHERE b.entry_id IS NULL').n).toBe(0);
    const rows = db
      .prepare(
        `SELECT r.*, m.dials, cur.value AS cur_reading, cur.read_on AS cur_on, cur.meter_id AS cur_meter, cur.source, b.period_from
           FROM bill_readings r JOIN meters m ON m.id = r.meter_id JOIN meter_readings cur ON cur.id = r.cur_reading_id JOIN bills b ON b.id = r.bill_id`,
      )
      .all() as Array<Record<string, number | string | null> & { dials: number; prev_value: number; cur_value: number; consumption: number }>;
    expect(rows.length).toBeGreaterThan(ACCOUNTS);
    for (const r of rows) {
      expect(r.cur_reading).toBe(r.cur_value);
      expect(r.cur_on).toBe(r.cur_read_on);
      expect(r.cur_meter).toBe(r.meter_id);
      expect(r.source).toBe('demo');
      expect((r.cur_value - r.prev_value + 10 ** r.dials) % 10 ** r.dials).toBe(r.consumption);
      const prev = before.get(r.cur_reading_id as number);
      expect({ on: prev?.read_on, value: prev?.value }).toEqual({ on: r.prev_read_on, value: r.prev_value });
    }
    // Metered active accounts have at least 13 months of readings.
    const short = one<{ n: number }>(
      `SELECT count(*) AS n FROM accounts a JOIN service_locations l ON l.id = a.location_id
        WHERE a.status = 'active' AND a.opened_on < '2024-12-01' AND l.water_meter IS NOT NULL
          AND (SELECT count(*) FROM meter_readings r WHERE r.location_id = l.id AND r.service = 'water' AND r.read_on >= '2025-02-16') < 13`,
    );
    expect(short.n).toBe(0);
  });

  it('writes the next cycle\'s readings file in the default profile: known meters, plausible readings and a few deliberate problems', () => {
    const db = t.core.deps.db;
    const dir = tempDir('tc-reads-');
    const file = path.join(dir, 'reads.csv');
    const made = writeDemoReadingsFile(db, { file, today: TODAY });
    // Today 2026-03-16: the next bill date is cycle 4's 2026-03-22; read today (within its window).
    expect(made).toMatchObject({ cycle: 4, period: '2026-03', billDate: '2026-03-22', readDate: TODAY });
    const lines = fs.readFileSync(file, 'utf8').split('\r\n').filter((l) => l !== '');
    expect(lines[0]!.split(',')).toEqual([...READINGS_HEADER]);
    const rows = lines.slice(1).map((l) => {
      const cells = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
      return Object.fromEntries(READINGS_HEADER.map((h, k) => [h, cells[k] ?? ''])) as Record<(typeof READINGS_HEADER)[number], string>;
    });
    expect(rows.length).toBe(made.rows);
    expect(made.problems.map((p) => p.problem).sort()).toEqual(['high_consumption', 'lower_than_last', 'no_access', 'unknown_meter']);
    const meter = db.prepare("SELECT m.service, m.dials, l.route_code, a.number AS account, a.id FROM meters m JOIN service_locations l ON l.id = m.location_id JOIN accounts a ON a.location_id = l.id AND a.status = 'active' WHERE m.number = ? AND m.removed_on IS NULL");
    const activeMeters = (db.prepare("SELECT count(*) AS n FROM meters m JOIN accounts a ON a.location_id = m.location_id AND a.status = 'active' AND a.billing_cycle = 4 WHERE m.removed_on IS NULL").get() as { n: number }).n;
    expect(rows.length).toBe(activeMeters + 1);
    let plausible = 0;
    rows.forEach((r, k) => {
      const problem = made.problems.find((p) => p.line === k + 2)?.problem;
      if (problem === 'unknown_meter') {
        expect(r.meter_number).toBe(DEMO_UNKNOWN_METER);
        expect(meter.get(r.meter_number)).toBeUndefined();
        return;
      }
      const m = meter.get(r.meter_number) as { service: 'water' | 'electric'; dials: number; route_code: string; account: string; id: number } | undefined;
      expect(m, r.meter_number).toBeDefined();
      expect(r.route).toBe(m!.route_code);
      expect(r.account_number).toBe(m!.account);
      expect(r.read_date).toBe(TODAY);
      expect(r.sequence).toMatch(/^\d{4}$/);
      if (problem === 'no_access') {
        expect([r.reading, r.read_code]).toEqual(['', 'NA']);
        return;
      }
      expect(r.read_code).toBe('OK');
      expect(r.reading).toMatch(new RegExp(`^\\d{${m!.dials}}$`));
      const last = lastReading(db, m!.service, r.meter_number)!;
      const used = (Number(r.reading) - last.value + 10 ** m!.dials) % 10 ** m!.dials;
      if (problem === 'lower_than_last') expect(Number(r.reading)).toBeLessThan(last.value);
      else if (problem === 'high_consumption') expect(used).toBeGreaterThan(0);
      else {
        // Plausible as the reading checks see it: scaled to a month, within 0.3x..3x of the 12-month average.
        const avg = averageMonthly(db, m!.id, m!.service);
        const days = (Date.parse(TODAY) - Date.parse(last.readOn)) / 86_400_000;
        if (avg !== null && avg > 0 && days >= 7) {
          plausible++;
          expect((used * 30) / days, r.meter_number).toBeLessThan(avg * 3);
          expect((used * 30) / days, r.meter_number).toBeGreaterThan(avg * 0.3);
        }
      }
    });
    expect(plausible).toBeGreaterThan(rows.length / 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is found by part of a name, by account number, by address and by phone', async () => {
    const db = t.core.deps.db;
    const a = db
      .prepare(
        `SELECT a.id, a.number, c.first_name AS first, c.last_name AS last, c.phone, l.street
           FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id
          WHERE c.kind = 'person' AND c.phone IS NOT NULL AND l.unit IS NULL ORDER BY a.id DESC LIMIT 1`,
      )
      .get() as { id: number; number: string; first: string; last: string; phone: string; street: string };
    const biz = db.prepare("SELECT a.id, c.business_name AS name FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.kind = 'business' LIMIT 1").get() as { id: number; name: string };
    const find = async (query: string, id: number) => {
      const r = await t.must('accounts.search', { query, limit: 100 }, token);
      return r.results.some((x) => x.id === id);
    };
    const [houseNumber, streetWord] = a.street.split(' ') as [string, string];
    const digits = a.phone.replace(/\D/g, '');
    expect(await find(`${a.first} ${a.last.slice(0, 3)}`, a.id)).toBe(true);
    expect(await find(a.last.slice(0, 4).toLowerCase(), a.id)).toBe(true);
    expect(await find(biz.name.split(' ')[0]!, biz.id)).toBe(true);
    expect(await find(a.number, a.id)).toBe(true);
    expect(await find(a.number.replace('-', ''), a.id)).toBe(true);
    expect(await find(String(a.id), a.id)).toBe(true);
    expect(await find(`${houseNumber} ${streetWord.slice(0, 4)}`, a.id)).toBe(true);
    expect(await find(a.phone, a.id)).toBe(true);
    expect(await find(digits, a.id)).toBe(true);
    expect(await find(digits.slice(-7, -3), a.id)).toBe(true);
    expect(await find('zzzzqqq', a.id)).toBe(false);
  });

  it('bulk-loads a new file (journaling off, indexes dropped and rebuilt) to exactly the same rows and schema', async () => {
    const dir = tempDir('tc-demo-');
    const bulk = await makeTestCore({ file: path.join(dir, 'ledger.sqlite') });
    const db = bulk.core.deps.db;
    const before = schemaObjects(db);
    await generateTown(db, { accounts: ACCOUNTS, seed: 1, today: TODAY, bulkLoad: true });
    expect(schemaObjects(db)).toEqual(before);
    expect(String(db.pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(tableHashes(db)).toEqual(tableHashes(t.core.deps.db));
    await expect(generateTown(db, { accounts: 10, seed: 1, today: TODAY })).rejects.toThrow(/empty ledger/);
    bulk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('handles a tiny town', async () => {
    const tiny = await makeTestCore({ town: { accounts: 3, seed: 5 } });
    expect(verifyLedger(tiny.core.deps.db, new Date()).violations).toEqual([]);
    tiny.close();
  });
});

describe('npm run seed (scripts/seed.ts)', () => {
  const seed = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } });

  it('creates a new ledger (bills written on a worker thread) identical to the in-process town, and refuses to overwrite it', async () => {
    const dir = tempDir('tc-seed-');
    const file = path.join(dir, 'town.sqlite');
    const made = seed(['--db', file, '--accounts', String(ACCOUNTS), '--seed', '1', '--today', TODAY]);
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/accounts 300 \(/);
    expect(made.stdout).toMatch(/cashier\s+1111/);
    expect(made.stdout).toMatch(/supervisor\s+9999/);
    expect(fs.readdirSync(dir).sort()).toEqual(['town-readings-cycle4-2026-03.csv', 'town.sqlite']);
    expect(made.stdout).toMatch(/meter readings to import \(cycle 4, 2026-03, [\d,]+ rows\): .*town-readings-cycle4-2026-03\.csv/);

    const onFile = await makeTestCore({ file, users: false });
    const reference = await makeTestCore({ town: { accounts: ACCOUNTS, seed: 1 } });
    // The seed also gives the town its work orders (src-main/core/work-orders/demo.ts).
    const { generateDemoWorkOrders } = await import('../../src-main/core/work-orders/demo');
    generateDemoWorkOrders(reference.core.deps.db, { today: TODAY, timeZone: 'America/New_York', seed: 1 });
    // … and the arrangements behind its flags and a few adjustments waiting for approval (service-desk/adjustments-demo.ts).
    const { generateDemoAdjustments } = await import('../../src-main/core/service-desk/adjustments-demo');
    const desk = generateDemoAdjustments(reference.core.deps.db, { today: TODAY, timeZone: 'America/New_York', seed: 1 });
    expect(desk.arrangements).toBeGreaterThan(0);
    expect(desk.pending).toBeGreaterThan(0);
    const rdb = reference.core.deps.db;
    expect(rdb.prepare('SELECT count(*) AS n FROM accounts WHERE payment_arrangement = 1').get()).toEqual({ n: desk.arrangements });
    expect(rdb.prepare("SELECT count(*) AS n FROM accounts a WHERE payment_arrangement = 1 AND NOT EXISTS (SELECT 1 FROM arrangements r WHERE r.account_id = a.id AND r.status = 'active')").get()).toEqual({ n: 0 });
    expect(tableHashes(onFile.core.deps.db)).toEqual(tableHashes(reference.core.deps.db));
    const db = onFile.core.deps.db;
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(verifyLedger(db, new Date()).ok).toBe(true);
    expect(String(db.pragma('journal_mode', { simple: true }))).toBe('wal');
    // The search index was built in a side file and copied in: it is whole and it finds people.
    db.prepare("INSERT INTO account_search (account_search, rank) VALUES ('integrity-check', 1)").run();
    const someone = db.prepare("SELECT a.id, c.last_name AS last FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.kind = 'person' ORDER BY a.id DESC LIMIT 1").get() as { id: number; last: string };
    const found = await onFile.must('accounts.search', { query: someone.last, limit: 100 }, await onFile.signIn('clerk'));
    expect(found.results.map((r) => r.id)).toContain(someone.id);
    onFile.close();
    reference.close();

    const size = fs.statSync(file).size;
    const refused = seed(['--db', file, '--accounts', '10']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/already exists; pass --force/);
    expect(fs.statSync(file).size).toBe(size);

    const bad = seed(['--db', path.join(dir, 'x.sqlite'), '--accounts', 'many']);
    expect(bad.status).toBe(2);
    expect(fs.existsSync(path.join(dir, 'x.sqlite'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('createDemoLedger', () => {
  it('builds the ledger under a temporary name and leaves nothing at the path when generation fails', async () => {
    const { createDemoLedger } = await import('../../src-main/demo/demo-ledger');
    const { MIGRATIONS_DIR, tempDir } = await import('../helpers/core');
    const fsMod = await import('node:fs');
    const pathMod = await import('node:path');
    const dir = tempDir('tc-demo-atomic-');
    const file = pathMod.join(dir, 'demo.sqlite');
    const seen: string[] = [];
    await expect(
      createDemoLedger({
        file,
        migrationsDir: MIGRATIONS_DIR,
        accounts: 50,
        today: '2026-03-16',
        onProgress: (m) => {
          seen.push(...fsMod.readdirSync(dir));
          if (m.startsWith('payments')) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    expect(seen).toContain('demo.sqlite.creating');
    expect(seen).not.toContain('demo.sqlite');
    expect(fsMod.readdirSync(dir)).toEqual([]);
    await createDemoLedger({ file, migrationsDir: MIGRATIONS_DIR, accounts: 50, today: '2026-03-16' });
    expect(fsMod.readdirSync(dir).filter((f) => !f.endsWith('-shm') && !f.endsWith('-wal')).sort()).toEqual(['demo-readings-cycle4-2026-03.csv', 'demo.sqlite']);
    await expect(createDemoLedger({ file, migrationsDir: MIGRATIONS_DIR, accounts: 50, today: '2026-03-16' })).rejects.toThrow(/already exists/);
  });
});

// The billing run on the demo town (meters, routes, 13 months of readings and bill_readings):
// the period the demo already billed is not billed twice; the next period is held for want of
// readings until its readings file is in (here written straight into meter_readings, the rows
// the import would accept), then billed from where each meter's last bill stopped.
import fs from 'node:fs';
import path from 'node:path';
import { writeDemoReadingsFile } from '../../../src-main/demo/readings-file';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';

let t: TestCore;
let sup: string;
const dir = tempDir('tc-billrun-demo-');

beforeAll(async () => {
  t = await makeTestCore({ town: { accounts: 400, seed: 3 } });
  sup = await t.signIn('supervisor');
}, 120_000);

afterAll(() => {
  t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('billing run on the demo town', () => {
  it('does not bill again a period the town already billed', async () => {
    const db = t.core.deps.db;
    const last = db.prepare("SELECT max(b.bill_date) FROM bills b JOIN accounts a ON a.id = b.account_id WHERE a.billing_cycle = 1 AND b.bill_kind = 'regular'").pluck().get() as string;
    const p = await t.must('billing.preview', { cycle: 1, period: last.slice(0, 7) }, sup);
    expect(p.billDate).toBe(last);
    expect(p.toBill).toBe(0);
    expect(p.held.length).toBeGreaterThan(0);
    expect(p.held.filter((h) => h.reasons.some((r) => r.startsWith(`already has a bill dated ${last}`))).length).toBeGreaterThan(0);
    expect(p.lastMonth.bills).toBeGreaterThan(0);
  });

  it("bills the next period from its readings, continuing each meter's register", async () => {
    const db = t.core.deps.db;
    const file = writeDemoReadingsFile(db, { file: path.join(dir, 'reads.csv'), today: t.core.today() });
    const before = await t.must('billing.preview', { cycle: file.cycle, period: file.period }, sup);
    expect(before.toBill).toBe(0);
    expect(before.held.every((h) => h.reasons.some((r) => /no (water|electric) reading counting for billing/.test(r)))).toBe(true);

    // The rows an import would accept: known meters, a numeric reading, not one of the planted problems.
    const bad = new Set(file.problems.map((x) => x.line));
    const lines = fs.readFileSync(file.file, 'utf8').trimEnd().split('\r\n');
    const meterOf = db.prepare('SELECT id, location_id, service FROM meters WHERE number = ? AND removed_on IS NULL');
    const ins = db.prepare("INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, entered_at, meter_id) VALUES (?, ?, ?, ?, ?, 'handheld', 'ok', ?, ?)");
    let accepted = 0;
    db.transaction(() => {
      lines.slice(1).forEach((line, i) => {
        if (bad.has(i + 2)) return;
        const [, , meter, , readDate, reading] = line.split(',');
        const m = meterOf.get(meter) as { id: number; location_id: number; service: string } | undefined;
        if (!m || !reading) return;
        ins.run(m.location_id, m.service, meter, readDate, Number(reading), `${readDate}T20:00:00Z`, m.id);
        accepted++;
      });
    })();
    expect(accepted).toBeGreaterThan(10);

    const p = await t.must('billing.preview', { cycle: file.cycle, period: file.period }, sup);
    expect(p.toBill).toBeGreaterThan(0);
    const r = await t.must('billing.post', { cycle: file.cycle, period: file.period, confirm: true }, sup);
    expect(r.billedNow).toBe(p.toBill);
    expect(r.held).toBe(p.heldTotal);
    // Every water reading on the new bills starts where the meter's previous bill stopped.
    const rows = db
      .prepare(
        `SELECT br.meter_id, br.prev_value, br.prev_read_on, br.cur_value, br.consumption, m.dials, m.multiplier,
                (SELECT p.cur_value FROM bill_readings p JOIN bills pb ON pb.id = p.bill_id WHERE p.meter_id = br.meter_id AND pb.run_id IS NOT ? ORDER BY p.cur_read_on DESC LIMIT 1) AS last_billed
         FROM bill_readings br JOIN bills b ON b.id = br.bill_id JOIN meters m ON m.id = br.meter_id WHERE b.run_id = ?`,
      )
      .all(r.run.id, r.run.id) as Array<{ prev_value: number; cur_value: number; consumption: number; dials: number; multiplier: number; last_billed: number | null }>;
    expect(rows.length).toBeGreaterThan(0);
    const withHistory = rows.filter((x) => x.last_billed !== null);
    expect(withHistory.length).toBeGreaterThan(rows.length / 2);
    for (const x of withHistory) expect(x.prev_value).toBe(x.last_billed);
    for (const x of rows) expect(x.consumption).toBe(((x.cur_value - x.prev_value + 10 ** x.dials) % 10 ** x.dials) * x.multiplier);
    expect((await t.must('ledger.verify', {}, sup)).ok).toBe(true);
    expect((await t.must('billing.post', { cycle: file.cycle, period: file.period, confirm: true }, sup)).billedNow).toBe(0);
  });
});

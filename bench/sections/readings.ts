// The reading import of one cycle (the demo town's next readings file: every meter of a quarter
// of the town, ~190,000 rows at 500,000 accounts): readings.import through the real bridge —
// decode, parse, every row check, writes in chunks of ~50 ms — with its wall time, rows per
// second and the RSS sampled while it runs; beside raw better-sqlite3 inserting the same
// readings on a second connection in the same run. Meanwhile a cashier posts a counter payment
// every 100 ms through the same bridge (as the app serves both): its latency is counted from
// the moment it was due (target < 250 ms). Then the same file again (all unchanged). Runs on the
// scratch copy of the town.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { bootLedger } from '../../src-main/boot';
import { fixedClock } from '../../src-main/core/deps';
import { GL } from '../../src-main/core/ledger/gl';
import { Rng } from '../../src-main/demo/rng';
import { writeDemoReadingsFile } from '../../src-main/demo/readings-file';
import { createBridge } from '../../src-main/ipc/bridge';
import { cashierDuringBulk, latencyRows, mib, ROOT, type Row, type Section, type SectionContext } from '../harness';
import { STARTING_BANK_FOR_BENCH } from './payment-fixtures';

const PAYMENT_EVERY_MS = 100;

export const readingsSection: Section = {
  name: 'readings',
  async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
    const file = scratchCopy();
    const clock = fixedClock(`${town.today}T15:00:00Z`);
    const core = await bootLedger({ file, migrationsDir: path.join(ROOT, 'migrations'), station: 'S8', appVersion: 'bench', clock });
    const bridge = createBridge(core);
    const raw = new Database(file, { fileMustExist: true });
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('busy_timeout = 5000');
    const csv = `${file}-bench-readings.csv`;
    try {
      const db = core.deps.db;
      const call = async (method: string, input: unknown, token: string | null) => {
        const r = await bridge.invoke(method, input, token);
        if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
        return r.value as never;
      };
      const clerk = ((await call('session.signIn', { username: 'clerk', secret: '2222' }, null)) as { token: string }).token;
      const cashier = ((await call('session.signIn', { username: 'cashier', secret: '1111' }, null)) as { token: string }).token;
      const open = (await call('drawer.current', {}, cashier)) as { drawer: unknown };
      if (!open.drawer) await call('drawer.open', { counts: STARTING_BANK_FOR_BENCH }, cashier);

      let t = performance.now();
      const made = writeDemoReadingsFile(db, { file: csv, today: town.today });
      const bytes = fs.readFileSync(csv);
      log(`readings: cycle ${made.cycle} ${made.period}, ${made.rows} rows (${mib(bytes.length)}) written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const input = { fileName: path.basename(csv), contentBase64: bytes.toString('base64'), profile: 'default', cycle: made.cycle, period: made.period };

      const owing = db
        .prepare(`SELECT j.account_id AS id FROM journal_lines j JOIN accounts a ON a.id = j.account_id WHERE j.gl_code = '${GL.receivables}' AND a.billing_cycle <> ? GROUP BY j.account_id HAVING sum(j.amount_cents) > 3000 LIMIT 5000`)
        .pluck()
        .all(made.cycle) as number[];
      const rng = new Rng(31, 7);
      const cashierRun = cashierDuringBulk(PAYMENT_EVERY_MS, async (k) => {
        const account = owing[rng.int(0, owing.length - 1)]!;
        const amount = rng.int(500, 3000);
        await call('payments.post', { idempotencyKey: `bench-readings-pay-${k}`, lines: [{ type: 'account', accountId: account, amountCents: amount }], tenders: [{ kind: 'cash', amountCents: amount }] }, cashier);
      });
      t = performance.now();
      const first = (await call('readings.import', input, clerk)) as { importId: number; rowsRead: number; accepted: number; exceptions: number; notRead: number };
      const importMs = performance.now() - t;
      const { latencies, peakRss, rssBefore } = await cashierRun.stop();
      log(`readings: ${first.rowsRead} rows, ${first.accepted} accepted, ${first.exceptions} held, ${first.notRead} not read in ${(importMs / 1000).toFixed(1)} s; ${latencies.length} payments meanwhile`);

      t = performance.now();
      const again = (await call('readings.import', input, clerk)) as { unchanged: number };
      const againMs = performance.now() - t;

      // Raw better-sqlite3: the accepted readings again (another import id) on a second connection, 1,000 per transaction.
      const rows = db.prepare('SELECT location_id, service, meter_number, read_on, value, read_code, meter_id, reader FROM meter_readings WHERE import_id = ? ORDER BY id').all(first.importId) as Array<Record<string, string | number | null>>;
      const ins = raw.prepare("INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, entered_at, meter_id, reader) VALUES (?, ?, ?, ?, ?, 'handheld', ?, ?, ?, ?)");
      const at = clock.now().toISOString();
      const chunk = raw.transaction((part: typeof rows) => {
        for (const r of part) ins.run(r.location_id, r.service, r.meter_number, r.read_on, r.value, r.read_code, at, r.meter_id, r.reader);
      });
      t = performance.now();
      for (let i = 0; i < rows.length; i += 1000) chunk(rows.slice(i, i + 1000));
      const rawMs = performance.now() - t;

      return [
        {
          metric: `readings.import of cycle ${made.cycle} ${made.period} (${first.rowsRead.toLocaleString('en-US')} rows, ${mib(bytes.length)})`,
          ours: `${(importMs / 1000).toFixed(1)} s`,
          raw: `${(rawMs / 1000).toFixed(1)} s`,
          ratio: `${(importMs / rawMs).toFixed(1)}×`,
          note: `${first.accepted.toLocaleString('en-US')} accepted, ${first.exceptions} held; raw: the accepted rows inserted, 1,000 per transaction, no checks`,
        },
        { metric: 'reading rows per second', ours: `${Math.round(first.rowsRead / (importMs / 1000)).toLocaleString('en-US')}`, raw: `${Math.round(rows.length / (rawMs / 1000)).toLocaleString('en-US')}` },
        { metric: 'RSS during the import (peak; before)', ours: `${mib(peakRss)} (${mib(rssBefore)})` },
        ...latencyRows('counter payments.post during the import, from when it was due', latencies).map((r, i) => (i === 0 ? { ...r, note: `${r.note}; one every ${PAYMENT_EVERY_MS} ms, same process; target < 250 ms` } : r)),
        { metric: 'the same file again (nothing added)', ours: `${(againMs / 1000).toFixed(1)} s`, note: `${again.unchanged.toLocaleString('en-US')} unchanged` },
      ];
    } finally {
      raw.close();
      core.close();
      fs.rmSync(csv, { force: true });
    }
  },
};

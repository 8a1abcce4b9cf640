// The late penalty run and aging at town size, through the real bridge.
//
// penalties: collections.penalties.preview (a read-only walk) and collections.penalties.run (every
// account walked in id chunks, the open amount of each past-due bill as of the run date, one
// penalty entry + lines + charge + bill_penalties row per bill, a short IMMEDIATE transaction per
// chunk with the run's progress) while a cashier posts a counter payment every 100 ms through the
// same bridge (latency from when it was due). Beside raw better-sqlite3 on a second connection
// doing the minimal same work: one aggregate query of every past-due bill's open amount, then
// the same rows inserted (entries, lines, charges, bill_penalties; 1,000 bills per transaction).
// The run date is the town's next day (its bills due before then are past due).
//
// aging: collections.aging as of the town's day (the walk over every account's open items),
// again from the cache (paging), beside one raw aggregate query for the same bucket totals.
import Database from 'better-sqlite3';
import path from 'node:path';
import { bootLedger } from '../../src-main/boot';
import { addDays, fixedClock } from '../../src-main/core/deps';
import { Rng } from '../../src-main/demo/rng';
import { createBridge } from '../../src-main/ipc/bridge';
import { cashierDuringBulk, latencyRows, mib, ms, ratio, ROOT, type Row, type Section, type SectionContext } from '../harness';
import { STARTING_BANK_FOR_BENCH } from './payment-fixtures';

const PAYMENT_EVERY_MS = 100;
const fmt = (n: number) => n.toLocaleString('en-US');

async function open(file: string, today: string) {
  const core = await bootLedger({ file, migrationsDir: path.join(ROOT, 'migrations'), station: 'S8', appVersion: 'bench', clock: fixedClock(`${today}T15:00:00Z`) });
  const bridge = createBridge(core);
  const call = async (method: string, input: unknown, token: string | null) => {
    const r = await bridge.invoke(method, input, token);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };
  const sup = ((await call('session.signIn', { username: 'supervisor', secret: '9999' }, null)) as { token: string }).token;
  return { core, call, sup };
}

export const penaltiesSection: Section = {
  name: 'penalties',
  async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
    const file = scratchCopy();
    const today = addDays(town.today, 1);
    const { core, call, sup } = await open(file, today);
    const raw = new Database(file, { fileMustExist: true });
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('busy_timeout = 5000');
    try {
      const db = core.deps.db;
      const cashier = ((await call('session.signIn', { username: 'cashier', secret: '1111' }, null)) as { token: string }).token;
      const drawer = (await call('drawer.current', {}, cashier)) as { drawer: unknown };
      if (!drawer.drawer) await call('drawer.open', { counts: STARTING_BANK_FOR_BENCH }, cashier);
      let t = performance.now();
      const preview = (await call('collections.penalties.preview', {}, sup)) as { toPenalizeCount: number; totalCents: number };
      const previewMs = performance.now() - t;
      log(`penalties: preview ${preview.toPenalizeCount} bills in ${(previewMs / 1000).toFixed(1)} s`);

      const owing = db.prepare("SELECT account_id FROM journal_lines WHERE gl_code = '1200' AND account_id IS NOT NULL GROUP BY account_id HAVING sum(amount_cents) > 3000 LIMIT 5000").pluck().all() as number[];
      const rng = new Rng(41, 3);
      const cashierRun = cashierDuringBulk(PAYMENT_EVERY_MS, async (k) => {
        const account = owing[rng.int(0, owing.length - 1)]!;
        const amount = rng.int(500, 3000);
        await call('payments.post', { idempotencyKey: `bench-penalty-pay-${k}`, lines: [{ type: 'account', accountId: account, amountCents: amount }], tenders: [{ kind: 'cash', amountCents: amount }] }, cashier);
      });
      t = performance.now();
      const run = (await call('collections.penalties.run', { confirm: true }, sup)) as { penalizedNow: number; run: { id: number; skippedCount: number } };
      const runMs = performance.now() - t;
      const { latencies, peakRss, rssBefore } = await cashierRun.stop();
      log(`penalties: ${run.penalizedNow} penalties in ${(runMs / 1000).toFixed(1)} s; ${latencies.length} payments meanwhile`);

      // Raw: the aggregate of past-due bills' open amounts as of the run date ...
      t = performance.now();
      const bills = raw
        .prepare(
          `SELECT b.id, b.account_id, sum(c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a JOIN journal_entries ae ON ae.id = a.entry_id WHERE a.charge_id = c.id AND ae.business_date <= @d), 0)) AS open
             FROM bills b JOIN charges c ON c.bill_id = b.id JOIN journal_entries ce ON ce.id = c.entry_id
            WHERE b.due_date < @d AND ce.business_date <= @d AND c.kind <> 'penalty'
            GROUP BY b.id HAVING open > 0`,
        )
        .raw()
        .all({ d: today }) as Array<[number, number, number]>;
      const aggMs = performance.now() - t;
      // ... and the same rows written (on a second run row, 1,000 bills per transaction).
      const rawRun = Number(raw.prepare("INSERT INTO penalty_runs (run_date, started_at, status, finished_at) VALUES (?, 'bench', 'done', 'bench')").run(addDays(today, 1)).lastInsertRowid);
      const penalties = db.prepare('SELECT p.bill_id, p.account_id, p.penalty_cents, p.past_due_cents FROM bill_penalties p WHERE p.run_id = ?').raw().all(run.run.id) as Array<[number, number, number, number]>;
      const insE = raw.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, memo) VALUES ('penalty', ?, 'bench', 'bench')");
      const insL = raw.prepare('INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, ?, ?, ?)');
      const insC = raw.prepare("INSERT INTO charges (account_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, 'penalty', 'bench', '4200', ?, ?)");
      // bill_penalties is keyed by bill: the raw rows go to a same-shaped scratch table.
      raw.exec('CREATE TEMP TABLE bench_bill_penalties AS SELECT * FROM bill_penalties WHERE 0');
      const insP = raw.prepare('INSERT INTO bench_bill_penalties (bill_id, run_id, account_id, entry_id, charge_id, past_due_cents, penalty_cents) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const chunk = raw.transaction((rows: Array<[number, number, number, number]>) => {
        for (const [billId, accountId, cents, pastDue] of rows) {
          const e = Number(insE.run(today).lastInsertRowid);
          insL.run(e, '1200', accountId, cents);
          insL.run(e, '4200', null, -cents);
          const c = Number(insC.run(accountId, e, cents, today).lastInsertRowid);
          insP.run(billId, rawRun, accountId, e, c, pastDue, cents);
        }
      });
      t = performance.now();
      for (let i = 0; i < penalties.length; i += 1000) chunk(penalties.slice(i, i + 1000));
      const insMs = performance.now() - t;
      const rawMs = aggMs + insMs;

      const accounts = (db.prepare('SELECT count(*) FROM accounts').pluck().get() as number) || 1;
      const rows: Row[] = [
        { metric: 'penalty preview (wall)', ours: ms(previewMs), raw: ms(aggMs), ratio: ratio(previewMs, aggMs), note: `${fmt(preview.toPenalizeCount)} bills to penalize; raw = the aggregate query alone` },
        {
          metric: 'penalty run (wall)',
          ours: ms(runMs),
          raw: ms(rawMs),
          ratio: ratio(runMs, rawMs),
          note: `${fmt(accounts)} accounts (${fmt(Math.round(accounts / (runMs / 1000)))}/s), ${fmt(run.penalizedNow)} penalties, ${fmt(run.run.skippedCount)} skipped; raw = aggregate ${ms(aggMs)} (${fmt(bills.length)} bills) + ${fmt(penalties.length)} × 5 inserts ${ms(insMs)}`,
        },
        { metric: 'penalty run peak RSS', ours: mib(peakRss), note: `${mib(rssBefore)} before` },
      ];
      if (latencies.length === 0) rows.push({ metric: 'counter payment during the run p99', ours: '—', note: `none: the run was done before the first payment was due (${PAYMENT_EVERY_MS} ms)` });
      else {
        const lat = latencyRows('counter payment during the run', latencies);
        lat[0]!.note = `n=${latencies.length}, one every ${PAYMENT_EVERY_MS} ms, from when due; target < 250 ms`;
        rows.push(...lat);
      }
      return rows;
    } finally {
      raw.close();
      core.close();
    }
  },
};

export const agingSection: Section = {
  name: 'aging',
  async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
    const file = scratchCopy();
    const { core, call, sup } = await open(file, town.today);
    const raw = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      let t = performance.now();
      const first = (await call('collections.aging', { asOf: town.today }, sup)) as { accounts: number; openCents: number; totals: Record<string, number> };
      const walkMs = performance.now() - t;
      clearInterval(sampler);
      t = performance.now();
      await call('collections.aging', { asOf: town.today, offset: 100, limit: 100, bucket: '90' }, sup);
      const pageMs = performance.now() - t;
      log(`aging: ${first.accounts} accounts in ${(walkMs / 1000).toFixed(1)} s`);
      t = performance.now();
      const agg = raw
        .prepare(
          `SELECT sum(CASE WHEN d < 30 THEN o END) AS cur, sum(CASE WHEN d >= 30 AND d < 60 THEN o END) AS d30, sum(CASE WHEN d >= 60 AND d < 90 THEN o END) AS d60, sum(CASE WHEN d >= 90 THEN o END) AS d90, count(DISTINCT account_id) AS n
             FROM (SELECT c.account_id, julianday(@d) - julianday(c.due_date) AS d,
                          c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a JOIN journal_entries ae ON ae.id = a.entry_id WHERE a.charge_id = c.id AND ae.business_date <= @d), 0) AS o
                     FROM charges c JOIN journal_entries ce ON ce.id = c.entry_id WHERE ce.business_date <= @d) WHERE o > 0`,
        )
        .get({ d: town.today }) as { n: number };
      const rawMs = performance.now() - t;
      return [
        { metric: 'aging walk (wall)', ours: ms(walkMs), raw: ms(rawMs), ratio: ratio(walkMs, rawMs), note: `${fmt(first.accounts)} accounts with anything open; raw = one aggregate query for the bucket totals (${fmt(agg.n)} accounts)` },
        { metric: 'aging page from the cache', ours: ms(pageMs), note: '90+ bucket filter, second page' },
        { metric: 'aging peak RSS', ours: mib(peak), note: `${mib(rss0)} before` },
      ];
    } finally {
      raw.close();
      core.close();
    }
  },
};

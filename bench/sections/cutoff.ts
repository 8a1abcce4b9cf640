// The cut-off list for a date at town size: collections.cutoffList.generate through the real
// bridge — every account walked in id chunks, open items as of today (charges less allocations),
// each account with anything past due judged by every rule (Medical Alert, arrangement, pending
// adjustment, courtesy calls, disconnect orders, status, winter rule) and written as an entry
// with its reason, a short IMMEDIATE transaction per chunk — with its wall time, accounts per
// second and the RSS sampled meanwhile, while a cashier posts a counter payment every 100 ms
// through the same bridge (latency counted from when it was due: a wait behind a chunk is in
// the number). Beside raw better-sqlite3 on a second connection doing the minimal same work:
// one aggregate query for every account's past-due amount and oldest due date as of today, and
// inserting the same entries (1,000 per transaction). Runs on a scratch copy of the town.
import Database from 'better-sqlite3';
import path from 'node:path';
import { bootLedger } from '../../src-main/boot';
import { nextCutoffDate } from '../../src-main/core/collections/cutoff';
import { addDays, fixedClock } from '../../src-main/core/deps';
import { GL } from '../../src-main/core/ledger/gl';
import { Rng } from '../../src-main/demo/rng';
import { createBridge } from '../../src-main/ipc/bridge';
import { cashierDuringBulk, latencyRows, mib, ms, ratio, ROOT, type Row, type Section, type SectionContext } from '../harness';
import { STARTING_BANK_FOR_BENCH } from './payment-fixtures';

const PAYMENT_EVERY_MS = 100;

export const cutoffSection: Section = {
  name: 'cutoff',
  async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
    const file = scratchCopy();
    const today = addDays(town.today, 1);
    const clock = fixedClock(`${today}T15:00:00Z`);
    const core = await bootLedger({ file, migrationsDir: path.join(ROOT, 'migrations'), station: 'S8', appVersion: 'bench', clock });
    const bridge = createBridge(core);
    const raw = new Database(file, { fileMustExist: true });
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('busy_timeout = 5000');
    try {
      const db = core.deps.db;
      const call = async (method: string, input: unknown, token: string | null) => {
        const r = await bridge.invoke(method, input, token);
        if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
        return r.value as never;
      };
      const sup = ((await call('session.signIn', { username: 'supervisor', secret: '9999' }, null)) as { token: string }).token;
      const cashier = ((await call('session.signIn', { username: 'cashier', secret: '1111' }, null)) as { token: string }).token;
      const open = (await call('drawer.current', {}, cashier)) as { drawer: unknown };
      if (!open.drawer) await call('drawer.open', { counts: STARTING_BANK_FOR_BENCH }, cashier);
      const settings = (await call('settings.get', {}, sup)) as { townHolidays: Array<{ date: string; name: string }> };
      const cutoffDate = nextCutoffDate(addDays(today, 7), settings);

      const owing = db.prepare(`SELECT account_id FROM journal_lines WHERE gl_code = '${GL.receivables}' AND account_id IS NOT NULL GROUP BY account_id HAVING sum(amount_cents) > 3000 LIMIT 5000`).pluck().all() as number[];
      const rng = new Rng(31, 9);
      const cashierRun = cashierDuringBulk(PAYMENT_EVERY_MS, async (k) => {
        const account = owing[rng.int(0, owing.length - 1)]!;
        const amount = rng.int(500, 3000);
        await call('payments.post', { idempotencyKey: `bench-cutoff-pay-${k}`, lines: [{ type: 'account', accountId: account, amountCents: amount }], tenders: [{ kind: 'cash', amountCents: amount }] }, cashier);
      });
      log(`cutoff: generating the list for ${cutoffDate} on ${file}`);
      let t = performance.now();
      const list = (await call('collections.cutoffList.generate', { cutoffDate }, sup)) as { id: number; onListCount: number; leftOffCount: number; onListCents: number };
      const oursMs = performance.now() - t;
      const { latencies, peakRss, rssBefore } = await cashierRun.stop();
      log(`cutoff: ${list.onListCount} on, ${list.leftOffCount} left off in ${(oursMs / 1000).toFixed(1)} s; ${latencies.length} payments meanwhile`);

      // Raw: the aggregate (past due per account as of today, due before the cut-off date) ...
      t = performance.now();
      const agg = raw
        .prepare(
          `SELECT c.account_id, sum(c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a JOIN journal_entries ae ON ae.id = a.entry_id WHERE a.charge_id = c.id AND ae.business_date <= @today), 0)) AS open,
                  min(c.due_date) AS oldest
             FROM charges c JOIN journal_entries ce ON ce.id = c.entry_id
            WHERE ce.business_date <= @today AND c.due_date < @cutoff
            GROUP BY c.account_id HAVING open > 0`,
        )
        .all({ today, cutoff: cutoffDate }) as Array<{ account_id: number; open: number; oldest: string }>;
      const aggMs = performance.now() - t;
      // ... and the same entries written (read back untimed; inserted 1,000 per transaction).
      const entries = db.prepare('SELECT account_id, on_list, reason_code, reason, past_due_cents, oldest_due_date FROM cutoff_list_entries WHERE list_id = ? ORDER BY account_id').raw().all(list.id) as unknown[][];
      const rawList = Number(raw.prepare("INSERT INTO cutoff_lists (cutoff_date, generated_on, started_at, finished_at, status) VALUES (?, ?, 'bench', 'bench', 'abandoned')").run(cutoffDate, today).lastInsertRowid);
      const ins = raw.prepare('INSERT INTO cutoff_list_entries (list_id, account_id, on_list, reason_code, reason, past_due_cents, oldest_due_date) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const chunk = raw.transaction((rows: unknown[][]) => {
        for (const r of rows) ins.run(rawList, ...r);
      });
      t = performance.now();
      for (let i = 0; i < entries.length; i += 1000) chunk(entries.slice(i, i + 1000));
      const insMs = performance.now() - t;
      const rawMs = aggMs + insMs;

      const accounts = (db.prepare('SELECT count(*) FROM accounts').pluck().get() as number) || 1;
      const rows: Row[] = [
        {
          metric: 'cut-off list generate (wall)',
          ours: ms(oursMs),
          raw: ms(rawMs),
          ratio: ratio(oursMs, rawMs),
          note: `${accounts.toLocaleString('en-US')} accounts (${Math.round(accounts / (oursMs / 1000)).toLocaleString('en-US')}/s), ${list.onListCount.toLocaleString('en-US')} on, ${list.leftOffCount.toLocaleString('en-US')} left off; raw = aggregate ${ms(aggMs)} (${agg.length.toLocaleString('en-US')} accounts past due) + ${entries.length.toLocaleString('en-US')} inserts ${ms(insMs)}`,
        },
        { metric: 'cut-off list peak RSS while generating', ours: mib(peakRss), note: `${mib(rssBefore)} before` },
      ];
      if (latencies.length === 0) {
        rows.push({ metric: 'counter payment during the list p99', ours: '—', note: `none: the list was done before the first payment was due (${PAYMENT_EVERY_MS} ms)` });
      } else {
        const lat = latencyRows('counter payment during the list', latencies);
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

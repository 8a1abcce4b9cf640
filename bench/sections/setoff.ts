// NC Debt Setoff at town size: setoff.eligibility through the real bridge — every account walked
// in id chunks (open items as of today), each account delinquent 60 days or more (or with setoff
// history) judged on amount, age, SSN/ITIN, notice and hearing — with its wall time and the RSS
// sampled meanwhile, while a cashier posts a counter payment every 100 ms through the same bridge
// (latency counted from when it was due). Beside raw better-sqlite3 on a second connection doing
// the minimal same read: one aggregate query for every account's debt (open charges due 60 days
// ago or more) and oldest due date, joined to the customer's tax id kind. Runs on a scratch copy.
import Database from 'better-sqlite3';
import path from 'node:path';
import { bootLedger } from '../../src-main/boot';
import { addDays, fixedClock } from '../../src-main/core/deps';
import { GL } from '../../src-main/core/ledger/gl';
import { Rng } from '../../src-main/demo/rng';
import { createBridge } from '../../src-main/ipc/bridge';
import { cashierDuringBulk, latencyRows, mib, ms, ratio, ROOT, type Row, type Section, type SectionContext } from '../harness';
import { STARTING_BANK_FOR_BENCH } from './payment-fixtures';

const PAYMENT_EVERY_MS = 100;

export const setoffSection: Section = {
  name: 'setoff',
  async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
    const file = scratchCopy();
    const today = addDays(town.today, 1);
    const clock = fixedClock(`${today}T15:00:00Z`);
    const core = await bootLedger({ file, migrationsDir: path.join(ROOT, 'migrations'), station: 'S7', appVersion: 'bench', clock });
    const bridge = createBridge(core);
    const raw = new Database(file, { fileMustExist: true, readonly: true });
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
      const owing = db.prepare(`SELECT account_id FROM journal_lines WHERE gl_code = '${GL.receivables}' AND account_id IS NOT NULL GROUP BY account_id HAVING sum(amount_cents) > 3000 LIMIT 5000`).pluck().all() as number[];
      const rng = new Rng(37, 11);
      const cashierRun = cashierDuringBulk(PAYMENT_EVERY_MS, async (k) => {
        const account = owing[rng.int(0, owing.length - 1)]!;
        const amount = rng.int(500, 3000);
        await call('payments.post', { idempotencyKey: `bench-setoff-pay-${k}`, lines: [{ type: 'account', accountId: account, amountCents: amount }], tenders: [{ kind: 'cash', amountCents: amount }] }, cashier);
      });
      log(`setoff: eligibility as of ${today} on ${file}`);
      let t = performance.now();
      const r = (await call('setoff.eligibility', { limit: 1000 }, sup)) as { counts: { candidates: number; eligible: number; noticeDue: number } };
      const oursMs = performance.now() - t;
      const { latencies, peakRss, rssBefore } = await cashierRun.stop();

      t = performance.now();
      const agg = raw
        .prepare(
          `SELECT c.account_id, sum(c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a JOIN journal_entries ae ON ae.id = a.entry_id WHERE a.charge_id = c.id AND ae.business_date <= @today), 0)) AS open,
                  min(c.due_date) AS oldest, (SELECT cu.tax_id_kind FROM accounts ac JOIN customers cu ON cu.id = ac.customer_id WHERE ac.id = c.account_id) AS kind
             FROM charges c JOIN journal_entries ce ON ce.id = c.entry_id
            WHERE ce.business_date <= @today AND c.due_date <= @aged
            GROUP BY c.account_id HAVING open > 0`,
        )
        .all({ today, aged: addDays(today, -60) });
      const rawMs = performance.now() - t;
      const accounts = (db.prepare('SELECT count(*) FROM accounts').pluck().get() as number) || 1;
      const rows: Row[] = [
        {
          metric: 'setoff eligibility (wall)',
          ours: ms(oursMs),
          raw: ms(rawMs),
          ratio: ratio(oursMs, rawMs),
          note: `${accounts.toLocaleString('en-US')} accounts (${Math.round(accounts / (oursMs / 1000)).toLocaleString('en-US')}/s), ${r.counts.candidates.toLocaleString('en-US')} judged, ${r.counts.eligible} eligible, ${r.counts.noticeDue} notice due; raw = one aggregate (${agg.length.toLocaleString('en-US')} accounts with a 60-day debt)`,
        },
        { metric: 'setoff eligibility peak RSS', ours: mib(peakRss), note: `${mib(rssBefore)} before` },
      ];
      if (latencies.length === 0) {
        rows.push({ metric: 'counter payment during setoff eligibility p99', ours: '—', note: `none: done before the first payment was due (${PAYMENT_EVERY_MS} ms)` });
      } else {
        const lat = latencyRows('counter payment during setoff eligibility', latencies);
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

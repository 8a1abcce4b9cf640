// Posting a counter payment end to end: payments.post through the real bridge (schema check,
// session, plan with allocation over the account's open charges, journal entry, allocations,
// receipt with its line and tender, print-queue hook, commit with synchronous=FULL), beside raw
// better-sqlite3 inserting the same rows (entry, two lines, the same number of allocations,
// receipt, receipt line, tender, receipt sequence) in one transaction on a second connection.
// Runs on a scratch copy of the town.
import Database from 'better-sqlite3';
import path from 'node:path';
import { bootLedger } from '../../src-main/boot';
import { addDays, fixedClock } from '../../src-main/core/deps';
import { GL } from '../../src-main/core/ledger/gl';
import { STARTING_BANK_FOR_BENCH } from './payment-fixtures';
import { createBridge } from '../../src-main/ipc/bridge';
import { Rng } from '../../src-main/demo/rng';
import { latencyRows, ROOT, type Row, type Section, type SectionContext } from '../harness';

const ROUNDS = 400;
const WARMUP = 20;

/** The section with its round count (tests run a short one). */
export function makePaymentSection(rounds = ROUNDS): Section {
  return {
    name: 'payment',
    async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
      const file = scratchCopy();
      // The clock is the town's next day, never the wall clock: a bench run on any date opens the
      // same business day (the export section posts on it too).
      const clock = fixedClock(`${addDays(town.today, 1)}T15:00:00Z`);
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
        const token = ((await call('session.signIn', { username: 'cashier', secret: '1111' }, null)) as { token: string }).token;
        const open = (await call('drawer.current', {}, token)) as { drawer: unknown };
        if (!open.drawer) await call('drawer.open', { counts: STARTING_BANK_FOR_BENCH }, token);
        const owing = (db.prepare(`SELECT account_id AS id FROM journal_lines WHERE gl_code = '${GL.receivables}' AND account_id IS NOT NULL GROUP BY account_id HAVING sum(amount_cents) > 3000 LIMIT 5000`).all() as Array<{ id: number }>).map((r) => r.id);
        if (owing.length === 0) throw new Error('the town has no accounts with a balance to pay');
        const rng = new Rng(23, 7);
        const userId = (db.prepare("SELECT id FROM users WHERE username = 'cashier'").get() as { id: number }).id;
        const drawerId = (db.prepare("SELECT id FROM drawers WHERE station = 'S8' AND closed_at IS NULL").get() as { id: number }).id;

        const insEntry = raw.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, user_id, station, memo, idempotency_key) VALUES ('payment', ?, ?, ?, 'S7', 'Counter payment', ?)");
        const insLine = raw.prepare('INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents, memo) VALUES (?, ?, ?, ?, NULL)');
        const insAlloc = raw.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)');
        const seq = raw.prepare("INSERT INTO receipt_sequences (station, last_number) VALUES ('S7', 1) ON CONFLICT(station) DO UPDATE SET last_number = last_number + 1 RETURNING last_number");
        const insReceipt = raw.prepare(
          `INSERT INTO receipts (number, station, seq, entry_id, drawer_id, business_date, posted_at, user_id, total_cents, tendered_cents, change_cents, request_hash)
           VALUES (?, 'S7', ?, ?, ?, ?, ?, ?, ?, ?, 0, 'bench')`,
        );
        const insRLine = raw.prepare("INSERT INTO receipt_lines (receipt_id, line_no, account_id, description, amount_cents) VALUES (?, 1, ?, 'Bench', ?)");
        const insTender = raw.prepare("INSERT INTO receipt_tenders (receipt_id, line_no, kind, amount_cents) VALUES (?, 1, 'cash', ?)");
        const rawPost = raw.transaction((account: number, amount: number, charges: number[], at: string, key: string, businessDate: string) => {
          const id = Number(insEntry.run(businessDate, at, userId, key).lastInsertRowid);
          insLine.run(id, GL.cash, null, amount);
          insLine.run(id, GL.receivables, account, -amount);
          for (const c of charges) insAlloc.run(id, c, 1);
          const n = (seq.get() as { last_number: number }).last_number;
          const rid = Number(insReceipt.run(`S7-${String(n).padStart(6, '0')}`, n, id, drawerId, businessDate, at, userId, amount, amount).lastInsertRowid);
          insRLine.run(rid, account, amount);
          insTender.run(rid, amount);
        });
        const allocsOf = db.prepare('SELECT charge_id FROM allocations WHERE entry_id = (SELECT entry_id FROM receipts WHERE number = ?)');
        const businessDate = (db.prepare('SELECT business_date FROM drawers WHERE id = ?').get(drawerId) as { business_date: string }).business_date;

        const ours: number[] = [];
        const rawTimes: number[] = [];
        let allocations = 0;
        log(`payment: ${rounds} payments each way on ${file}`);
        for (let k = 0; k < rounds + WARMUP; k++) {
          const account = owing[rng.int(0, owing.length - 1)]!;
          const amount = rng.int(500, 3000);
          let t = performance.now();
          const r = (await call('payments.post', { idempotencyKey: `bench-pay-${town.accounts}-${k}`, lines: [{ type: 'account', accountId: account, amountCents: amount }], tenders: [{ kind: 'cash', amountCents: amount }] }, token)) as { receipt: { number: string } };
          const a = performance.now() - t;
          const charges = (allocsOf.all(r.receipt.number) as Array<{ charge_id: number }>).map((x) => x.charge_id);
          t = performance.now();
          rawPost(account, amount, charges, clock.now().toISOString(), `bench-raw-${town.accounts}-${k}`, businessDate);
          const b = performance.now() - t;
          if (k >= WARMUP) {
            ours.push(a);
            rawTimes.push(b);
            allocations += charges.length;
          }
        }
        const rows = latencyRows('payments.post (allocation, receipt, commit)', ours, rawTimes);
        rows[0]!.note = `n=${rounds}; ${(allocations / rounds).toFixed(1)} allocations per payment; target ≤ 2×`;
        return rows;
      } finally {
        raw.close();
        core.close();
      }
    },
  };
}

export const paymentSection: Section = makePaymentSection();

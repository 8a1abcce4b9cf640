// The nightly export of a busy day: 20,000 counter payments (cash, checks, cards, some other
// revenue, every 50th voided) posted through the real payment path on the day after the town's
// "today" (or the day an earlier section left open; never the wall clock's date), the day
// closed, then the export package built and written (temporary folder, fsync, rename) — the first
// delivery and forced re-sends — with the event loop's longest stall while it runs (the package
// is built in pages so the app stays responsive). Runs on a scratch copy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../../src-main/core/create-core';
import { addDays, fixedClock, randomIds } from '../../src-main/core/deps';
import { ensureBusinessDay, openBusinessDate } from '../../src-main/core/counter/day';
import { openDrawer } from '../../src-main/core/counter/drawer';
import { planPayment, postPlannedPayment, postVoid, type PaymentRequest } from '../../src-main/core/counter/payments';
import { readSettings } from '../../src-main/core/settings';
import { openLedger } from '../../src-main/db/open-ledger';
import { Rng } from '../../src-main/demo/rng';
import { mib, ms, type Row, type Section, type SectionContext } from '../harness';

const PAYMENTS = 20_000;
const RESENDS = 3;

/** The section with its payment count (tests run a small one). */
export function makeExportSection(payments = PAYMENTS): Section {
  return {
    name: 'export',
    async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
      const file = scratchCopy();
      const db = openLedger(file);
      // The day comes from the ledger and the town's date, never from the wall clock: the business
      // day an earlier section left open (the payment section opens the town's next day), else the
      // day after the last one, at the earliest the day after the town's "today".
      const last = (db.prepare('SELECT max(business_date) AS d FROM business_days').get() as { d: string | null }).d;
      const next = addDays(town.today, 1);
      const day = openBusinessDate(db) ?? (last && last >= next ? addDays(last, 1) : next);
      const clock = fixedClock(`${day}T14:00:00Z`);
      const core = createCore({ db, clock, ids: randomIds, station: 'S9', ledgerFile: file, appVersion: 'bench', log: () => {} });
      const target = fs.mkdtempSync(path.join(os.tmpdir(), 'towncounter-bench-export-'));
      try {
        const cashier = (db.prepare("SELECT id FROM users WHERE username = 'cashier'").get() as { id: number } | undefined)?.id;
        const supervisor = (db.prepare("SELECT id FROM users WHERE username = 'supervisor'").get() as { id: number } | undefined)?.id;
        if (!cashier || !supervisor) throw new Error('the bench town has no demo users');
        const accounts = (db.prepare("SELECT id FROM accounts WHERE status = 'active' ORDER BY id").all() as Array<{ id: number }>).map((r) => r.id);
        const rng = new Rng(17, 6);
        const settings = readSettings(db);
        let t = performance.now();
        log(`export: posting ${payments.toLocaleString('en-US')} payments on ${day} …`);
        db.transaction(() => {
          const at = clock.now().toISOString();
          const businessDate = ensureBusinessDay(db, cashier, day, at);
          if (businessDate !== day) throw new Error(`expected business day ${day}, got ${businessDate}`);
          // An earlier section (payment) may have left the cashier's drawer open elsewhere.
          db.prepare('UPDATE drawers SET closed_at = ? WHERE user_id = ? AND closed_at IS NULL').run(at, cashier);
          const drawer = openDrawer(db, { userId: cashier, station: 'S9', businessDate, at, counts: [{ denominationCents: 2000, count: 10 }] });
          for (let i = 0; i < payments; i++) {
            const amount = rng.int(500, 25_000);
            const k = rng.int(0, 99);
            const req: PaymentRequest =
              k < 6
                ? { lines: [{ type: 'revenue', revenueCode: 'REC', amountCents: amount, description: 'Pool pass' }], tenders: [{ kind: 'cash', amountCents: amount + 500 }] }
                : {
                    lines: [{ type: 'account', accountId: accounts[rng.int(0, accounts.length - 1)]!, amountCents: amount }],
                    tenders: k < 50 ? [{ kind: 'cash', amountCents: amount }] : k < 80 ? [{ kind: 'check', amountCents: amount, checkNumber: String(1000 + i), payer: 'Payer' }] : [{ kind: 'card', amountCents: amount, brand: 'VISA', last4: '4242', authCode: `A${i}` }],
                  };
            const plan = planPayment(db, req, settings);
            if (!plan.preview.canPost) continue;
            const receiptId = postPlannedPayment(db, req, plan, { userId: cashier, station: 'S9', businessDate, postedAt: at, drawerId: drawer.id, mailBatchId: null, mailItemId: null, idempotencyKey: null });
            if (i % 50 === 49) {
              const r = db.prepare('SELECT entry_id, number FROM receipts WHERE id = ?').get(receiptId) as { entry_id: number; number: string };
              postVoid(db, r, { userId: cashier, approvedBy: supervisor, station: 'S9', businessDate, postedAt: at, reason: 'bench void' });
            }
          }
          db.prepare('UPDATE drawers SET closed_at = ? WHERE business_date = ? AND closed_at IS NULL').run(at, businessDate);
          db.prepare('UPDATE business_days SET closed_at = ?, closed_by = ? WHERE business_date = ?').run(`${day}T22:00:00.000Z`, supervisor, day);
        })();
        // A real day's payments commit one by one, each checkpointing the WAL as it grows; this one
        // big transaction left it all in the WAL, so checkpoint it before timing the export.
        db.pragma('wal_checkpoint(TRUNCATE)');
        const setupSeconds = (performance.now() - t) / 1000;
        log(`export: day posted in ${setupSeconds.toFixed(1)} s; exporting to ${target}`);

        // Let the runner's own housekeeping run first (tsx expires its cache on the first idle turn,
        // which blocks the loop for a second or two under `npm run bench`; the app has no tsx).
        for (let k = 0; k < 3; k++) await new Promise((r) => setTimeout(r, 20));
        const delay = monitorEventLoopDelay({ resolution: 1 });
        delay.enable();
        t = performance.now();
        const first = await core.exporter.exportDay({ businessDate: day, source: 'manual', target });
        const firstMs = performance.now() - t;
        delay.disable();
        const resends: number[] = [];
        for (let k = 0; k < RESENDS; k++) {
          t = performance.now();
          const r = await core.exporter.exportDay({ businessDate: day, source: 'manual', target, force: true, userId: supervisor, approvedBy: supervisor, reason: 'bench' });
          resends.push(performance.now() - t);
          if (!r.identical) throw new Error('a re-sent package differs from the first delivery');
        }
        resends.sort((a, b) => a - b);
        const bytes = first.files.reduce((s, f) => s + f.bytes, 0);
        const paymentsCsv = first.files.find((f) => f.name === 'payments.csv')!;
        return [
          { metric: `export a ${payments.toLocaleString('en-US')}-payment day (build, write, fsync, rename)`, ours: ms(firstMs), note: `${paymentsCsv.rows.toLocaleString('en-US')} payment rows, ${mib(bytes)} package` },
          { metric: 'forced re-send of that day (byte-identical)', ours: ms(resends[Math.floor(resends.length / 2)]!), note: `median of ${RESENDS}` },
          { metric: 'longest event-loop stall during the export', ours: ms(delay.max / 1e6), note: 'built in pages of 500 entries' },
          { metric: `posting the ${payments.toLocaleString('en-US')} payments (setup)`, ours: `${setupSeconds.toFixed(1)} s`, note: 'one transaction, planPayment + postPlannedPayment' },
        ];
      } finally {
        core.close();
        fs.rmSync(target, { recursive: true, force: true });
      }
    },
  };
}

export const exportSection: Section = makeExportSection();

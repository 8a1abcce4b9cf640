// The dispatch board with 10,000 open orders: workOrders.board through the bridge and the real
// core (three columns: count + the 200 most urgent each, with names, crews and users joined),
// beside raw better-sqlite3 running the same minimal select (count and first 200 ids per status)
// on the same file. The orders are added to a scratch copy of the town.
import Database from 'better-sqlite3';
import { createCore } from '../../src-main/core/create-core';
import { fixedClock, randomIds } from '../../src-main/core/deps';
import { createWorkOrder } from '../../src-main/core/work-orders/orders';
import { openLedger } from '../../src-main/db/open-ledger';
import { Rng } from '../../src-main/demo/rng';
import { createBridge } from '../../src-main/ipc/bridge';
import { WORK_ORDER_TYPES } from '../../src-shared/ipc/work-order-schemas';
import { latencyRows, type Row, type Section, type SectionContext } from '../harness';

const OPEN = 10_000;

export const workOrdersSection: Section = {
  name: 'work-orders',
  async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
    const file = scratchCopy();
    const db = openLedger(file);
    const clock = fixedClock(`${town.today}T16:00:00Z`);
    const core = createCore({ db, clock, ids: randomIds, station: 'S1', ledgerFile: file, appVersion: 'bench', log: () => {} });
    const bridge = createBridge(core);
    try {
      const open = (db.prepare("SELECT count(*) AS n FROM work_orders WHERE status IN ('new', 'dispatched')").get() as { n: number }).n;
      const clerk = (db.prepare("SELECT id FROM users WHERE username = 'clerk'").get() as { id: number }).id;
      const accounts = (db.prepare('SELECT max(id) AS n FROM accounts').get() as { n: number }).n;
      const rng = new Rng(11, 77);
      const crews = db.prepare('SELECT id, division FROM crews').all() as Array<{ id: number; division: string }>;
      log(`work-orders: adding ${OPEN - open} open orders to a copy of the town`);
      const started = Date.parse(`${town.today}T16:00:00Z`) - 30 * 86_400_000;
      db.transaction(() => {
        for (let i = open; i < OPEN; i++) {
          const type = WORK_ORDER_TYPES[rng.int(0, WORK_ORDER_TYPES.length - 1)]!;
          const at = new Date(started + rng.int(0, 30 * 86_400_000)).toISOString();
          try {
            const o = createWorkOrder(db, { type, accountId: rng.int(1, accounts), priority: rng.chance(0.1) ? 'high' : 'normal', source: 'phone' }, { at, userId: clerk, station: 'S1', timeZone: 'America/New_York' });
            if (rng.chance(0.4)) {
              const crew = crews.find((c) => c.division === o.division);
              if (crew) db.prepare("UPDATE work_orders SET status = 'dispatched', crew_id = ?, dispatched_at = ?, dispatched_by = ? WHERE id = ?").run(crew.id, at, clerk, o.id);
            }
          } catch {
            i--; // a duplicate for that meter: draw again
          }
        }
      })();
      const signIn = await bridge.invoke('session.signIn', { username: 'clerk', secret: '2222' }, null);
      if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.error.message}`);
      const token = (signIn.value as { token: string }).token;
      const raw = new Database(file, { readonly: true, fileMustExist: true });
      const rawCount = raw.prepare('SELECT count(*) FROM work_orders WHERE status = ? AND (? IS NULL OR division = ?)');
      const rawList = raw.prepare('SELECT id FROM work_orders WHERE status = ? AND (? IS NULL OR division = ?) ORDER BY priority, created_at LIMIT 200');
      const filters: Array<string | null> = [null, 'water', 'electric', 'streets', 'sanitation', 'sewer'];
      const ours: number[] = [];
      const rawTimes: number[] = [];
      for (let i = 0; i < 230; i++) {
        const division = filters[i % filters.length]!;
        let t = performance.now();
        const r = await bridge.invoke('workOrders.board', division ? { division } : {}, token);
        const took = performance.now() - t;
        if (!r.ok) throw new Error(`board failed: ${r.error.message}`);
        t = performance.now();
        for (const s of ['new', 'dispatched', 'completed']) {
          rawCount.get(s, division, division);
          rawList.all(s, division, division);
        }
        const rawTook = performance.now() - t;
        if (i >= 30) {
          ours.push(took);
          rawTimes.push(rawTook);
        }
      }
      raw.close();
      const rows = latencyRows(`dispatch board, ${OPEN.toLocaleString('en-US')} open`, ours, rawTimes);
      rows[0]!.note = `n=${ours.length}, all divisions and each division; raw = count + 200 ids per column`;
      return rows;
    } finally {
      core.close();
    }
  },
};

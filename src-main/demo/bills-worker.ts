// Worker thread for the demo generator: writes the town's bills (by far the biggest table) and
// account services straight into the new ledger file, then builds their indexes, while the
// generator's thread writes everything else into a side file.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { Service } from '../../src-shared/domain';
import { RegisterWriter, type RegisterParts } from './bills-writer';
import { BillSet, billsOf, planTown, type PlanInput } from './plan';

export interface BillsWorkerData {
  file: string;
  plan: PlanInput;
  serviceOrder: readonly Service[];
  /** The tables this worker fills. */
  parts: RegisterParts;
  /** Their indexes, built after the load. */
  indexes: string[];
}

export type BillsWorkerMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; bills: number; charges: number };

const data = workerData as BillsWorkerData;
const post = (m: BillsWorkerMessage) => parentPort?.postMessage(m);
const db = new Database(data.file);
try {
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('busy_timeout = 10000');
  db.pragma('temp_store = MEMORY');
  const plan = planTown(data.plan);
  const set = new BillSet();
  const writer = new RegisterWriter(db, plan, data.serviceOrder, data.parts);
  let counts: [number, number] = [0, 0];
  db.transaction(() => {
    for (let i = 0; i < plan.n; i++) {
      billsOf(plan, i, set);
      writer.write(i, set);
      if ((i + 1) % 25_000 === 0) post({ type: 'progress', done: i + 1, total: plan.n });
    }
    counts = writer.flush();
    for (const sql of data.indexes) db.exec(sql);
  })();
  post({ type: 'done', bills: counts[0], charges: counts[1] });
} finally {
  db.close();
}

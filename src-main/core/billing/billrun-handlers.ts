// Billing run IPC handlers: the contract's doorway to run.ts (preview, post, runs) and to the
// bill documents (a run's PDF in parts, the print vendor's CSV, a duplicate bill).
import { Writable } from 'node:stream';
import { BILLS_PER_PDF_PART } from '../../../src-shared/ipc/billing-schemas';
import { streamBillsPdf, type BillTown } from '../../documents/bill-pdfs';
import { CsvWriter } from '../../export/csv';
import { nextBusinessDate, openBusinessDate } from '../counter/day';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { BillDocs, type BillDoc } from './bill-docs';
import { BillingRuns, DEFAULT_TUNING, type RunTuning } from './run';
import { VENDOR_COLUMNS } from './vendor-csv';

type BillingMethods = 'billing.preview' | 'billing.post' | 'billing.runs' | 'billing.pdf' | 'billing.vendorCsv' | 'billing.duplicate';

/** Collects a streamed document's bytes (one part of a run: bounded by BILLS_PER_PDF_PART pages). */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.chunks.push(chunk);
    cb();
  }
}

export function billrunHandlers(env: CoreEnv, tuning: Partial<RunTuning> = {}): Pick<Handlers, BillingMethods> {
  const { db } = env;
  const runs = new BillingRuns(db, { ...DEFAULT_TUNING, ...tuning });
  // Prepared at first use: a ledger the app opened but could not migrate must still boot.
  let prepared: BillDocs | null = null;
  const bills = (): BillDocs => (prepared ??= new BillDocs(db));
  const town = (): BillTown => {
    const s = env.settings();
    return { name: s.townName, address: s.townAddress, phone: s.townPhone, timeZone: s.timeZone };
  };
  function* load(ids: number[]): Generator<BillDoc> {
    for (const id of ids) yield bills().load(id);
  }
  return {
    'billing.preview': (input) => runs.preview(input.cycle, input.period, env.settings().dueDays),
    'billing.post': async (input, ctx) => {
      const s = signedIn(ctx);
      const businessDate = openBusinessDate(db) ?? nextBusinessDate(db, env.today());
      return runs.post({ cycle: input.cycle, period: input.period, dueDays: env.settings().dueDays, userId: s.user.id, nowIso: env.nowIso, businessDate });
    },
    'billing.runs': (input) => ({ runs: runs.list(input.limit ?? 50) }),
    'billing.pdf': async (input) => {
      const run = runs.get(input.runId);
      const part = input.part ?? 1;
      if (part > run.parts) throw new CoreError('NOT_FOUND', `Run ${run.id} has ${run.parts} part${run.parts === 1 ? '' : 's'} of bills.`);
      const ids = bills().runBillIds(run.id, (part - 1) * BILLS_PER_PDF_PART, BILLS_PER_PDF_PART);
      const out = new Collector();
      const name = `bills-cycle${run.cycle}-${run.period}${run.parts > 1 ? `-part${String(part).padStart(3, '0')}` : ''}`;
      const r = await streamBillsPdf(load(ids), town(), out, { title: `${town().name} bills, cycle ${run.cycle} ${run.period}${run.parts > 1 ? `, part ${part} of ${run.parts}` : ''}` });
      return { filename: `${name}.pdf`, contentBase64: Buffer.concat(out.chunks).toString('base64'), pages: r.pages };
    },
    'billing.vendorCsv': async (input) => {
      const run = runs.get(input.runId);
      const csv = new CsvWriter(VENDOR_COLUMNS);
      const ids = bills().runBillIds(run.id);
      for (let i = 0; i < ids.length; i++) {
        csv.add(bills().load(ids[i]!));
        if (i % 1000 === 999) {
          csv.flush();
          await new Promise<void>((r) => setImmediate(r));
        }
      }
      return { filename: `bills-cycle${run.cycle}-${run.period}.csv`, text: csv.toBuffer().toString('utf8'), rows: csv.rows };
    },
    'billing.duplicate': async (input) => {
      const billId = input.billId ?? bills().latestBillId(input.accountId);
      const bill = bills().load(billId);
      if (bill.accountId !== input.accountId) throw new CoreError('NOT_FOUND', `Bill ${billId} is not this account's.`);
      const out = new Collector();
      const r = await streamBillsPdf([bill], town(), out, { title: `Duplicate bill ${bill.accountNumber} ${bill.billDate}`, duplicate: true, printedAt: env.nowIso() });
      return { filename: `bill-${bill.accountNumber}-${bill.billDate}-duplicate.pdf`, contentBase64: Buffer.concat(out.chunks).toString('base64'), pages: r.pages };
    },
  };
}

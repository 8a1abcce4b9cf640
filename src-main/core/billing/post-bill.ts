// Posting a bill: the bill register row, one journal entry (receivables debit, revenue
// credits per service GL), and a charge per line for payments to be allocated to. A billing
// run's bill also names its run, its kind, whether a reading was estimated, the readings behind
// it (bill_readings) and an idempotency key on its journal entry.
import type { Service } from '../../../src-shared/domain';
import { SERVICE_LABELS } from '../../../src-shared/domain';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';
import { GL, SERVICE_GL } from '../ledger/gl';
import { postEntry } from '../ledger/journal';

/** A reading behind a bill line, as printed on the bill. */
export interface BillReading {
  service: 'water' | 'electric';
  meterId: number | null;
  meterNumber: string;
  prevReadOn: string | null;
  prevValue: number | null;
  curReadOn: string;
  curValue: number;
  multiplier: number;
  consumption: number;
  estimated: boolean;
  curReadingId: number | null;
}

export interface NewBill {
  accountId: number;
  billDate: string;
  dueDate: string;
  periodFrom: string;
  periodTo: string;
  waterGallons?: number | null;
  electricKwh?: number | null;
  lines: Array<{ service: Service; amountCents: number }>;
  businessDate: string;
  postedAt: string;
  userId: number | null;
  runId?: number | null;
  billKind?: 'regular' | 'final';
  estimated?: boolean;
  readings?: BillReading[];
  /** On the journal entry: a second post with the same key is refused by the ledger (UNIQUE). */
  idempotencyKey?: string | null;
}

const cache = new WeakMap<Db, Map<string, Statement<unknown[]>>>();
/** Prepared once per connection: a billing run posts 125,000 bills through here. */
function prepared(db: Db, sql: string): Statement<unknown[]> {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map<string, Statement<unknown[]>>()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare<unknown[]>(sql)));
  return st;
}

export function postBill(db: Db, b: NewBill): { billId: number; entryId: number } {
  const amounts: Record<Service, number> = { solid_waste: 0, sewer: 0, water: 0, electric: 0, stormwater: 0 };
  for (const l of b.lines) {
    if (!Number.isSafeInteger(l.amountCents) || l.amountCents <= 0) throw new CoreError('BAD_INPUT', 'bill lines must be positive whole cents');
    amounts[l.service] += l.amountCents;
  }
  const total = b.lines.reduce((s, l) => s + l.amountCents, 0);
  if (total === 0) throw new CoreError('BAD_INPUT', 'a bill needs at least one line');
  return db.transaction(() => {
    const entryId = postEntry(db, {
      kind: 'bill',
      businessDate: b.businessDate,
      postedAt: b.postedAt,
      userId: b.userId,
      memo: `Bill ${b.billDate}`,
      idempotencyKey: b.idempotencyKey ?? null,
      lines: [
        { glCode: GL.receivables, accountId: b.accountId, amountCents: total },
        ...b.lines.map((l) => ({ glCode: SERVICE_GL[l.service], amountCents: -l.amountCents })),
      ],
    });
    const billId = Number(
      prepared(db, 
          `INSERT INTO bills (account_id, bill_date, due_date, period_from, period_to, water_gallons, electric_kwh,
                              solid_waste_cents, sewer_cents, water_cents, electric_cents, stormwater_cents, fees_cents, total_cents, entry_id,
                              run_id, bill_kind, estimated)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
        )
        .run(b.accountId, b.billDate, b.dueDate, b.periodFrom, b.periodTo, b.waterGallons ?? null, b.electricKwh ?? null,
          amounts.solid_waste, amounts.sewer, amounts.water, amounts.electric, amounts.stormwater, total, entryId,
          b.runId ?? null, b.billKind ?? 'regular', b.estimated ? 1 : 0).lastInsertRowid,
    );
    if (b.readings?.length) {
      const reading = prepared(db, 
        `INSERT INTO bill_readings (bill_id, service, meter_id, meter_number, prev_read_on, prev_value, cur_read_on, cur_value, multiplier, consumption, estimated, cur_reading_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const r of b.readings) {
        reading.run(billId, r.service, r.meterId, r.meterNumber, r.prevReadOn, r.prevValue, r.curReadOn, r.curValue, r.multiplier, r.consumption, r.estimated ? 1 : 0, r.curReadingId);
      }
    }
    const charge = prepared(db, 
      `INSERT INTO charges (account_id, bill_id, entry_id, kind, service, description, gl_code, amount_cents, due_date)
       VALUES (?, ?, ?, 'service', ?, ?, ?, ?, ?)`,
    );
    for (const l of b.lines) charge.run(b.accountId, billId, entryId, l.service, `${SERVICE_LABELS[l.service]} ${b.periodFrom} to ${b.periodTo}`, SERVICE_GL[l.service], l.amountCents, b.dueDate);
    return { billId, entryId };
  })();
}

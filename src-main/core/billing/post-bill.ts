// Posting a bill: the bill register row, one journal entry (receivables debit, revenue
// credits per service GL), and a charge per line for payments to be allocated to.
import type { Service } from '../../../src-shared/domain';
import { SERVICE_LABELS } from '../../../src-shared/domain';
import type { Db } from '../../db/open-ledger';
import { CoreError } from '../errors';
import { GL, SERVICE_GL } from '../ledger/gl';
import { postEntry } from '../ledger/journal';

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
  /** 'final' for a move-out or close-out bill (one per account, bills_one_final). Default 'regular'. */
  billKind?: 'regular' | 'final';
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
      lines: [
        { glCode: GL.receivables, accountId: b.accountId, amountCents: total },
        ...b.lines.map((l) => ({ glCode: SERVICE_GL[l.service], amountCents: -l.amountCents })),
      ],
    });
    const billId = Number(
      db
        .prepare(
          `INSERT INTO bills (account_id, bill_date, due_date, period_from, period_to, water_gallons, electric_kwh,
                              solid_waste_cents, sewer_cents, water_cents, electric_cents, stormwater_cents, fees_cents, total_cents, entry_id, bill_kind)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
        )
        .run(b.accountId, b.billDate, b.dueDate, b.periodFrom, b.periodTo, b.waterGallons ?? null, b.electricKwh ?? null,
          amounts.solid_waste, amounts.sewer, amounts.water, amounts.electric, amounts.stormwater, total, entryId, b.billKind ?? 'regular').lastInsertRowid,
    );
    const charge = db.prepare(
      `INSERT INTO charges (account_id, bill_id, entry_id, kind, service, description, gl_code, amount_cents, due_date)
       VALUES (?, ?, ?, 'service', ?, ?, ?, ?, ?)`,
    );
    for (const l of b.lines) charge.run(b.accountId, billId, entryId, l.service, `${SERVICE_LABELS[l.service]} ${b.periodFrom} to ${b.periodTo}`, SERVICE_GL[l.service], l.amountCents, b.dueDate);
    return { billId, entryId };
  })();
}

// Accounts ready for the service desk's move-out flows: a metered premise with a last reading,
// one open bill and (optionally) a paid deposit, posted the way the deposit and counter code do.
import type { Db } from '../../src-main/db/open-ledger';
import { billAccount, makeAccount, type FixtureAccount } from './fixtures';

/** A water/sewer/solid-waste account on its meter read 50,000 on 2026-01-31, one bill of $50.00 (due 2026-02-21), a deposit paid (default $200.00). */
export function moveOutAccount(db: Db, opts: { depositCents?: number; first?: string; last?: string; street?: string; meter?: string } = {}): FixtureAccount & { locationId: number } {
  const a = makeAccount(db, { first: opts.first, last: opts.last, street: opts.street });
  const loc = (db.prepare('SELECT location_id FROM accounts WHERE id = ?').get(a.id) as { location_id: number }).location_id;
  const meter = opts.meter ?? 'W-1001';
  db.prepare('UPDATE service_locations SET water_meter = ? WHERE id = ?').run(meter, loc);
  db.prepare("INSERT INTO meters (location_id, service, number, dials, installed_on) VALUES (?, 'water', ?, 6, '2024-01-01')").run(loc, meter);
  db.prepare(
    "INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, entered_at, meter_id) VALUES (?, 'water', ?, '2026-01-31', 50000, 'handheld', 'ok', '2026-02-01T12:00:00Z', (SELECT id FROM meters WHERE number = ?))",
  ).run(loc, meter, meter);
  billAccount(db, a.id, '2026-02-01', { water: 3000, sewer: 2000 });
  const deposit = opts.depositCents ?? 20000;
  if (deposit > 0) {
    // Charged (Dr 1200 / Cr 2200, a 'fee' charge on GL 2200) and paid in cash (Dr 1010 / Cr 1200, allocated).
    db.transaction(() => {
      const e = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, memo) VALUES ('deposit', '2024-01-02', '2024-01-02T12:00:00Z', 'Deposit')").run().lastInsertRowid);
      db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1200', ?, ?), (?, '2200', ?, ?)").run(e, a.id, deposit, e, a.id, -deposit);
      const ch = Number(db.prepare("INSERT INTO charges (account_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, 'fee', 'Deposit', '2200', ?, '2024-01-02')").run(a.id, e, deposit).lastInsertRowid);
      const p = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, memo) VALUES ('payment', '2024-01-02', '2024-01-02T12:05:00Z', 'Deposit paid')").run().lastInsertRowid);
      db.prepare("INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents) VALUES (?, '1010', NULL, ?), (?, '1200', ?, ?)").run(p, deposit, p, a.id, -deposit);
      db.prepare('INSERT INTO allocations (entry_id, charge_id, amount_cents) VALUES (?, ?, ?)').run(p, ch, deposit);
    })();
  }
  return { ...a, locationId: loc };
}

// Bank-draft enrolments for the demo town: the first N active accounts the generator flagged
// bank_draft get an active enrolment with a made-up bank (a routing number with a valid check
// digit and an assigned prefix) and a made-up account number, encrypted like a real one.
// Deterministic for a seed; a few hundred rows, so it costs the generator nothing.
import { routingCheckDigit } from '../../../src-shared/ipc/export-schemas';
import type { Db } from '../../db/open-ledger';
import { enrolmentAad } from './enrolments';
import type { Keyring } from './keyring';

const PREFIXES = ['05', '06', '07', '11', '12', '21', '26', '27', '31', '32', '61', '65', '67'];

export function fakeRoutingNumber(random: () => number): string {
  const body = PREFIXES[Math.floor(random() * PREFIXES.length)]! + String(Math.floor(random() * 1_000_000)).padStart(6, '0');
  return `${body}${routingCheckDigit(body)}`;
}

export function enrollDemoDrafts(db: Db, keyring: Keyring, o: { at: string; limit?: number; seed?: number }): number {
  let s = (o.seed ?? 1) >>> 0;
  const random = () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return s / 2 ** 32;
  };
  const rows = db
    .prepare(
      `SELECT a.id, a.opened_on, c.display_name FROM accounts a JOIN customers c ON c.id = a.customer_id
        WHERE a.bank_draft = 1 AND a.status = 'active' AND NOT EXISTS (SELECT 1 FROM draft_enrolments e WHERE e.account_id = a.id)
        ORDER BY a.id LIMIT ?`,
    )
    .all(o.limit ?? 200) as Array<{ id: number; opened_on: string; display_name: string }>;
  const insert = db.prepare(
    `INSERT INTO draft_enrolments (account_id, holder_name, routing_number, account_type, bank_account_enc, bank_account_last4, authorized_on, status, live_from, enrolled_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
  );
  db.transaction(() => {
    for (const r of rows) {
      const number = String(1 + Math.floor(random() * 9)) + String(Math.floor(random() * 1e11)).padStart(11, '0').slice(0, 7 + Math.floor(random() * 5));
      insert.run(r.id, r.display_name, fakeRoutingNumber(random), random() < 0.7 ? 'checking' : 'savings', keyring.encrypt(number, enrolmentAad(r.id)), number.slice(-4), r.opened_on, r.opened_on, o.at);
    }
  })();
  return rows.length;
}

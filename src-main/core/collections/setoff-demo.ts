// NC Debt Setoff in the demo town: a few dozen customers of accounts delinquent 60 days or more get
// a made-up SSN (encrypted like a real one, never a number that can be issued: they start 8xx,
// which the SSA does not assign), and about half of them a setoff notice mailed 35 days ago, so the
// Debt setoff screen shows accounts eligible, notices due and not eligible. Deterministic for a seed.
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { addDays } from '../deps';
import type { Keyring } from '../drafts/keyring';
import { CoreError } from '../errors';
import { taxIdAad } from '../service-desk/customers';
import { issueSetoffNotices, setoffCandidates } from './setoff';

export async function generateDemoSetoff(db: Db, keyring: Keyring, o: { today: string; at: string; settings: SettingsValues; seed?: number; limit?: number }): Promise<{ withSsn: number; noticed: number }> {
  let s = ((o.seed ?? 1) * 7919) >>> 0;
  const random = () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return s / 2 ** 32;
  };
  const candidates = (await setoffCandidates(db, o.today, o.settings)).filter((c) => c.debtCents >= o.settings.setoffMinimumCents);
  const people = db.prepare("SELECT c.id, c.tax_id_enc FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ? AND c.kind = 'person'");
  const setTaxId = db.prepare("UPDATE customers SET tax_id_kind = 'ssn', tax_id_enc = ?, tax_id_last4 = ? WHERE id = ?");
  const mailedOn = addDays(o.today, -(o.settings.setoffHearingDays + 5));
  let withSsn = 0;
  let noticed = 0;
  db.transaction(() => {
    for (const c of candidates.slice(0, o.limit ?? 40)) {
      const p = people.get(c.accountId) as { id: number; tax_id_enc: Buffer | null } | undefined;
      if (!p || p.tax_id_enc) continue;
      // 8xx-xx-xxxx: area numbers 800–899 are not assigned; middle and last groups never zero.
      const ssn = `8${String(Math.floor(random() * 100)).padStart(2, '0')}${String(10 + Math.floor(random() * 89))}${String(1000 + Math.floor(random() * 8999))}`;
      setTaxId.run(keyring.encrypt(ssn, taxIdAad(p.id)), ssn.slice(-4), p.id);
      withSsn++;
      if (withSsn % 2 === 0) continue;
      try {
        issueSetoffNotices(db, [c.accountId], mailedOn, o.settings, { at: o.at, userId: null });
        noticed++;
      } catch (err) {
        if (!(err instanceof CoreError)) throw err; // not delinquent long enough on the mail date: notice due later
      }
    }
  })();
  return { withSsn, noticed };
}

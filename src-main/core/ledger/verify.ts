// ledger.verify: checks every ledger invariant and reports each violation, without stopping
// at the first. Read-only; safe to run on a live ledger (it reads one consistent snapshot).
import type { VerifyReport } from '../../../src-shared/ipc/contract';
import type { Db } from '../../db/open-ledger';
import { GL } from './gl';

const APPEND_ONLY_TABLES = ['journal_entries', 'journal_lines', 'charges', 'allocations', 'bills', 'audit_log'];
const MAX_PER_CHECK = 50;

interface Check {
  name: string;
  sql: string;
  describe: (row: Record<string, string | number | null>) => string;
}

const CHECKS: Check[] = [
  {
    name: 'entry-balances',
    sql: `SELECT e.id, coalesce(sum(l.amount_cents), 0) AS total, count(l.id) AS n
            FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id
           GROUP BY e.id HAVING total <> 0 OR n < 2`,
    describe: (r) => `journal entry ${r.id} has ${r.n} lines summing to ${r.total} (must be ≥ 2 lines summing to 0)`,
  },
  {
    name: 'receivable-lines-name-an-account',
    sql: `SELECT id, entry_id FROM journal_lines WHERE gl_code IN ('${GL.receivables}', '${GL.customerDeposits}') AND account_id IS NULL`,
    describe: (r) => `journal line ${r.id} (entry ${r.entry_id}) posts to receivables/deposits without an account`,
  },
  {
    name: 'charges-match-receivable-debits',
    sql: `WITH c AS (SELECT entry_id, account_id, sum(amount_cents) AS charged FROM charges GROUP BY entry_id, account_id),
               l AS (SELECT entry_id, account_id, sum(amount_cents) AS debited FROM journal_lines
                      WHERE gl_code = '${GL.receivables}' AND amount_cents > 0 AND entry_id IN (SELECT entry_id FROM charges)
                      GROUP BY entry_id, account_id)
          SELECT c.entry_id, c.account_id, c.charged, coalesce(l.debited, 0) AS debited
            FROM c LEFT JOIN l ON l.entry_id = c.entry_id AND l.account_id = c.account_id
           WHERE c.charged <> coalesce(l.debited, 0)`,
    describe: (r) => `entry ${r.entry_id} created charges of ${r.charged} on account ${r.account_id} but debited receivables ${r.debited}`,
  },
  {
    name: 'allocation-within-charge',
    sql: `SELECT c.id, c.amount_cents, sum(a.amount_cents) AS allocated
            FROM charges c JOIN allocations a ON a.charge_id = c.id
           GROUP BY c.id HAVING allocated < 0 OR allocated > c.amount_cents`,
    describe: (r) => `charge ${r.id} of ${r.amount_cents} has ${r.allocated} allocated (must be between 0 and the charge)`,
  },
  {
    name: 'allocation-within-payment',
    sql: `WITH a AS (SELECT a.entry_id, c.account_id, sum(a.amount_cents) AS allocated
                       FROM allocations a JOIN charges c ON c.id = a.charge_id GROUP BY a.entry_id, c.account_id),
               l AS (SELECT entry_id, account_id, sum(amount_cents) AS ar FROM journal_lines
                      WHERE gl_code = '${GL.receivables}' AND account_id IS NOT NULL AND entry_id IN (SELECT entry_id FROM allocations)
                      GROUP BY entry_id, account_id)
          SELECT a.entry_id, a.account_id, a.allocated, coalesce(l.ar, 0) AS ar
            FROM a LEFT JOIN l ON l.entry_id = a.entry_id AND l.account_id = a.account_id
           WHERE (a.allocated > 0 AND a.allocated > -coalesce(l.ar, 0)) OR (a.allocated < 0 AND -a.allocated > coalesce(l.ar, 0))`,
    describe: (r) => `entry ${r.entry_id} allocates ${r.allocated} on account ${r.account_id} but moves receivables by ${r.ar}`,
  },
  {
    name: 'balance-backed-by-open-charges',
    sql: `WITH bal AS (SELECT account_id, sum(amount_cents) AS balance FROM journal_lines
                        WHERE gl_code = '${GL.receivables}' AND account_id IS NOT NULL GROUP BY account_id),
               open AS (SELECT c.account_id, sum(c.amount_cents - coalesce(x.allocated, 0)) AS open
                          FROM charges c LEFT JOIN (SELECT charge_id, sum(amount_cents) AS allocated FROM allocations GROUP BY charge_id) x
                            ON x.charge_id = c.id GROUP BY c.account_id)
          SELECT bal.account_id, bal.balance, coalesce(open.open, 0) AS open
            FROM bal LEFT JOIN open ON open.account_id = bal.account_id
           WHERE bal.balance > coalesce(open.open, 0)`,
    describe: (r) => `account ${r.account_id} owes ${r.balance} in receivables but only ${r.open} in open charges`,
  },
  {
    name: 'reversal-targets',
    sql: `SELECT e.id, e.kind, e.reverses_entry_id, t.kind AS target_kind
            FROM journal_entries e LEFT JOIN journal_entries t ON t.id = e.reverses_entry_id
           WHERE (e.kind IN ('void', 'returned_payment') AND (t.id IS NULL OR t.kind <> 'payment'))
              OR (e.reverses_entry_id IS NOT NULL AND t.id >= e.id)`,
    describe: (r) => `entry ${r.id} (${r.kind}) reverses ${r.reverses_entry_id ?? 'nothing'} (${r.target_kind ?? 'missing'})`,
  },
  {
    name: 'reversed-at-most-once',
    sql: `SELECT reverses_entry_id, count(*) AS n FROM journal_entries
           WHERE kind = 'void' GROUP BY reverses_entry_id HAVING n > 1`,
    describe: (r) => `payment entry ${r.reverses_entry_id} is reversed ${r.n} times`,
  },
  {
    name: 'reversal-mirrors-original',
    sql: `WITH o AS (SELECT entry_id, gl_code, coalesce(account_id, 0) AS acct, sum(amount_cents) AS amt FROM journal_lines GROUP BY 1, 2, 3)
          SELECT r.id, r.reverses_entry_id
            FROM journal_entries r
           WHERE r.kind = 'void'
             AND EXISTS (SELECT 1 FROM o orig
                          LEFT JOIN o rev ON rev.entry_id = r.id AND rev.gl_code = orig.gl_code AND rev.acct = orig.acct
                          WHERE orig.entry_id = r.reverses_entry_id AND coalesce(rev.amt, 0) <> -orig.amt)`,
    describe: (r) => `void entry ${r.id} does not exactly reverse entry ${r.reverses_entry_id}`,
  },
];

export function verifyLedger(db: Db, now: Date): VerifyReport {
  const violations: VerifyReport['violations'] = [];
  const run = db.transaction(() => {
    for (const c of CHECKS) {
      const rows = db.prepare(`${c.sql} LIMIT ${MAX_PER_CHECK + 1}`).all() as Array<Record<string, string | number | null>>;
      for (const r of rows.slice(0, MAX_PER_CHECK)) violations.push({ check: c.name, detail: c.describe(r) });
      if (rows.length > MAX_PER_CHECK) violations.push({ check: c.name, detail: `more than ${MAX_PER_CHECK} violations; first ${MAX_PER_CHECK} shown` });
    }
    const triggers = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>).map((r) => r.name),
    );
    for (const t of APPEND_ONLY_TABLES) {
      for (const op of ['update', 'delete']) {
        if (!triggers.has(`${t}_no_${op}`)) violations.push({ check: 'append-only-triggers', detail: `trigger ${t}_no_${op} is missing` });
      }
    }
    const counts = db
      .prepare(
        `SELECT (SELECT count(*) FROM journal_entries) AS entries, (SELECT count(*) FROM journal_lines) AS lines,
                (SELECT count(*) FROM charges) AS charges, (SELECT count(*) FROM allocations) AS allocations,
                (SELECT count(*) FROM accounts) AS accounts`,
      )
      .get() as Record<string, number>;
    return counts;
  });
  const counts = run.deferred();
  return { ok: violations.length === 0, checkedAt: now.toISOString(), counts, violations };
}

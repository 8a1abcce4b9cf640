// Posting one journal entry: a payment-like entry (cash debit, receivables credit on an
// account) through postEntry in its own transaction, committed with the ledger's pragmas (WAL,
// synchronous=FULL), beside raw better-sqlite3 inserting the same three rows in one transaction
// on a second connection with the same pragmas. Runs on a scratch copy of the town.
import Database from 'better-sqlite3';
import { GL } from '../../src-main/core/ledger/gl';
import { postEntry } from '../../src-main/core/ledger/journal';
import { openLedger } from '../../src-main/db/open-ledger';
import { Rng } from '../../src-main/demo/rng';
import { latencyRows, type Row, type Section, type SectionContext } from '../harness';

const ROUNDS = 400;

export const postEntrySection: Section = {
  name: 'post',
  async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
    const file = scratchCopy();
    const db = openLedger(file);
    const raw = new Database(file, { fileMustExist: true });
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('busy_timeout = 5000');
    try {
      const rng = new Rng(11, 5);
      const accounts = (db.prepare('SELECT max(id) AS n FROM accounts').get() as { n: number }).n;
      const insEntry = raw.prepare("INSERT INTO journal_entries (kind, business_date, posted_at, user_id, station, memo) VALUES ('payment', ?, ?, NULL, 'S9', 'Benchmark payment')");
      const insLine = raw.prepare('INSERT INTO journal_lines (entry_id, gl_code, account_id, amount_cents, memo) VALUES (?, ?, ?, ?, NULL)');
      const rawPost = raw.transaction((account: number, amount: number, at: string) => {
        const id = Number(insEntry.run(town.today, at).lastInsertRowid);
        insLine.run(id, GL.cash, null, amount);
        insLine.run(id, GL.receivables, account, -amount);
      });
      const ours: number[] = [];
      const rawTimes: number[] = [];
      log(`post: ${ROUNDS} entries each way on ${file}`);
      for (let k = 0; k < ROUNDS + 20; k++) {
        const account = rng.int(1, accounts);
        const amount = rng.int(100, 30000);
        const at = new Date(Date.parse(`${town.today}T16:00:00Z`) + k * 1000).toISOString();
        let t = performance.now();
        db.transaction(() =>
          postEntry(db, {
            kind: 'payment',
            businessDate: town.today,
            postedAt: at,
            userId: null,
            station: 'S9',
            memo: 'Benchmark payment',
            lines: [
              { glCode: GL.cash, amountCents: amount },
              { glCode: GL.receivables, accountId: account, amountCents: -amount },
            ],
          }),
        )();
        const a = performance.now() - t;
        t = performance.now();
        rawPost(account, amount, at);
        const b = performance.now() - t;
        if (k >= 20) {
          ours.push(a);
          rawTimes.push(b);
        }
      }
      const rows = latencyRows('post one entry (commit, fsync)', ours, rawTimes);
      rows[0]!.note = `n=${ROUNDS}; WAL, synchronous=FULL`;
      return rows;
    } finally {
      raw.close();
      db.close();
    }
  },
};

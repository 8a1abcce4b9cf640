// Issue 9 item 3: every write transaction on a ledger connection begins IMMEDIATE (so a second
// writer waits for the lock instead of failing with SQLITE_BUSY / BUSY_SNAPSHOT), nested
// transactions still become savepoints, and no code path can open a deferred write transaction.
import Database from 'better-sqlite3';
import { ESLint, Linter } from 'eslint';
import path from 'node:path';
import { BUSY_TIMEOUT_MS, openLedger, type Db } from '../../../src-main/db/open-ledger';
import { tempDir } from '../../helpers/core';

const ROOT = path.resolve(__dirname, '../../..');

function ledgerPair(): { db: Db; other: Database.Database; close(): void } {
  const file = path.join(tempDir('tc-tx-'), 'ledger.sqlite');
  const db = openLedger(file, { create: true });
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT');
  // A second connection that does not wait: it shows who holds the write lock right now.
  const other = new Database(file, { fileMustExist: true });
  other.pragma('busy_timeout = 0');
  return {
    db,
    other,
    close: () => {
      other.close();
      db.close();
    },
  };
}

/** True when another connection holds the write (RESERVED) lock. */
function writeLockHeld(other: Database.Database): boolean {
  try {
    other.exec('BEGIN IMMEDIATE');
    other.exec('ROLLBACK');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw err;
  }
}

describe('ledger transactions (issue 9 item 3)', () => {
  it('db.transaction(fn)() begins IMMEDIATE: the write lock is held from the first statement, even a read', () => {
    const { db, other, close } = ledgerPair();
    let heldDuringRead = false;
    db.transaction(() => {
      db.prepare('SELECT count(*) FROM t').get();
      heldDuringRead = writeLockHeld(other);
    })();
    expect(heldDuringRead).toBe(true);
    expect(writeLockHeld(other)).toBe(false);
    // .default and .immediate are the same; .exclusive is still there.
    let viaDefault = false;
    db.transaction(() => {
      viaDefault = writeLockHeld(other);
    }).default();
    expect(viaDefault).toBe(true);
    close();
  });

  it('a deferred transaction on a raw connection does not take the lock (what the ledger connection avoids)', () => {
    const { other, close } = ledgerPair();
    const file = other.name;
    const raw = new Database(file, { fileMustExist: true });
    let held = true;
    raw.transaction(() => {
      raw.prepare('SELECT count(*) FROM t').get();
      held = writeLockHeld(other);
    })();
    expect(held).toBe(false);
    raw.close();
    close();
  });

  it('nested transactions are savepoints: an inner failure rolls back the inner part only', () => {
    const { db, close } = ledgerPair();
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const inner = db.transaction((v: string) => {
      insert.run(v);
      if (v === 'bad') throw new Error('inner failed');
    });
    db.transaction(() => {
      inner('good');
      expect(() => inner('bad')).toThrow('inner failed');
      insert.run('outer');
    })();
    expect(db.prepare('SELECT v FROM t ORDER BY id').pluck().all()).toEqual(['good', 'outer']);
    // An outer failure rolls everything back.
    expect(() =>
      db.transaction(() => {
        inner('lost');
        throw new Error('outer failed');
      })(),
    ).toThrow('outer failed');
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
    close();
  });

  it('.deferred is read-only: it reads a snapshot but any write inside it fails at once', () => {
    const { db, close } = ledgerPair();
    db.prepare("INSERT INTO t (v) VALUES ('a')").run();
    expect(db.transaction(() => db.prepare('SELECT count(*) FROM t').pluck().get()).deferred()).toBe(1);
    expect(() => db.transaction(() => db.prepare("INSERT INTO t (v) VALUES ('b')").run()).deferred()).toThrow(/readonly|read-only/i);
    // query_only is switched back off afterwards: writes work again.
    db.transaction(() => db.prepare("INSERT INTO t (v) VALUES ('c')").run())();
    expect(db.prepare('SELECT v FROM t ORDER BY id').pluck().all()).toEqual(['a', 'c']);
    close();
  });

  it('the busy timeout covers the 250 ms lock budget of bulk work many times over', () => {
    const { db, close } = ledgerPair();
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    expect(BUSY_TIMEOUT_MS).toBeGreaterThanOrEqual(10 * 250);
    close();
  });

  it('lint refuses a hand-written BEGIN (DEFERRED) anywhere in src-main, scripts or bench', async () => {
    // The project's own rule, as the config gives it for a src-main file, run on a probe.
    const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(path.join(ROOT, 'src-main/db/open-ledger.ts'))) as { rules: Record<string, Linter.RuleEntry> };
    const rule = config.rules['no-restricted-syntax'];
    expect(rule).toBeDefined();
    const messages = new Linter().verify("export const sql = ['BEGIN', `begin deferred`, ' Begin Exclusive', 'BEGIN IMMEDIATE'];\n", { languageOptions: { ecmaVersion: 2022, sourceType: 'module' }, rules: { 'no-restricted-syntax': rule! } });
    expect(messages.map((m) => m.column)).toEqual([21, 30, 48]);
  });
});

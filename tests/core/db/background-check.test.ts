// The start-up integrity check's worker is never terminated while it is still opening its
// connection (loading better-sqlite3's native module): a thread terminated inside that load
// aborts the whole process (N-API fatal error), which a test run met once when a core was closed
// within moments of starting. stop() lets the worker get past the open, then it ends by itself.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startBackgroundCheck } from '../../../src-main/db/background-check';
import { settlesWithin } from '../../../src-main/settles-within';
import { tempDir } from '../../helpers/core';

describe('the background integrity check', () => {
  const slowOpen = path.resolve(__dirname, '../../helpers/slow-open-sqlite.cjs');

  function ledger(): { file: string; mark: string } {
    const dir = tempDir('tc-bgcheck-');
    const file = path.join(dir, 'ledger.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE a (x INTEGER); CREATE TABLE b (y TEXT); INSERT INTO a VALUES (1), (2);');
    db.close();
    return { file, mark: path.join(dir, 'mark') };
  }

  it('stopped at once while its connection is still opening: not terminated before the open is done', async () => {
    const { file } = ledger();
    const check = startBackgroundCheck(file, { sqliteModule: slowOpen });
    await new Promise((r) => setTimeout(r, 100)); // inside the 400 ms open
    const t0 = performance.now();
    await check.stop();
    expect(performance.now() - t0).toBeGreaterThan(150); // it waited for the open (was terminated at once)
    expect(await check.result).toBeNull(); // stopped, not a failure
    // Whether it was then terminated or had already seen the stop flag and closed its connection
    // is a race of a few milliseconds (a clean-clone run had it close first): either is safe.
  });

  it('stopped with a grace while its connection is still opening: it finishes the open, then stops by itself and closes it', async () => {
    const { file, mark } = ledger();
    process.env.TC_SLOW_OPEN_MARK = mark;
    try {
      const check = startBackgroundCheck(file, { sqliteModule: slowOpen });
      await new Promise((r) => setTimeout(r, 100));
      await check.stop(3_000);
      expect(await check.result).toBeNull();
      expect(fs.readFileSync(mark, 'utf8')).toBe('closed\n'); // the worker closed its own connection
    } finally {
      delete process.env.TC_SLOW_OPEN_MARK;
    }
  });

  it('runs to the end when not stopped, and a stop after it ended returns at once', async () => {
    const { file } = ledger();
    const check = startBackgroundCheck(file, { sqliteModule: require.resolve('better-sqlite3') });
    expect(await check.result).toEqual({ ok: true, problems: [] });
    expect(await settlesWithin(check.stop(), 1_000)).toBe(true);
  });

  it('settlesWithin tells a promise that settles in time from one that does not', async () => {
    expect(await settlesWithin(new Promise((r) => setTimeout(r, 10)), 1_000)).toBe(true);
    expect(await settlesWithin(new Promise(() => {}), 30)).toBe(false);
  });
});

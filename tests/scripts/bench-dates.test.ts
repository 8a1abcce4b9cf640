// No bench section depends on the wall-clock date: the payment and export sections run on a
// small generated town (made as of 2026-03-16) while the process's clock says a quite different
// day, and the export still posts and delivers the town's next business day. (Before, the
// payment section's core ran on the wall clock and opened that day, and the export section
// failed with "expected business day 2026-03-17, got <today>".)
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Town } from '../../bench/harness';
import { makeExportSection } from '../../bench/sections/export';
import { makePaymentSection } from '../../bench/sections/payment';
import { makeTestCore, tempDir } from '../helpers/core';

const TODAY = '2026-03-16';

describe('the bench and the calendar', () => {
  let town: Town;
  let scratch: string;

  beforeAll(async () => {
    const dir = tempDir('tc-bench-dates-');
    const file = path.join(dir, 'town.sqlite');
    const t = await makeTestCore({ file, now: `${TODAY}T15:00:00Z`, town: { accounts: 300, seed: 1 } });
    t.close();
    town = { accounts: 300, seed: 1, today: TODAY, file, sizeBytes: fs.statSync(file).size, seedSeconds: 0, seedPeakRssBytes: 0, cached: false, createdAt: `${TODAY}T15:00:00Z` };
    scratch = path.join(dir, 'scratch.sqlite');
    fs.copyFileSync(file, scratch);
  }, 60_000);

  afterEach(() => vi.useRealTimers());

  for (const fakeNow of ['2031-07-09T12:00:00Z', '2026-12-03T23:30:00Z']) {
    it(`runs the payment and export sections on the town's days when the clock says ${fakeNow}`, async () => {
      const copy = `${scratch}-${fakeNow.slice(0, 10)}`;
      fs.copyFileSync(scratch, copy);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(fakeNow));
      expect(new Date().toISOString()).toBe(new Date(fakeNow).toISOString());
      const ctx = { town, scratchCopy: () => copy, log: () => {} };
      const paid = await makePaymentSection(10).run(ctx);
      expect(paid[0]!.metric).toMatch(/^payments\.post/);
      const exported = await makeExportSection(60).run(ctx);
      expect(exported.map((r) => r.metric)).toContain('forced re-send of that day (byte-identical)');
      vi.useRealTimers();
      const db = new Database(copy, { readonly: true });
      try {
        expect(db.prepare('SELECT business_date FROM export_deliveries').all()).toEqual([{ business_date: '2026-03-17' }]);
        expect(db.prepare("SELECT count(*) AS n FROM business_days WHERE business_date > '2026-03-17'").get()).toEqual({ n: 0 });
      } finally {
        db.close();
      }
    }, 60_000);
  }
});

// The cut-off bench section runs end to end on a small demo town (on the town's own days, not
// the wall clock): the list is generated through the bridge while a cashier posts payments, and
// the raw baseline writes the same entries.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cutoffSection } from '../../bench/sections/cutoff';
import { makeTestCore, tempDir } from '../helpers/core';

const TODAY = '2026-03-16';

describe('the cut-off bench section', () => {
  it('generates a list on a small town beside the raw baseline', async () => {
    const dir = tempDir('tc-bench-cutoff-');
    const file = path.join(dir, 'town.sqlite');
    const t = await makeTestCore({ file, now: `${TODAY}T15:00:00Z`, town: { accounts: 300, seed: 1 } });
    t.close();
    const scratch = path.join(dir, 'scratch.sqlite');
    fs.copyFileSync(file, scratch);
    const town = { accounts: 300, seed: 1, today: TODAY, file, sizeBytes: fs.statSync(file).size, seedSeconds: 0, seedPeakRssBytes: 0, cached: false, createdAt: `${TODAY}T15:00:00Z` };
    const rows = await cutoffSection.run({ town, scratchCopy: () => scratch, log: () => {} });
    expect(rows[0]!.metric).toBe('cut-off list generate (wall)');
    expect(rows.map((r) => r.metric)).toContain('counter payment during the list p99');
    const db = new Database(scratch, { readonly: true });
    try {
      const lists = db.prepare('SELECT id, status, cutoff_date, on_list_count + left_off_count AS n FROM cutoff_lists ORDER BY id').all() as Array<{ id: number; status: string; cutoff_date: string; n: number }>;
      expect(lists.map((l) => l.status)).toEqual(['ready', 'abandoned']);
      // The first date a cut-off can happen a week after the town's next day (2026-03-17 + 7).
      expect(lists[0]!.cutoff_date).toBe('2026-03-24');
      expect(lists[0]!.n).toBeGreaterThan(0);
      const count = db.prepare('SELECT count(*) FROM cutoff_list_entries WHERE list_id = ?').pluck();
      expect(count.get(lists[1]!.id)).toBe(count.get(lists[0]!.id));
    } finally {
      db.close();
    }
  }, 60_000);
});

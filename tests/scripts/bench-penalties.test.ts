// The penalty and aging bench sections run end to end on a small demo town (on the town's own
// days, not the wall clock): the run posts through the bridge while a cashier posts payments,
// the raw baseline writes the same rows, and aging walks the town then pages from the cache.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { agingSection, penaltiesSection } from '../../bench/sections/penalties';
import { makeTestCore, tempDir } from '../helpers/core';

const TODAY = '2026-03-16';

describe('the penalty and aging bench sections', () => {
  it('run on a small town beside the raw baseline', async () => {
    const dir = tempDir('tc-bench-penalties-');
    const file = path.join(dir, 'town.sqlite');
    const t = await makeTestCore({ file, now: `${TODAY}T15:00:00Z`, town: { accounts: 300, seed: 1 } });
    t.close();
    const town = { accounts: 300, seed: 1, today: TODAY, file, sizeBytes: fs.statSync(file).size, seedSeconds: 0, seedPeakRssBytes: 0, cached: false, createdAt: `${TODAY}T15:00:00Z` };
    const scratch = path.join(dir, 'scratch.sqlite');
    fs.copyFileSync(file, scratch);
    const rows = await penaltiesSection.run({ town, scratchCopy: () => scratch, log: () => {} });
    expect(rows.map((r) => r.metric).slice(0, 3)).toEqual(['penalty preview (wall)', 'penalty run (wall)', 'penalty run peak RSS']);
    const db = new Database(scratch, { readonly: true });
    try {
      const runs = db.prepare('SELECT id, status, penalized_count AS n FROM penalty_runs ORDER BY id').all() as Array<{ id: number; status: string; n: number }>;
      expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
      expect(runs[0]!.n).toBeGreaterThan(0);
      expect(db.prepare("SELECT count(*) FROM charges WHERE kind = 'penalty' AND description = 'bench'").pluck().get()).toBe(runs[0]!.n);
    } finally {
      db.close();
    }
    const scratch2 = path.join(dir, 'scratch2.sqlite');
    fs.copyFileSync(file, scratch2);
    const aging = await agingSection.run({ town, scratchCopy: () => scratch2, log: () => {} });
    expect(aging.map((r) => r.metric)).toEqual(['aging walk (wall)', 'aging page from the cache', 'aging peak RSS']);
    expect(aging[0]!.note).toMatch(/^\d+ accounts with anything open; raw = one aggregate query for the bucket totals \(\d+ accounts\)$/);
    const [, ours, theirs] = /^(\d+) accounts.*\((\d+) accounts\)$/.exec(aging[0]!.note!)!;
    expect(ours).toBe(theirs);
  }, 90_000);
});

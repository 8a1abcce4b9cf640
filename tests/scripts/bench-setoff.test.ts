// The setoff bench section runs end to end on a small demo town (on the town's own days, not the
// wall clock): eligibility through the bridge while a cashier posts payments, beside the raw
// aggregate, and the two agree on how many accounts carry a 60-day debt.
import fs from 'node:fs';
import path from 'node:path';
import { setoffSection } from '../../bench/sections/setoff';
import { makeTestCore, tempDir } from '../helpers/core';

const TODAY = '2026-03-16';

describe('the setoff bench section', () => {
  it('walks a small town beside the raw baseline', async () => {
    const dir = tempDir('tc-bench-setoff-');
    const file = path.join(dir, 'town.sqlite');
    const t = await makeTestCore({ file, now: `${TODAY}T15:00:00Z`, town: { accounts: 300, seed: 1 } });
    t.close();
    const scratch = path.join(dir, 'scratch.sqlite');
    fs.copyFileSync(file, scratch);
    const town = { accounts: 300, seed: 1, today: TODAY, file, sizeBytes: fs.statSync(file).size, seedSeconds: 0, seedPeakRssBytes: 0, cached: false, createdAt: `${TODAY}T15:00:00Z` };
    const rows = await setoffSection.run({ town, scratchCopy: () => scratch, log: () => {} });
    expect(rows[0]!.metric).toBe('setoff eligibility (wall)');
    const judged = /([\d,]+) judged/.exec(rows[0]!.note ?? '')![1];
    const raw = /one aggregate \(([\d,]+) accounts with a 60-day debt\)/.exec(rows[0]!.note ?? '')![1];
    // No setoff history in a fresh town: the accounts judged are exactly those with a 60-day debt.
    expect(Number(judged!.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(judged).toBe(raw);
    expect(rows.map((r) => r.metric)).toContain('setoff eligibility peak RSS');
  }, 60_000);
});

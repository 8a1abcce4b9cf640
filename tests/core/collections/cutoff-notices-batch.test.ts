// A 2,000-notice batch: issued in chunks with progress events, then streamed to a file page by
// page with a progress event per notice, while the retained heap stays flat (measured after a
// forced garbage collection every 250 notices) and the process's peak RSS is recorded.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { issueCutoffNotices, NOTICE_CHUNK, streamNoticesPdf } from '../../../src-main/core/collections/cutoff-notices';
import { readSettings } from '../../../src-main/core/settings';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount } from '../../helpers/fixtures';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const MiB = 1024 * 1024;
const N = 2000;

describe('a 2,000-notice batch', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await makeTestCore(); // Monday 2026-03-16
    const db = t.core.deps.db;
    for (let i = 0; i < N; i++) {
      const a = makeAccount(db, { last: `Owner${i}`, street: `${i + 1} Long Rd` });
      billAccount(db, a.id, '2026-02-01', { water: 3000 + i }); // due 2026-02-21
      if (i % 3 === 0) db.prepare("UPDATE customers SET language = 'es' WHERE id = ?").run(a.customerId);
    }
  }, 120_000);
  afterAll(() => t.close());

  it('issues with progress events and streams the PDF with bounded memory', async () => {
    const db = t.core.deps.db;
    const sup = await t.signIn('supervisor');
    const list = await t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
    expect(list.onListCount).toBe(N);

    const progress: Array<{ issued: number; total: number }> = [];
    const st = readSettings(db);
    const r = await issueCutoffNotices(db, { listId: list.id, mailedOn: '2026-03-16', today: '2026-03-16', settings: st, at: '2026-03-16T14:00:00Z', userId: null, onProgress: (p) => progress.push(p) });
    expect(r).toEqual({ issued: N, total: N });
    // One event before the first chunk, then one per chunk of NOTICE_CHUNK, rising to the total.
    expect(progress).toHaveLength(1 + N / NOTICE_CHUNK);
    expect(progress[0]).toEqual({ issued: 0, total: N });
    expect(progress.at(-1)).toEqual({ issued: N, total: N });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.issued - progress[i - 1]!.issued).toBe(NOTICE_CHUNK);
    expect((db.prepare("SELECT count(*) AS n FROM letters WHERE kind = 'cutoff_notice'").get() as { n: number }).n).toBe(N);

    const file = path.join(tempDir('tc-notices-batch-'), 'notices.pdf');
    const out = fs.createWriteStream(file);
    const samples: number[] = [];
    const events: number[] = [];
    const totals = new Set<number>();
    const base = heap();
    const town = { name: 'Town of Mayberry', address: '104 N Main St, Mayberry NC 27030', phone: '(336) 555-0100', timeZone: 'America/New_York' };
    const done = await streamNoticesPdf(db, list.id, town, out, {
      onLetter: (n, total) => {
        events.push(n);
        totals.add(total);
        if (n % 250 === 0) samples.push(heap() - base);
      },
    });
    expect(done).toEqual({ pages: N, letters: N, parts: 4 });
    expect(events).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect([...totals]).toEqual([N]);
    const size = fs.statSync(file).size;
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+2000\n/);
    // Bounded: nothing of a drawn page stays in memory but its reference in pdfkit's page tree
    // (written at the end), so the retained heap grows by a few hundred bytes a notice, a fraction
    // of what each page put in the file (the contract prints parts of 500).
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const perNotice = (last - first) / (N - 250);
    console.info(
      `notices batch: ${(size / MiB).toFixed(1)} MiB file (${(size / N / 1024).toFixed(1)} KiB a page), retained heap after 250: ${(first / MiB).toFixed(1)} MiB, after 2,000: ${(last / MiB).toFixed(1)} MiB (${(perNotice / 1024).toFixed(1)} KiB a notice), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
    expect(samples).toHaveLength(8);
    expect(last).toBeLessThan(4 * MiB);
    expect(perNotice).toBeLessThan(1024);
    expect(perNotice).toBeLessThan(size / N / 2);
  }, 120_000);
});

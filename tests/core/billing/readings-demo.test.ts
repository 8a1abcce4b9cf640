// The demo town's readings file (part A's generator) through the import: every row of its
// meters is accepted except the problems it plants on purpose, each held with its reason on
// its line; a second import adds nothing.
import fs from 'node:fs';
import path from 'node:path';
import { writeDemoReadingsFile } from '../../../src-main/demo/readings-file';
import { makeTestCore, tempDir } from '../../helpers/core';

it('imports the demo town’s next cycle file, holding exactly the planted problems', async () => {
  const t = await makeTestCore({ town: { accounts: 300 } });
  const dir = tempDir();
  try {
    const f = writeDemoReadingsFile(t.core.deps.db, { file: path.join(dir, 'readings.csv'), today: t.core.today() });
    expect(f.problems.length).toBeGreaterThan(0);
    const clerk = await t.signIn('clerk');
    const content = fs.readFileSync(f.file).toString('base64');
    const s = await t.must('readings.import', { fileName: 'readings.csv', contentBase64: content, profile: 'default', cycle: f.cycle, period: f.period }, clerk);
    const planted: Record<string, number> = {};
    for (const p of f.problems) planted[p.problem] = (planted[p.problem] ?? 0) + 1;
    expect(s).toMatchObject({ rowsRead: f.rows, accepted: f.rows - f.problems.length, exceptions: f.problems.length, byReason: planted, windows: [{ cycle: f.cycle, period: f.period }] });
    expect(s.sample.map((x) => [x.line, x.meterNumber, x.reason])).toEqual(f.problems.map((p) => [p.line, p.meterNumber, p.problem]));
    const again = await t.must('readings.import', { fileName: 'readings.csv', contentBase64: content, profile: 'default', cycle: f.cycle, period: f.period }, clerk);
    expect(again).toMatchObject({ accepted: 0, exceptions: 0, unchanged: f.rows, notRead: s.notRead });
  } finally {
    t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

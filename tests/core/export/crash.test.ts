// Kills an exporting process with SIGKILL: once paused half-way through the package, then at
// random moments (first deliveries and forced re-sends). After every kill the target holds no
// partial package (either none, or a complete one whose files match its manifest); the next run
// cleans up what the dead process left, marks its attempt interrupted, and delivers.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/core';
import { listTarget, makeExportCore, makeTownAccounts, prng, workDay } from './helpers';

const child = path.resolve(__dirname, 'crash-child.ts');
const DAY = '2026-03-16';
const FOLDER = `${DAY}_S1`;

let pausedView: string[] = [];

/** Runs the child; kills it killAfterStartMs after START, or as soon as it pauses (after looking at the target). */
function run(file: string, target: string, mode: string, killAfterStartMs: number | null, force = false): Promise<{ killed: boolean; paused: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', child, file, target, DAY, mode];
    if (force) args.push('force');
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let paused: string | null = null;
    let timer = false;
    const guard = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (killAfterStartMs !== null && !timer && out.includes('START\n')) {
        timer = true;
        setTimeout(() => p.kill('SIGKILL'), killAfterStartMs);
      }
      const m = /PAUSED (\S+)\n/.exec(out);
      if (m && !paused) {
        paused = m[1]!;
        pausedView = listTarget(target);
        p.kill('SIGKILL');
      }
    });
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('exit', (_code, signal) => {
      clearTimeout(guard);
      resolve({ killed: signal === 'SIGKILL', paused, stderr });
    });
    p.on('error', reject);
  });
}

/** A complete package: the manifest's files, each with its recorded SHA-256, and nothing else. */
function checkComplete(dir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: Array<{ name: string; sha256: string }> };
  expect(listTarget(dir)).toEqual([...manifest.files.map((f) => f.name), 'manifest.json'].sort());
  for (const f of manifest.files) expect(crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f.name))).digest('hex')).toBe(f.sha256);
}

describe('export crash safety', () => {
  it('leaves no partial package across SIGKILLs, and the next run delivers', async () => {
    const file = path.join(tempDir('tc-export-crash-'), 'ledger.sqlite');
    const target = tempDir('tc-export-crash-target-');
    const setup = await makeExportCore({ file, now: `${DAY}T13:00:00Z` });
    await workDay(setup, DAY, makeTownAccounts(setup, 20), { payments: 150, seed: 3, shortCents: 0 });
    // A reference copy of the package, made in-process into another folder.
    const reference = tempDir('tc-export-crash-ref-');
    await setup.core.exporter.exportDay({ businessDate: DAY, source: 'manual', target: reference });
    const refBytes = new Map(listTarget(path.join(reference, FOLDER)).map((n) => [n, fs.readFileSync(path.join(reference, FOLDER, n))]));
    // That delivery was to another folder; forget it by exporting with force from here on.
    setup.close();

    // 1. Paused after three files: only a hidden temporary folder is in the target.
    const paused = await run(file, target, 'pause:gl.csv', null, true);
    expect(paused).toMatchObject({ killed: true, paused: 'gl.csv' });
    expect(pausedView).toHaveLength(1);
    expect(pausedView[0]).toMatch(/^\.tc-tmp~/);
    expect(listTarget(target).includes(FOLDER)).toBe(false);

    // 2. Killed at random moments, first delivery and forced re-sends alike.
    const random = prng(99);
    let completed = 0;
    for (let k = 0; k < 6; k++) {
      const r = await run(file, target, 'slow:12', Math.floor(random() * 260), true);
      if (!r.killed) {
        expect(r.stderr).toBe('');
        completed++;
      }
      const names = listTarget(target);
      if (names.includes(FOLDER)) checkComplete(path.join(target, FOLDER));
      expect(names.filter((n) => !n.startsWith('.tc-')).every((n) => n === FOLDER)).toBe(true);
    }

    // 3. The next run cleans up, marks the dead attempts interrupted, and delivers the same bytes.
    const t = await makeExportCore({ file, now: `${DAY}T23:30:00Z` });
    try {
      const db = t.core.deps.db;
      const res = await t.core.exporter.exportDay({ businessDate: DAY, source: 'manual', target, force: true });
      expect(['delivered', 'redelivered', 'recovered']).toContain(res.outcome);
      expect(listTarget(target)).toEqual([FOLDER]);
      checkComplete(path.join(target, FOLDER));
      for (const [n, bytes] of refBytes) expect(fs.readFileSync(path.join(target, FOLDER, n)).equals(bytes)).toBe(true);
      expect((db.prepare("SELECT count(*) AS n FROM export_log WHERE outcome = 'running'").get() as { n: number }).n).toBe(0);
      // Each later attempt marked the dead ones before it; this run marked the last.
      const interrupted = (db.prepare("SELECT count(*) AS n FROM export_log WHERE outcome = 'interrupted'").get() as { n: number }).n;
      expect(interrupted).toBeGreaterThanOrEqual(1);
      expect(interrupted).toBeLessThanOrEqual(1 + 6 - completed);
      expect(completed).toBeLessThan(6);
    } finally {
      t.close();
    }
  }, 120_000);
});

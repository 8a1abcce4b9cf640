// The conversion worker as the desktop app runs it: the esbuild bundle dist/main/
// conversion-worker.cjs (beside electron-main.cjs, which finds it there), checking a set on a
// ledger file through the contract.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeTestCore, tempDir } from '../helpers/core';
import { writeConversionSet } from '../helpers/conversion-set';
import { CONVERSION_WORKER_BUNDLE, ensureBuilt, MAIN_BUNDLE } from './build-once';

describe('the bundled conversion worker', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('is built beside the main bundle, which looks for it there', () => {
    expect(path.dirname(CONVERSION_WORKER_BUNDLE)).toBe(path.dirname(MAIN_BUNDLE));
    expect(fs.readFileSync(MAIN_BUNDLE, 'utf8')).toContain('conversion-worker.cjs');
  });

  it('checks a conversion set on a ledger file', async () => {
    const dir = tempDir('tc-conv-bundle-');
    fs.mkdirSync(path.join(dir, 'office'));
    const t = await makeTestCore({ file: path.join(dir, 'office', 'ledger.sqlite'), boot: { conversion: { worker: { url: pathToFileURL(CONVERSION_WORKER_BUNDLE) } } } });
    try {
      const admin = await t.signIn('admin');
      const set = writeConversionSet(path.join(dir, 'set'));
      const { jobId } = await t.must('conversion.start', { folder: set, dryRun: true, acceptRejects: false }, admin);
      let job = await t.must('conversion.status', { jobId }, admin);
      for (const until = Date.now() + 30_000; job.state === 'running' && Date.now() < until; ) {
        await new Promise((r) => setTimeout(r, 25));
        job = await t.must('conversion.status', { jobId }, admin);
      }
      expect(job.error).toBeNull();
      expect(job.state).toBe('done');
      expect(job.result!.status).toBe('checked');
      expect(job.result!.summary.accounts).toBe(3);
    } finally {
      t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

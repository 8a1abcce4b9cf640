// `npm run export` (scripts/export.ts) as a scheduled task would run it: one day, the pending
// days, a refused second delivery, a supervisor re-send, and the exit codes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/core';
import { listTarget, makeExportCore, makeTownAccounts, workDay } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/export.ts');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run export', () => {
  it('is the package script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.export).toBe('tsx scripts/export.ts');
  });

  it('exports a day, refuses it twice, re-sends with a supervisor, and says why with its exit code', async () => {
    const file = path.join(tempDir('tc-cli-'), 'ledger.sqlite');
    const t = await makeExportCore({ file, now: '2026-03-16T13:00:00Z' });
    const accounts = makeTownAccounts(t, 6);
    await workDay(t, '2026-03-16', accounts, { payments: 6, seed: 1 });
    await workDay(t, '2026-03-17', accounts, { payments: 6, seed: 2 });
    t.clock.set('2026-03-18T14:00:00Z');
    await t.must('drawer.open', { counts: [{ denominationCents: 2000, count: 10 }] }, await t.signIn('cashier'));
    t.close();
    const to = tempDir('tc-cli-out-');

    const one = cli(['--db', file, '--day', '2026-03-16', '--to', to]);
    expect(one).toMatchObject({ code: 0, out: expect.stringContaining(`Delivered: 2026-03-16 to ${path.join(to, '2026-03-16_S1')}`) });
    const twice = cli(['--db', file, '--day', '2026-03-16', '--to', to]);
    expect(twice).toMatchObject({ code: 4, err: expect.stringContaining('was delivered') });
    expect(cli(['--db', file, '--day', '2026-03-18', '--to', to])).toMatchObject({ code: 3, err: expect.stringContaining('not closed') });
    expect(cli(['--db', file, '--pending', '--to', path.join(to, 'missing')])).toMatchObject({ code: 5, err: expect.stringContaining('does not exist') });
    expect(cli(['--db', file, '--pending', '--to', to])).toMatchObject({ code: 0, out: expect.stringContaining('Delivered 2026-03-17') });
    expect(listTarget(to)).toEqual(['2026-03-16_S1', '2026-03-17_S1']);
    expect(cli(['--db', file, '--day', '2026-03-16', '--to', to, '--force', '--supervisor', 'supervisor'], { TOWNCOUNTER_SUPERVISOR_PIN: '0000' })).toMatchObject({ code: 6 });
    const resent = cli(['--db', file, '--day', '2026-03-16', '--to', to, '--force', '--supervisor', 'supervisor', '--reason', 'central asked again'], { TOWNCOUNTER_SUPERVISOR_PIN: '9999' });
    expect(resent).toMatchObject({ code: 0, out: expect.stringContaining('Re-sent (identical to the first delivery)') });
    expect(cli(['--day', '2026-03-16'])).toMatchObject({ code: 2, err: expect.stringContaining('--db') });

    const check = await makeExportCore({ file });
    try {
      const rows = check.core.deps.db.prepare("SELECT business_date, source, outcome, forced FROM export_log ORDER BY id").all();
      expect(rows).toEqual([
        { business_date: '2026-03-16', source: 'cli', outcome: 'ok', forced: 0 },
        { business_date: '2026-03-16', source: 'cli', outcome: 'refused', forced: 0 },
        { business_date: '2026-03-18', source: 'cli', outcome: 'refused', forced: 0 },
        { business_date: '2026-03-17', source: 'cli', outcome: 'error', forced: 0 },
        { business_date: '2026-03-17', source: 'cli', outcome: 'ok', forced: 0 },
        { business_date: '2026-03-16', source: 'cli', outcome: 'refused', forced: 1 },
        { business_date: '2026-03-16', source: 'cli', outcome: 'ok', forced: 1 },
      ]);
      expect(check.core.deps.db.prepare("SELECT subject, details FROM audit_log WHERE action = 'export.resend.refused'").all()).toEqual([{ subject: '2026-03-16', details: expect.stringContaining('Supervisor approval failed') }]);
      expect(check.core.deps.db.prepare("SELECT reason FROM audit_log WHERE action = 'export.resend'").all()).toEqual([{ reason: 'central asked again' }]);
    } finally {
      check.close();
    }
  }, 90_000);
});

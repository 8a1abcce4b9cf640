// `npm run import` (scripts/import.ts) as a town moving in runs it: a new ledger with its first
// administrator, dry runs (rejects → exit 3, the report written), the load, a re-run that adds
// nothing, and the usage errors.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../../helpers/core';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/import.ts');
const FIXTURES = path.join(ROOT, 'tests/fixtures/conversion');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run import', () => {
  it('is the package script', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.import).toBe('tsx scripts/import.ts');
  });

  it('creates the ledger and its administrator, checks, loads, and adds nothing on a re-run', () => {
    const dir = tempDir('tc-import-cli-');
    const db = path.join(dir, 'town.sqlite');
    const env = { TOWNCOUNTER_KEY_FILE: path.join(dir, 'keys', 'key'), TOWNCOUNTER_ADMIN_PIN: '482913' };
    // The set with errors: exit 3, the rejects report written, nothing loaded.
    const bad = cli(['--db', db, '--new', '--admin', 'jdoe', '--from', path.join(FIXTURES, 'sample-errors'), '--dry-run', '--as-of', '2026-03-16', '--report', path.join(dir, 'r1')], env);
    expect(bad.err).toContain('created a new ledger');
    expect(bad.code).toBe(3);
    expect(bad.out).toMatch(/Dry run: 46 rejects; nothing was loaded\./);
    expect(fs.readFileSync(path.join(dir, 'r1', 'rejects.csv'), 'utf8').trim().split('\r\n')).toHaveLength(47);
    expect(fs.readFileSync(path.join(dir, 'r1', 'summary.txt'), 'utf8')).toMatch(/Total receivable/);
    // A load of it is refused (exit 3) while rows are rejected.
    expect(cli(['--db', db, '--from', path.join(FIXTURES, 'sample-errors'), '--as-of', '2026-03-16', '--report', path.join(dir, 'r2')], env).code).toBe(3);
    // The clean set loads (exit 0), and again adds nothing.
    const load = cli(['--db', db, '--from', path.join(FIXTURES, 'sample'), '--as-of', '2026-03-16', '--report', path.join(dir, 'r3')], env);
    expect(load.code).toBe(0);
    expect(load.out).toMatch(/Group accounts: loaded/);
    // Without --report the report goes beside the ledger, in a folder named by the town's date and time.
    const townDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
    const before = new Date();
    const again = cli(['--db', db, '--from', path.join(FIXTURES, 'sample'), '--as-of', '2026-03-16'], env);
    const after = new Date();
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Nothing new to load/);
    const folders = fs.readdirSync(path.join(dir, 'conversion-reports'));
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^\d{4}-\d{2}-\d{2}_\d{6}$/);
    expect([townDay(before), townDay(after)]).toContain(folders[0]!.slice(0, 10));
    expect(fs.existsSync(path.join(dir, 'conversion-reports', folders[0]!, 'summary.txt'))).toBe(true);
    const ledger = new Database(db, { readonly: true });
    expect(ledger.prepare("SELECT username, role FROM users").all()).toEqual([{ username: 'jdoe', role: 'admin' }]);
    expect(ledger.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(300);
    expect(ledger.prepare('SELECT status FROM conversion_runs ORDER BY id').pluck().all()).toEqual(['checked', 'refused', 'loaded', 'loaded']);
    ledger.close();
  }, 120_000);

  it('says what is wrong with the command line (exit 2) and never creates a ledger by mistake', () => {
    const dir = tempDir('tc-import-cli-');
    const db = path.join(dir, 'town.sqlite');
    expect(cli(['--from', path.join(FIXTURES, 'sample')])).toMatchObject({ code: 2, err: expect.stringContaining('--db PATH is required') });
    expect(cli(['--db', db, '--from', path.join(FIXTURES, 'sample')])).toMatchObject({ code: 2, err: expect.stringContaining('pass --new') });
    expect(fs.existsSync(db)).toBe(false);
    expect(cli(['--db', db, '--new', '--from', path.join(dir, 'nowhere')])).toMatchObject({ code: 2, err: expect.stringContaining('is not a folder') });
    expect(cli(['--db', db, '--new', '--from', path.join(FIXTURES, 'sample'), '--as-of', '2026-02-30'])).toMatchObject({ code: 2, err: expect.stringContaining('on the calendar') });
    expect(cli(['--db', db, '--admin', 'x1', '--from', path.join(FIXTURES, 'sample')])).toMatchObject({ code: 2, err: expect.stringContaining('use it with --new') });
    expect(fs.existsSync(db)).toBe(false);
  }, 60_000);
});

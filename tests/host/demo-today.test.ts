// Browser mode's --today: on a demo ledger the core's clock runs on that date in the town's zone
// (ledger.status over HTTP says so); a real ledger, or a date that is no date, is refused at
// start-up with one clear message and the host never serves.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fixedClock, localDate } from '../../src-main/core/deps';
import { createDemoLedger, isDemoLedger } from '../../src-main/demo/demo-ledger';
import { shiftableClock } from '../../src-main/host/demo-today';
import { makeTestCore, MIGRATIONS_DIR, tempDir } from '../helpers/core';

const REPO = path.resolve(__dirname, '../..');

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Starts the host CLI; resolves when it exits, or (with onReady) when it prints its address. */
function host(args: string[], onReady?: (url: string) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src-main/host/cli.ts'), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ready = false;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /TownCounter \(browser mode\) on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m && onReady && !ready) {
        ready = true;
        onReady(m[1]!).then(
          () => child.kill('SIGTERM'),
          (e: unknown) => {
            child.kill('SIGTERM');
            reject(e instanceof Error ? e : new Error(String(e)));
          },
        );
      }
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

function status(url: string): Promise<{ ok: boolean; value: { businessDate: string; timeZone: string } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/rpc/ledger.status`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(JSON.parse(body) as never));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('browser mode --today', () => {
  it('shifts the clock by whole town days, keeping the time of day', () => {
    // 23:06 on 12/03/2026 in New York.
    const clock = shiftableClock(fixedClock('2026-12-04T04:06:00Z'));
    clock.shiftTo('2027-03-17', 'America/New_York');
    expect(localDate(clock.now(), 'America/New_York')).toBe('2027-03-17');
    // 23:06 again, now in daylight time (UTC-4).
    expect(clock.now().toISOString()).toBe('2027-03-18T03:06:00.000Z');
  });

  it('runs a demo ledger on the given date, and refuses a real ledger or a bad date', async () => {
    const dir = tempDir('tc-today-');
    const demo = path.join(dir, 'demo.sqlite');
    await createDemoLedger({ file: demo, migrationsDir: MIGRATIONS_DIR, accounts: 60, today: '2026-03-16' });
    const real = path.join(dir, 'real.sqlite');
    const t = await makeTestCore({ file: real });
    expect(isDemoLedger(t.core.deps.db)).toBe(false);
    t.close();

    let seen: { businessDate: string; timeZone: string } | null = null;
    const ran = await host(['--demo', '--db', demo, '--today', '2026-04-01', '--port', '0', '--no-virtual-printer'], async (url) => {
      const r = await status(url);
      seen = r.value;
    });
    expect(seen).toMatchObject({ businessDate: '2026-04-01', timeZone: 'America/New_York' });
    expect(ran.out).toContain("Demo date: 2026-04-01 in the town's time zone (America/New_York)");

    const refused = await host(['--db', real, '--today', '2026-04-01', '--port', '0', '--no-virtual-printer']);
    expect(refused.code).toBe(1);
    expect(refused.err.trim()).toBe(`--today is only for a demo ledger (npm run host -- --demo); ${real} is not one, and a real ledger's dates always come from the computer's clock.`);
    expect(refused.out).not.toContain('browser mode) on');

    const badDate = await host(['--demo', '--db', demo, '--today', '2026-02-30', '--port', '0', '--no-virtual-printer']);
    expect(badDate.code).toBe(1);
    expect(badDate.err.trim()).toBe('--today needs a calendar date as YYYY-MM-DD, got "2026-02-30".');
  }, 90_000);
});

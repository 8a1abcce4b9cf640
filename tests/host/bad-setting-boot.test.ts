// Issue 9 item 2: a bad value stored in the settings table (here a made-up time zone written
// straight into the ledger) must not keep browser mode from starting. The host opens, the
// status names the bad setting (the red banner), and the administrator fixes it over the contract.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { makeTestCore, tempDir } from '../helpers/core';

const ROOT = path.resolve(__dirname, '../..');

function rpc(port: number, method: string, body: unknown, token?: string): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/rpc/${method}`, headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}`, ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as never));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

function startHostProcess(file: string): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src-main/host/cli.ts'), '--db', file, '--port', '0', '--no-virtual-printer'], { cwd: ROOT, env: { ...process.env, TOWNCOUNTER_KEY_FILE: '', TOWNCOUNTER_PEPPER_FILE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 30_000);
    const onData = (c: Buffer) => {
      out += c.toString('utf8');
      const m = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${out}`));
    });
  });
}

describe('browser mode on a ledger with a bad stored setting', () => {
  it('starts, names the bad setting in the status, and lets the administrator fix it', async () => {
    const file = path.join(tempDir('tc-host-bad-'), 'ledger.sqlite');
    const t = await makeTestCore({ file });
    t.core.deps.db.prepare("INSERT INTO settings (key, value) VALUES ('timeZone', '\"Mars/Olympus_Mons\"') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    t.close();

    const host = await startHostProcess(file);
    try {
      const status = (await rpc(host.port, 'ledger.status', {})) as { ok: true; value: { healthy: boolean; warnings: string[] } };
      expect(status.ok).toBe(true);
      expect(status.value.healthy).toBe(true);
      expect(status.value.warnings.join(' ')).toContain('timeZone holds "Mars/Olympus_Mons"');

      const signIn = (await rpc(host.port, 'session.signIn', { username: 'admin', secret: '0000' })) as { ok: true; value: { token: string } };
      expect(signIn.ok).toBe(true);
      const cashier = (await rpc(host.port, 'session.signIn', { username: 'cashier', secret: '1111' })) as { ok: true; value: { token: string } };
      expect((await rpc(host.port, 'accounts.search', { query: 'smith' }, cashier.value.token)).ok).toBe(true);
      expect((await rpc(host.port, 'settings.update', { values: { timeZone: 'Mars/Olympus_Mons' }, reason: 'again' }, signIn.value.token)).error?.code).toBe('BAD_INPUT');
      expect((await rpc(host.port, 'settings.update', { values: { timeZone: 'America/New_York' }, reason: 'fix the zone' }, signIn.value.token)).ok).toBe(true);
      const after = (await rpc(host.port, 'ledger.status', {})) as { ok: true; value: { warnings: string[] } };
      expect(after.value.warnings).toEqual([]);
      expect(host.child.exitCode).toBeNull();
    } finally {
      host.child.kill('SIGTERM');
    }
  }, 60_000);
});

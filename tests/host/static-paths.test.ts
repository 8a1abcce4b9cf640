// Issue 9 item 1: no request path, however malformed, may take the browser-mode host down.
// A fuzz of static paths against a real running host (raw HTTP over loopback, so nothing
// normalises the path on the way), then a payment still posts through /rpc.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveStaticPath, startHost, type RunningHost } from '../../src-main/host/server';
import { makeTestCore, tempDir, type TestCore } from '../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../helpers/fixtures';

/** Sends one raw request line (the path exactly as given) and returns the status code (0 if the connection was cut). */
function rawGet(port: number, target: string, headers = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(Buffer.concat([Buffer.from('GET ', 'latin1'), Buffer.from(target, 'latin1'), Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n${headers}\r\n`, 'latin1')]));
  });
}

const HOSTILE = [
  '/%00',
  '/index.html%00.js',
  '/assets/%00',
  '/assets/app.js%00',
  '/%',
  '/%zz',
  '/%e0%a4%a',
  '/%c0%ae%c0%ae/secret.txt',
  '/%ff',
  '/..',
  '/../secret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E/secret.txt',
  '/.%2e/secret.txt',
  '/%2e./secret.txt',
  '/assets/..%2fsecret.txt',
  '/assets%2f..%2f..%2fsecret.txt',
  '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
  '/%252e%252e/secret.txt',
  '/..\\secret.txt',
  '/assets\\..\\..\\secret.txt',
  '/%5c..%5csecret.txt',
  '/assets/./app.js',
  '/assets//app.js',
  '//etc/passwd',
  '/' + 'a'.repeat(5000),
  '/' + 'a/'.repeat(2000),
  '/%01',
  '/%7f',
  '/\u0001',
  '/index.html%0d%0aSet-Cookie:%20x=1',
  '/assets/app.js.map',
  '*',
  'index.html',
  'http://evil.example/index.html',
];

describe('static paths (issue 9 item 1)', () => {
  let t: TestCore;
  let host: RunningHost;
  const logged: string[] = [];

  beforeAll(async () => {
    t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
    const base = tempDir('tc-static-');
    const rendererDir = path.join(base, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>TownCounter</title>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js.map'), '{"sources":["secret.ts"]}');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'not for the browser');
    host = await startHost({ bridge: t.bridge, rendererDir, port: 0, log: (m) => logged.push(m) });
  });
  afterAll(async () => {
    await host.close();
    t.close();
  });

  it('answers every hostile path with 400/404/414 and never leaks a file outside the renderer', async () => {
    for (const target of HOSTILE) {
      const r = await rawGet(host.port, target);
      expect([400, 403, 404, 414], `${JSON.stringify(target.slice(0, 60))} -> ${r.status}`).toContain(r.status);
      expect(r.body).not.toContain('not for the browser');
      expect(r.body).not.toContain('secret.ts');
    }
    // The host is still serving.
    expect((await rawGet(host.port, '/')).status).toBe(200);
    expect((await rawGet(host.port, '/assets/app.js')).status).toBe(200);
    expect((await rawGet(host.port, '/?%00')).status).toBe(200);
  });

  it('survives a deterministic random fuzz of percent-encoded paths', async () => {
    const pieces = ['%00', '%2e', '%2E', '.', '..', '/', '%2f', '%5c', '\\', '%', '%g1', '%c0%af', '%e2%80%ae', 'assets', 'index.html', 'app.js', '%20', '~', '%ff%fe', 'a'];
    let seed = 9;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      let p = '/';
      const len = 1 + rnd(8);
      for (let j = 0; j < len; j++) p += pieces[rnd(pieces.length)];
      const r = await rawGet(host.port, p);
      expect([200, 400, 403, 404, 414], `${p} -> ${r.status}`).toContain(r.status);
      expect(r.body).not.toContain('not for the browser');
    }
    expect((await rawGet(host.port, '/index.html')).status).toBe(200);
  });

  it('refuses cross-site loads of the app files (an <img> on another site) but not navigation', async () => {
    expect((await rawGet(host.port, '/%00', 'Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n')).status).toBe(403);
    expect((await rawGet(host.port, '/assets/app.js', 'Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n')).status).toBe(403);
    expect((await rawGet(host.port, '/', 'Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\n')).status).toBe(200);
  });

  it('still posts a payment through /rpc after the fuzz', async () => {
    const db = t.core.deps.db;
    const a = makeAccount(db);
    billAccount(db, a.id, '2026-02-05', { water: 3000 });
    const rpc = async (method: string, body: unknown, token?: string) => {
      const res = await fetch(`${host.url}rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      return (await res.json()) as { ok: boolean; value?: { token?: string; receipt?: { number: string } }; error?: { code: string } };
    };
    const signIn = await rpc('session.signIn', { username: 'cashier', secret: '1111' });
    const token = signIn.value!.token!;
    expect((await rpc('drawer.open', { counts: STARTING_BANK }, token)).ok).toBe(true);
    const paid = await rpc('payments.post', { idempotencyKey: 'after-fuzz-1', lines: [{ type: 'account', accountId: a.id, amountCents: 3000 }], tenders: [{ kind: 'cash', amountCents: 3000 }] }, token);
    expect(paid.error).toBeUndefined();
    expect(paid.value!.receipt!.number).toMatch(/^S1-\d+$/);
  });
});

describe('source maps (issue 9 item 8)', () => {
  it('the production renderer build writes no source map', async () => {
    const configFile = pathToFileURL(path.resolve(__dirname, '../../vite.config.ts')).href;
    const config = ((await import(configFile)) as { default: { build?: { sourcemap?: unknown } } }).default;
    expect(config.build?.sourcemap).toBe(false);
  });
});

describe('resolveStaticPath', () => {
  it('maps good paths and refuses the rest with a reason', () => {
    expect(resolveStaticPath('/')).toEqual({ ok: true, rel: 'index.html' });
    expect(resolveStaticPath('/assets/app.js?v=1')).toEqual({ ok: true, rel: 'assets/app.js' });
    expect(resolveStaticPath('/assets/a%20b.js')).toEqual({ ok: true, rel: 'assets/a b.js' });
    for (const bad of ['/%00', '/%zz', '/%2e%2e/x', '/a/../b', '/a\\b', '/a%2fb', '/a//b', 'x']) expect(resolveStaticPath(bad).ok, bad).toBe(false);
    expect(resolveStaticPath('/' + 'x'.repeat(2000))).toMatchObject({ ok: false, status: 414 });
  });
});

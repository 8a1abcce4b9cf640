import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startHost, type RunningHost } from '../../src-main/host/server';
import { makeTestCore, tempDir, type TestCore } from '../helpers/core';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, p: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: p.method ?? 'GET', path: p.path, headers: p.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (p.body !== undefined) req.write(p.body);
    req.end();
  });
}

describe('browser-mode host', () => {
  let t: TestCore;
  let host: RunningHost;
  let rendererDir: string;
  const rpc = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    request(host.port, { method: 'POST', path: `/rpc/${method}`, headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${host.port}`, ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    t = await makeTestCore();
    const base = tempDir('tc-host-');
    rendererDir = path.join(base, 'renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>TownCounter</title>');
    fs.mkdirSync(path.join(rendererDir, 'assets'));
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'not for the browser');
    host = await startHost({ bridge: t.bridge, rendererDir, port: 0, log: () => {} });
  });
  afterAll(async () => {
    await host.close();
    t.close();
  });

  it('listens on 127.0.0.1 only and serves the renderer with a strict CSP', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect((host.server.address() as { address: string }).address).toBe('127.0.0.1');
    const index = await request(host.port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>TownCounter</title>');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-frame-options']).toBe('DENY');
    const js = await request(host.port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toContain('text/javascript');
    expect([400, 404]).toContain((await request(host.port, { path: '/../secret.txt' })).status);
    expect([400, 404]).toContain((await request(host.port, { path: '/%2e%2e/secret.txt' })).status);
    expect((await request(host.port, { path: '/nope.js' })).status).toBe(404);
  });

  it('answers the contract with envelopes and needs the session token', async () => {
    const signIn = await rpc('session.signIn', { username: 'cashier', secret: '1111' });
    expect(signIn.status).toBe(200);
    const env = JSON.parse(signIn.body);
    expect(env).toMatchObject({ ok: true, value: { user: { username: 'cashier' } } });
    const anon = JSON.parse((await rpc('session.current', {})).body);
    expect(anon).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    const me = JSON.parse((await rpc('session.current', {}, { authorization: `Bearer ${env.value.token}` })).body);
    expect(me).toMatchObject({ ok: true, value: { user: { username: 'cashier' } } });
    const unknown = JSON.parse((await rpc('nope.nothing', {})).body);
    expect(unknown.error.code).toBe('UNKNOWN_METHOD');
    const notJson = await request(host.port, { method: 'POST', path: '/rpc/ledger.status', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(JSON.parse(notJson.body).error.code).toBe('BAD_INPUT');
  });

  it('refuses other origins, foreign Host headers, non-JSON posts and GET on /rpc', async () => {
    const before = t.core.deps.db.prepare('SELECT count(*) AS n FROM sessions').get();
    const evil = await rpc('session.signIn', { username: 'cashier', secret: '1111' }, { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error.code).toBe('ORIGIN_REFUSED');
    const crossSite = await rpc('session.signIn', { username: 'cashier', secret: '1111' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const rebinding = await rpc('session.signIn', { username: 'cashier', secret: '1111' }, { host: `attacker.example:${host.port}` });
    expect(rebinding.status).toBe(421);
    const form = await request(host.port, { method: 'POST', path: '/rpc/session.signIn', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=cashier&secret=1111' });
    expect(form.status).toBe(415);
    expect((await request(host.port, { path: '/rpc/ledger.status' })).status).toBe(405);
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual(before);
  });

  it('refuses oversized bodies', async () => {
    // Issue 9 item 8: the 413 envelope arrives (no TCP reset), with and without a declared length.
    const big = await request(host.port, { method: 'POST', path: '/rpc/accounts.search', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('too large') } });
    const chunked = await new Promise<Reply>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/rpc/accounts.search', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      for (let i = 0; i < 24; i++) req.write('x'.repeat(100 * 1024));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error.code).toBe('BAD_INPUT');
    // The host still answers.
    expect(JSON.parse((await rpc('ledger.status', {})).body).ok).toBe(true);
  });

  it('lets a reading file of several MiB through to the contract, and no further than its cap', async () => {
    // A cycle's reading file of a big town is ~11 MiB: its 2 MiB body reaches the contract
    // (which answers: here, not signed in), where any other method's 2 MiB body gets a 413.
    const body = JSON.stringify({ fileName: 'cycle.csv', contentBase64: 'QUJD'.repeat(512 * 1024), profile: 'default' });
    const file = await request(host.port, { method: 'POST', path: '/rpc/readings.import', headers: { 'content-type': 'application/json' }, body });
    expect(file.status).not.toBe(413);
    expect(JSON.parse(file.body)).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    const huge = await request(host.port, { method: 'POST', path: '/rpc/readings.import', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(18 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.message).toContain(String(17 * 1024 * 1024));
  });
});

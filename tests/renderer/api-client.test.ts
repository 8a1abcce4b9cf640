// @vitest-environment node
// The renderer's transports against real servers: browser mode over real HTTP on 127.0.0.1
// (a small server in front of the real bridge, plus routes that misbehave on purpose), and
// the api client's envelope handling.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi, httpTransport, ipcTransport, pickTransport, toEnvelope, type TownCounterBridge, type Transport } from '../../src-renderer/api/client';
import { makeTestCore, type TestCore } from '../helpers/core';

let t: TestCore;
let server: http.Server;
let base: string;
const seen: Array<{ url: string; auth: string | undefined; type: string | undefined; body: string }> = [];

beforeAll(async () => {
  t = await makeTestCore();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization, type: req.headers['content-type'], body });
      const method = decodeURIComponent((req.url ?? '').replace(/^\/rpc\//, ''));
      const send = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (method === 'broken.refused') return send(403, JSON.stringify({ ok: false, error: { code: 'ORIGIN_REFUSED', message: 'Requests from other sites are refused.' } }));
      if (method === 'broken.html') return send(502, '<html>Bad gateway</html>');
      if (method === 'broken.garbage') return send(200, JSON.stringify({ hello: 'world' }));
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? null;
      void t.bridge.invoke(method, JSON.parse(body), token).then((env) => send(200, JSON.stringify(env)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc/`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  t.close();
});

describe('browser-mode transport', () => {
  it('posts JSON to /rpc/<method>, sends the bearer token only when signed in, and returns the envelope', async () => {
    let token: string | null = null;
    const api = createApi(httpTransport(fetch, base), { getToken: () => token });
    const status = await api.call('ledger.status', {});
    expect(status.ok && status.value.townName).toBe('Town of Mayberry');
    expect(seen.at(-1)).toMatchObject({ url: '/rpc/ledger.status', auth: undefined, type: 'application/json', body: '{}' });

    const signIn = await api.call('session.signIn', { username: 'clerk', secret: '2222' });
    if (!signIn.ok) throw new Error(signIn.error.message);
    token = signIn.value.token;
    const who = await api.call('session.current', {});
    expect(who.ok && who.value.user.displayName).toBe('Clara Clerk');
    expect(seen.at(-1)?.auth).toBe(`Bearer ${token}`);

    const bad = await api.call('session.signIn', { username: 'clerk', secret: 'nope' });
    expect(bad.ok ? null : bad.error.code).toBe('BAD_CREDENTIALS');
  });

  it('turns other statuses and malformed answers into error envelopes instead of throwing', async () => {
    const transport = httpTransport(fetch, base);
    const refused = await transport.invoke('broken.refused', {}, null);
    expect(refused).toEqual({ ok: false, error: { code: 'ORIGIN_REFUSED', message: 'Requests from other sites are refused.' } });
    const html = await transport.invoke('broken.html', {}, null);
    expect(html.ok ? null : html.error.code).toBe('INTERNAL');
    expect(html.ok ? null : html.error.message).toContain('502');
    const garbage = await transport.invoke('broken.garbage', {}, null);
    expect(garbage.ok ? null : garbage.error.code).toBe('INTERNAL');

    // Nothing listening: still an envelope.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = await httpTransport(fetch, `http://127.0.0.1:${port}/rpc/`).invoke('ledger.status', {}, null);
    expect(down.ok ? null : down.error.code).toBe('INTERNAL');
    expect(down.ok ? null : down.error.message).toMatch(/could not reach the ledger/);
  });
});

describe('api client', () => {
  it('reports a lost session only for calls made with a token', async () => {
    let token: string | null = 'tok-not-a-session';
    let lost = 0;
    const transport: Transport = { kind: 'test', invoke: (m, i, tok) => t.bridge.invoke(m, i, tok) };
    const api = createApi(transport, { getToken: () => token, onSessionLost: () => lost++ });
    const r = await api.call('accounts.search', { query: 'smith' });
    expect(r.ok ? null : r.error.code).toBe('NOT_SIGNED_IN');
    expect(lost).toBe(1);
    token = null;
    await api.call('accounts.search', { query: 'smith' });
    expect(lost).toBe(1);
  });

  it('never throws: a transport that rejects gives an INTERNAL envelope; unknown codes become INTERNAL', async () => {
    const api = createApi({ kind: 'test', invoke: () => Promise.reject(new Error('channel closed')) }, { getToken: () => null });
    const r = await api.call('ledger.status', {});
    expect(r.ok ? null : r.error.code).toBe('INTERNAL');
    expect(toEnvelope({ ok: false, error: { code: 'MADE_UP', message: 'x' } })).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'x' } });
    expect(toEnvelope(null).ok).toBe(false);
  });

  it('uses the preload bridge when window.towncounter is there, HTTP otherwise', async () => {
    const events: string[] = [];
    const preload: TownCounterBridge = {
      invoke: (m, i, tok) => t.bridge.invoke(m, i, tok),
      on: (channel) => {
        events.push(channel);
        return () => events.push(`off:${channel}`);
      },
    };
    const desktop = pickTransport({ towncounter: preload });
    expect(desktop.kind).toBe('desktop');
    const r = await desktop.invoke('ledger.status', {}, null);
    expect(r.ok).toBe(true);
    desktop.on?.('drawer.changed', () => {})();
    expect(events).toEqual(['drawer.changed', 'off:drawer.changed']);
    expect(pickTransport({}).kind).toBe('browser');
    expect(ipcTransport(preload).kind).toBe('desktop');
  });
});

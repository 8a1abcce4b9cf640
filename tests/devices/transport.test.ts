// Real bytes over TCP to receivers on 127.0.0.1 and to a device path: the virtual printer
// (status replies, decoding, pulses), and printers that refuse, accept and never answer, or
// drop the connection mid-job — each failing within the timeout, never hanging.
import fs from 'node:fs';
import path from 'node:path';
import { encodeLayout } from '../../src-main/devices/escpos/encoder';
import { layoutReceipt } from '../../src-main/devices/escpos/layout';
import { defaultTransport, type Endpoint } from '../../src-main/devices/escpos/transport';
import { startVirtualPrinter, type VirtualPrinter } from '../../src-main/devices/virtual-printer';
import { tempDir } from '../helpers/core';
import { refusedPort, startFaultServer } from './fault-printers';
import { sampleReceipt } from './receipt-fixture';

const receiptBytes = (pulse = true) =>
  encodeLayout(layoutReceipt(sampleReceipt(), { columns: 48, headerLines: [], footerLines: ['Thank you'], duplicate: false }), { codePage: 'PC858', drawerPulse: pulse ? { pin: 2, onMs: 50, offMs: 500 } : null });
const net = (port: number): Endpoint => ({ kind: 'network', host: '127.0.0.1', port });
const opts = { timeoutMs: 300, statusCheck: true };

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await p;
  return { value, ms: performance.now() - start };
}

describe('virtual printer over TCP', () => {
  let vp: VirtualPrinter;
  beforeEach(async () => {
    vp = await startVirtualPrinter({ columns: 48 });
  });
  afterEach(() => vp.close());

  it('answers the status check, takes the job, and decodes it back to text with its cut and pulse', async () => {
    const bytes = receiptBytes();
    const r = await defaultTransport.send(net(vp.port), bytes, opts);
    expect(r).toMatchObject({ ok: true, status: { online: true, paperOut: false, paperNearEnd: false, coverOpen: false } });
    const [job] = await vp.waitForJobs(1);
    // Everything sent arrived: the status requests, the job, the trailing DLE EOT 1.
    expect(job!.bytes.subarray(9, 9 + bytes.length).equals(bytes)).toBe(true);
    expect(job!.decoded).toMatchObject({ cuts: 1, codePage: 'PC858', statusRequests: [1, 2, 4, 1], warnings: [] });
    expect(job!.decoded.pulses.map((p) => p.hex)).toEqual(['1b 70 00 19 fa']);
    expect(job!.text).toContain('                Town of Mayberry');
    expect(job!.text).toMatch(/^TOTAL {2,}\$392\.00$/m);
    expect(job!.text).toMatch(/^VISA \*\*\*\*4242 Auth A1B2C3 {2,}\$100\.00$/m);
  });

  it('reports paper near end (still prints), and refuses to send while out of paper, with the cover open or offline', async () => {
    vp.state.paperNearEnd = true;
    expect(await defaultTransport.send(net(vp.port), receiptBytes(), opts)).toMatchObject({ ok: true, status: { paperNearEnd: true } });
    vp.state.paperOut = true;
    expect(await defaultTransport.send(net(vp.port), receiptBytes(), opts)).toMatchObject({ ok: false, reason: 'not_ready', message: expect.stringContaining('Out of paper') });
    vp.state.paperOut = false;
    vp.state.coverOpen = true;
    expect(await defaultTransport.send(net(vp.port), receiptBytes(), opts)).toMatchObject({ ok: false, reason: 'not_ready', message: expect.stringContaining('cover is open') });
    vp.state.coverOpen = false;
    vp.state.offline = true;
    expect(await defaultTransport.send(net(vp.port), receiptBytes(), opts)).toMatchObject({ ok: false, reason: 'not_ready' });
    await new Promise((r) => setTimeout(r, 50));
    expect(vp.jobs()).toHaveLength(1);
  });

  it('probes status: drawer pin 3, paper; status requests alone are not recorded as jobs', async () => {
    vp.state.drawerPin3High = true;
    const p = await defaultTransport.probe(net(vp.port), opts);
    expect(p).toMatchObject({ reachable: true, reason: null, status: { drawerPin3High: true, online: true, raw: [0x16, 0x12, 0x12] } });
    vp.state.paperOut = true;
    expect((await defaultTransport.probe(net(vp.port), opts)).status).toMatchObject({ paperOut: true, online: false, raw: [0x1e, 0x32, 0x7e] });
    await new Promise((r) => setTimeout(r, 50));
    expect(vp.jobs()).toEqual([]);
  });

  it('keeps only the last N jobs', async () => {
    const small = await startVirtualPrinter({ keep: 2 });
    for (let i = 0; i < 3; i++) await defaultTransport.send(net(small.port), receiptBytes(false), opts);
    await small.waitForJobs(3);
    expect(small.jobs().map((j) => j.id)).toEqual([2, 3]);
    await small.close();
  });
});

describe('printers that misbehave', () => {
  it('a refused connection fails at once as unreachable', async () => {
    const { value, ms } = await timed(defaultTransport.send(net(await refusedPort()), receiptBytes(), opts));
    expect(value).toMatchObject({ ok: false, reason: 'unreachable', message: expect.stringContaining('connection refused') });
    expect(ms).toBeLessThan(300);
    expect(await defaultTransport.probe(net(await refusedPort()), opts)).toMatchObject({ reachable: false, reason: 'unreachable' });
  });

  it('a printer that accepts and never answers fails as no_reply within the timeout, having sent nothing of the job', async () => {
    const silent = await startFaultServer('silent');
    const { value, ms } = await timed(defaultTransport.send(net(silent.port), receiptBytes(), opts));
    expect(value).toMatchObject({ ok: false, reason: 'no_reply', message: expect.stringContaining('did not answer the status request within 300 ms') });
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(1000);
    expect(silent.received[0]!.length).toBe(9); // only DLE EOT 1, 2, 4
    expect(await defaultTransport.probe(net(silent.port), opts)).toMatchObject({ reachable: true, status: null, reason: 'no_reply' });
    await silent.close();
  });

  it('a printer that closes the connection mid-job fails the attempt', async () => {
    const dropper = await startFaultServer('close-mid-job');
    const { value, ms } = await timed(defaultTransport.send(net(dropper.port), receiptBytes(), opts));
    expect(value.ok).toBe(false);
    expect(['closed', 'io_error']).toContain(value.ok ? null : value.reason);
    expect(ms).toBeLessThan(1000);
    await dropper.close();
  });

  it('without the status check, a one-way printer gets the bytes as they are', async () => {
    const rec = await startFaultServer('recorder');
    const bytes = receiptBytes();
    expect(await defaultTransport.send(net(rec.port), bytes, { timeoutMs: 300, statusCheck: false })).toEqual({ ok: true, status: null });
    await vi.waitFor(() => expect(rec.received[0]?.length).toBe(bytes.length));
    expect(rec.received[0]!.equals(bytes)).toBe(true);
    await rec.close();
  });

  it('an abort stops an attempt in progress', async () => {
    const silent = await startFaultServer('silent');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const { value, ms } = await timed(defaultTransport.send(net(silent.port), receiptBytes(), { timeoutMs: 5000, statusCheck: true, signal: ac.signal }));
    expect(value).toMatchObject({ ok: false, reason: 'aborted' });
    expect(ms).toBeLessThan(1000);
    await silent.close();
  });
});

describe('device path', () => {
  it('appends the job to the device (a file here) and reports a missing device as unreachable', async () => {
    const dir = tempDir('tc-lp-');
    const dev = path.join(dir, 'lp0');
    fs.writeFileSync(dev, '');
    const bytes = receiptBytes();
    expect(await defaultTransport.send({ kind: 'device', path: dev }, bytes, opts)).toEqual({ ok: true, status: null });
    expect(await defaultTransport.send({ kind: 'device', path: dev }, bytes, opts)).toEqual({ ok: true, status: null });
    expect(fs.readFileSync(dev).equals(Buffer.concat([bytes, bytes]))).toBe(true);
    const missing = path.join(dir, 'lp9');
    expect(await defaultTransport.send({ kind: 'device', path: missing }, bytes, opts)).toMatchObject({ ok: false, reason: 'unreachable', message: expect.stringContaining('no such device') });
    // Never creates the device as a file.
    expect(fs.existsSync(missing)).toBe(false);
    expect(await defaultTransport.probe({ kind: 'device', path: dev }, opts)).toMatchObject({ reachable: true, status: null });
    expect(await defaultTransport.probe({ kind: 'device', path: missing }, opts)).toMatchObject({ reachable: false, reason: 'unreachable' });
  });
});

// The print queue end to end through the contract: a receipt job is queued in the payment's
// transaction, printed after the commit over real TCP to a receiver on 127.0.0.1, with the
// drawer pulse exactly for cash; printers that refuse, hang or drop the connection leave the
// payment posted and the job queued with its error, never delaying payments.post; jobs print
// once the printer is back, and survive a restart.
import fs from 'node:fs';
import path from 'node:path';
import { bootLedger } from '../../../src-main/boot';
import { createUser } from '../../../src-main/core/auth/users';
import { fixedClock } from '../../../src-main/core/deps';
import { DEMO_USERS } from '../../../src-main/demo/users';
import { decodeEscPos } from '../../../src-main/devices/escpos/decoder';
import { startVirtualPrinter } from '../../../src-main/devices/virtual-printer';
import { refusedPort, startFaultServer } from '../../devices/fault-printers';
import { createBridge } from '../../../src-main/ipc/bridge';
import { makeTestCore, MIGRATIONS_DIR, tempDir } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';
import { countOccurrences, hexOf, nextKey, printCounter, printed, pulseJobs, withVirtualPrinter } from './helpers';

const PULSE = [0x1b, 0x70];

describe('receipt jobs', () => {
  it('queues the receipt with the payment and prints it after the commit; the drawer pulse for cash is a job of its own', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c);
    const { receipt } = await c.cash(10000, { payer: 'Andy Taylor' });
    // Queued in the posting transaction, nothing sent yet (the worker isn't running).
    expect(c.jobs()).toMatchObject([
      { kind: 'drawer_kick', status: 'queued', open_drawer: 1, attempts: 0, target: 'printer' },
      { kind: 'receipt', status: 'queued', open_drawer: 0, attempts: 0, target: 'printer' },
    ]);
    expect(await c.t.must('receipts.printStatus', { number: receipt.number }, c.cashier)).toMatchObject({ state: 'queued', printerConfigured: true });

    await c.t.core.printing.drain();
    const [job] = await printed(vp, 1);
    expect(job!.text).toMatch(new RegExp(`^Receipt {2,}${receipt.number}$`, 'm'));
    expect(job!.text).toMatch(new RegExp(`^Acct ${c.accountNumber} {2,}\\$100\\.00$`, 'm'));
    expect(job!.text).toMatch(/^ {2}Credit balance {2,}\$8\.00$/m);
    expect(job!.text).toMatch(/^Cash {2,}\$100\.00$/m);
    expect(job!.text).toContain('Paid by: Andy Taylor');
    expect(job!.decoded.cuts).toBe(1);
    // The receipt carries no pulse; the pulse went alone: the complete default 50/500 ms on pin 2.
    expect(countOccurrences(job!.bytes, PULSE)).toBe(0);
    expect(pulseJobs(vp).map((j) => hexOf(j.bytes))).toEqual(['1b 70 00 19 fa']);
    expect(pulseJobs(vp)[0]!.decoded.pulses).toMatchObject([{ pin: 2, onMs: 50, offMs: 500, hex: '1b 70 00 19 fa' }]);
    expect(c.jobs()).toMatchObject([
      { status: 'done', attempts: 1, last_error: null },
      { status: 'done', attempts: 1, last_error: null },
    ]);
    expect(c.attempts()).toMatchObject([
      { job_id: 1, outcome: 'printed', drawer_pulse: 1 },
      { job_id: 2, outcome: 'printed', drawer_pulse: 0 },
    ]);
    expect(c.t.core.deps.db.prepare('SELECT job_id, receipt_id, purpose, command, hex FROM drawer_pulses').all()).toEqual([{ job_id: 1, receipt_id: receipt.id, purpose: 'sale', command: 'esc_p', hex: '1b700019fa' }]);
    expect(await c.t.must('receipts.printStatus', { receiptId: receipt.id }, c.cashier)).toMatchObject({ state: 'printed', lastError: null });
    await vp.close();
  });

  it('sends no pulse for check, card, money order or remittance transactions', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c);
    const post = (tender: Record<string, unknown>) =>
      c.t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: c.accountId, amountCents: 2000 }], tenders: [{ amountCents: 2000, ...tender } as never] }, c.cashier);
    await post({ kind: 'check', checkNumber: '1201', payer: 'Andy Taylor' });
    await post({ kind: 'card', brand: 'VISA', last4: '4242', authCode: 'ab12cd' });
    await post({ kind: 'money_order', reference: 'MO-1' });
    await post({ kind: 'remittance', reference: 'AGENCY-7' });
    // Cash plus check in one transaction does open the drawer.
    await c.t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: c.accountId, amountCents: 3000 }], tenders: [{ kind: 'check', amountCents: 1000, checkNumber: '1202', payer: 'Andy' }, { kind: 'cash', amountCents: 2500 }] }, c.cashier);
    expect(c.jobs().map((j) => [j.kind, j.open_drawer])).toEqual([
      ['receipt', 0],
      ['receipt', 0],
      ['receipt', 0],
      ['receipt', 0],
      ['drawer_kick', 1],
      ['receipt', 0],
    ]);
    await c.t.core.printing.drain();
    const jobs = await printed(vp, 5);
    expect(jobs.map((j) => countOccurrences(j.bytes, PULSE))).toEqual([0, 0, 0, 0, 0]);
    expect(pulseJobs(vp)).toHaveLength(1);
    expect(jobs[1]!.text).toMatch(/^VISA \*\*\*\*4242 Auth AB12CD {2,}\$20\.00$/m);
    expect(jobs[4]!.text).toMatch(/^CHANGE {2,}\$5\.00$/m);
    await vp.close();
  });

  it('uses the configured pin and timings: pin 5, 100 ms on, 200 ms off', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c, { drawer: { pin: 5, onMs: 100, offMs: 200 } });
    await c.cash(500);
    await c.t.core.printing.drain();
    await printed(vp, 1);
    expect(pulseJobs(vp).map((j) => j.decoded.pulses.map((p) => p.hex))).toEqual([['1b 70 01 32 64']]);
    await vp.close();
  });

  it('strips control bytes from customer names and payers before they reach the wire', async () => {
    const c = await printCounter({ name: { business: 'Evil\u001bp\u0000\u0019\u00faCorp \u0010\u0014\u0001\u0000\u0008 \u001dVB\u0000 \u001b@' } });
    const vp = await withVirtualPrinter(c);
    await c.t.must('payments.post', { idempotencyKey: nextKey(), payer: 'Pay\u0010\u0014\u0001\u0000\u0008er\u001bp\u0001\u0032\u0032', lines: [{ type: 'account', accountId: c.accountId, amountCents: 1000 }], tenders: [{ kind: 'check', amountCents: 1000, checkNumber: '77', payer: 'Chk\u001bp\u0000\u0019\u00fa' }] }, c.cashier);
    await c.cash(1000);
    await c.t.core.printing.drain();
    const [check, cash] = await printed(vp, 2);
    // The check sale: no ESC p, no DLE DC4 anywhere; the cash sale: only the driver's own pulse.
    expect(countOccurrences(check!.bytes, PULSE)).toBe(0);
    expect(countOccurrences(check!.bytes, [0x10, 0x14])).toBe(0);
    expect(check!.decoded).toMatchObject({ pulses: [], realtimePulses: 0, cuts: 1, initializations: 1, warnings: [] });
    expect(check!.text).toContain('EvilpúCorp VB @');
    expect(check!.text).toContain('Paid by: Payerp22');
    expect(cash!.decoded.pulses).toEqual([]);
    expect(pulseJobs(vp).map((j) => hexOf(j.bytes))).toEqual(['1b 70 00 19 fa']);
    expect(countOccurrences(cash!.bytes, [0x10, 0x14])).toBe(0);
    await vp.close();
  });

  it('queues nothing when a posting fails, for mail batches, or when no printer is set up', async () => {
    const c = await printCounter();
    // No printer configured yet: nothing is queued, the receipt shows "not queued".
    const { receipt } = await c.cash(1000);
    expect(c.jobs()).toEqual([]);
    expect(await c.t.must('receipts.printStatus', { number: receipt.number }, c.cashier)).toMatchObject({ state: 'not_queued', printerConfigured: false, jobs: [] });
    const reprint = await c.t.call('receipts.reprint', { number: receipt.number }, c.cashier);
    expect(reprint.ok ? null : reprint.error.code).toBe('PRINTER_NOT_CONFIGURED');

    const vp = await withVirtualPrinter(c);
    const short = await c.t.call('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: c.accountId, amountCents: 1000 }], tenders: [{ kind: 'cash', amountCents: 500 }] }, c.cashier);
    expect(short.ok ? null : short.error.code).toBe('UNDER_TENDER');
    const batch = await c.t.must('mailBatches.open', { controlCount: 1, controlTotalCents: 700 }, c.cashier);
    await c.t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: c.accountNumber, amountCents: 700, checkNumber: '501' }, c.cashier);
    await c.t.must('mailBatches.post', { batchId: batch.id }, c.cashier);
    expect(c.jobs()).toEqual([]);
    // A replayed payment (same idempotency key) doesn't queue a second receipt.
    const key = nextKey();
    const req = { idempotencyKey: key, lines: [{ type: 'account' as const, accountId: c.accountId, amountCents: 100 }], tenders: [{ kind: 'cash' as const, amountCents: 100 }] };
    await c.t.must('payments.post', req, c.cashier);
    expect((await c.t.must('payments.post', req, c.cashier)).replayed).toBe(true);
    expect(c.jobs().map((j) => j.kind)).toEqual(['drawer_kick', 'receipt']);
    await vp.close();
  });
});

describe('printer faults never block or roll back a payment', () => {
  it('refused connection: the payment posts, the job stays queued with its error, and prints once the printer is back', async () => {
    const c = await printCounter();
    const port = await refusedPort();
    await c.configure({ kind: 'network', host: '127.0.0.1', port, timeoutMs: 300 });
    const { receipt } = await c.check(2500);
    await c.t.core.printing.drain();
    expect(c.jobs()).toMatchObject([{ status: 'queued', attempts: 1, last_error: expect.stringContaining('connection refused') }]);
    expect(c.attempts()).toMatchObject([{ outcome: 'failed', reason: 'unreachable' }]);
    expect((await c.t.must('accounts.get', { accountId: c.accountId }, c.cashier)).payments[0]).toMatchObject({ receiptNumber: receipt.number, amountCents: 2500 });
    expect(await c.t.must('receipts.printStatus', { number: receipt.number }, c.cashier)).toMatchObject({ state: 'queued', lastError: expect.stringContaining('refused') });
    const status = await c.t.must('printer.status', { refresh: true }, c.cashier);
    expect(status).toMatchObject({ state: 'offline', queue: { queued: 1, printing: 0, failed: 0 }, lastError: { jobId: 1, message: expect.stringContaining('refused') } });

    const vp = await startVirtualPrinter({ port });
    await c.t.core.printing.drain();
    const [job] = await vp.waitForJobs(1);
    expect(job!.text).toContain(receipt.number);
    // Nothing had reached the printer, so this is the original, not a marked copy.
    expect(job!.text).not.toContain('REPRINT');
    expect(c.jobs()).toMatchObject([{ status: 'done', attempts: 2, last_error: null }]);
    expect(c.attempts().map((a) => a.outcome)).toEqual(['failed', 'printed']);
    await vp.close();
  });

  it('a printer that accepts and never answers: payments.post returns at once while the worker times out in the background', async () => {
    const c = await printCounter();
    const silent = await startFaultServer('silent');
    await c.configure({ kind: 'network', host: '127.0.0.1', port: silent.port, timeoutMs: 400 });
    c.t.core.printing.start();
    try {
      const started = performance.now();
      const first = await c.check(1000);
      const second = await c.check(1500);
      expect(performance.now() - started).toBeLessThan(200); // well inside one printer timeout
      expect(first.receipt.number).not.toBe(second.receipt.number);
      // The worker got to the printer, waited its 400 ms and recorded the failure.
      await vi.waitFor(() => expect(c.attempts()).toMatchObject([{ job_id: 1, outcome: 'failed', reason: 'no_reply' }]), { timeout: 3000, interval: 50 });
      expect(c.jobs()).toMatchObject([
        { id: 1, status: 'queued', attempts: 1, last_error: expect.stringContaining('did not answer') },
        { id: 2, status: 'queued', attempts: 0 },
      ]);
      // The app stays responsive: other calls answer while the printer hangs.
      const t0 = performance.now();
      await c.t.must('drawer.journal', {}, c.cashier);
      expect(performance.now() - t0).toBeLessThan(200);
    } finally {
      await c.t.core.printing.stop();
    }
    // The printer is replaced: both receipts print, in order.
    const vp = await startVirtualPrinter();
    await c.configure({ port: vp.port });
    await c.t.core.printing.drain();
    const jobs = await vp.waitForJobs(2);
    expect(jobs.map((j) => /Receipt +(S1-\d+)/.exec(j.text)?.[1])).toEqual(['S1-000001', 'S1-000002']);
    // The silent printer never answered the status request, so no job bytes went to it: originals.
    expect(jobs.map((j) => j.text.includes('REPRINT'))).toEqual([false, false]);
    expect(c.jobs().map((j) => j.status)).toEqual(['done', 'done']);
    await Promise.all([vp.close(), silent.close()]);
  });

  it('a printer that drops the connection mid-job: the attempt fails and the job prints on the retry, marked REPRINT', async () => {
    const c = await printCounter();
    const dropper = await startFaultServer('close-mid-job');
    // A fast printer: the ~1 KB receipt takes it ~10 ms, so the retry need not wait long.
    await c.configure({ kind: 'network', host: '127.0.0.1', port: dropper.port, timeoutMs: 300, bytesPerSecond: 100_000 });
    await c.check(1000);
    await c.t.core.printing.drain();
    expect(c.jobs()).toMatchObject([{ status: 'queued', attempts: 1, last_error: expect.stringMatching(/closed the connection|reset/) }]);
    const vp = await startVirtualPrinter();
    await c.configure({ port: vp.port });
    // Nothing goes to that printer until it can have finished the job it took (a few ms here).
    await vi.waitFor(
      async () => {
        await c.t.core.printing.drain();
        expect(vp.jobs()).toHaveLength(1);
      },
      { timeout: 3000, interval: 50 },
    );
    const [copy] = await vp.waitForJobs(1);
    expect(copy!.text).toMatch(/REPRINT - may duplicate an earlier/);
    expect(c.jobs()).toMatchObject([{ status: 'done', attempts: 2 }]);
    await Promise.all([vp.close(), dropper.close()]);
  });

  it('printer.retry on a job still waiting out its back-off tries it again now', async () => {
    const c = await printCounter();
    const port = await refusedPort();
    await c.configure({ kind: 'network', host: '127.0.0.1', port, timeoutMs: 200 });
    await c.check(1000);
    await c.t.core.printing.drain();
    expect(c.jobs()).toMatchObject([{ id: 1, status: 'queued', attempts: 1 }]);
    const vp = await startVirtualPrinter({ port });
    expect(await c.t.must('printer.retry', { jobId: 1 }, c.cashier)).toEqual({ requeued: 1 });
    await c.t.core.printing.drain();
    await vp.waitForJobs(1);
    expect(c.jobs()).toMatchObject([{ status: 'done', attempts: 2 }]);
    const done = await c.t.call('printer.retry', { jobId: 1 }, c.cashier);
    expect(done.ok ? null : done.error.code).toBe('NOT_FOUND');
    await vp.close();
  });

  it('never gives up: after many failures the job is still queued ("posted — not printed") and prints once the printer is back', async () => {
    const c = await printCounter();
    const port = await refusedPort();
    await c.configure({ kind: 'network', host: '127.0.0.1', port, timeoutMs: 200 });
    const { receipt } = await c.check(1000);
    for (let i = 0; i < 8; i++) await c.t.core.printing.drain();
    expect(c.jobs()).toMatchObject([{ status: 'queued', attempts: 8 }]);
    expect(c.attempts().map((a) => a.outcome)).toEqual(Array(8).fill('failed'));
    expect(await c.t.must('receipts.printStatus', { number: receipt.number }, c.cashier)).toMatchObject({ state: 'queued', lastError: expect.stringContaining('refused') });
    expect((await c.t.must('printer.status', {}, c.cashier)).queue).toEqual({ queued: 1, printing: 0, failed: 0 });

    const vp = await startVirtualPrinter({ port });
    const missing = await c.t.call('printer.retry', { jobId: 99 }, c.cashier);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    await c.t.core.printing.drain();
    const [job] = await vp.waitForJobs(1);
    expect(job!.text).toContain(receipt.number);
    expect(c.jobs()).toMatchObject([{ status: 'done', attempts: 9 }]);
    await vp.close();
  });

  it('a pulse that could not go out within a minute is dropped, while the receipt still prints whenever the printer returns', async () => {
    const c = await printCounter();
    const port = await refusedPort();
    await c.configure({ kind: 'network', host: '127.0.0.1', port, timeoutMs: 200 });
    await c.cash(1000);
    await c.t.core.printing.drain();
    expect(c.jobs()).toMatchObject([
      { kind: 'drawer_kick', status: 'queued', attempts: 1 },
      { kind: 'receipt', status: 'queued', attempts: 1 },
    ]);
    c.t.clock.advance(20 * 60_000);
    const vp = await startVirtualPrinter({ port });
    await c.t.core.printing.drain();
    const [job] = await printed(vp, 1);
    expect(job!.decoded.pulses).toEqual([]);
    expect(pulseJobs(vp)).toEqual([]);
    expect(c.jobs()).toMatchObject([
      { kind: 'drawer_kick', status: 'failed', last_error: expect.stringContaining('too long after') },
      { kind: 'receipt', status: 'done', attempts: 2 },
    ]);
    expect(c.t.core.deps.db.prepare('SELECT count(*) AS n FROM drawer_pulses').get()).toEqual({ n: 0 });
    await vp.close();
  });
});

describe('restart', () => {
  it('keeps queued jobs across a restart, and a job a crash left "printing" is retried and its attempt logged as interrupted', async () => {
    const dir = tempDir('tc-print-');
    const file = path.join(dir, 'ledger.sqlite');
    const port = await refusedPort();
    const c = await printCounter({ file });
    await c.configure({ kind: 'network', host: '127.0.0.1', port, timeoutMs: 200 });
    const a = await c.check(1000);
    const b = await c.check(2000);
    await c.t.core.printing.drain();
    // Simulate a crash in the middle of an attempt at the first job.
    c.t.core.deps.db.prepare("UPDATE print_jobs SET status = 'printing', attempts = attempts + 1 WHERE id = 1").run();
    c.t.close();

    const again = await makeTestCore({ file, users: false, now: '2026-03-16T15:00:30Z' });
    const db = again.core.deps.db;
    expect(db.prepare('SELECT id, status FROM print_jobs ORDER BY id').all()).toEqual([
      { id: 1, status: 'printing' },
      { id: 2, status: 'queued' },
    ]);
    const vp = await startVirtualPrinter({ port });
    again.core.printing.start();
    try {
      const jobs = await vp.waitForJobs(2, 3000);
      expect(jobs.map((j) => /Receipt +(S1-\d+)/.exec(j.text)?.[1])).toEqual([a.receipt.number, b.receipt.number]);
      await vi.waitFor(() => expect(db.prepare("SELECT count(*) AS n FROM print_jobs WHERE status = 'done'").get()).toEqual({ n: 2 }));
    } finally {
      await again.core.printing.stop();
    }
    expect(db.prepare('SELECT job_id, outcome FROM print_attempts ORDER BY id').all()).toEqual([
      { job_id: 1, outcome: 'failed' },
      { job_id: 1, outcome: 'interrupted' },
      { job_id: 1, outcome: 'printed' },
      { job_id: 2, outcome: 'printed' },
    ]);
    again.close();
    await vp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('closing the core mid-attempt leaves the ledger consistent', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const a = makeAccount(db);
    billAccount(db, a.id, '2026-02-05', { water: 1000 });
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const silent = await startFaultServer('silent');
    await t.must('printer.updateSettings', { values: { kind: 'network', host: '127.0.0.1', port: silent.port, timeoutMs: 5000 }, reason: 'test' }, await t.signIn('admin'));
    await t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: a.id, amountCents: 1000 }], tenders: [{ kind: 'check', amountCents: 1000, checkNumber: '12', payer: 'A' }] }, cashier);
    const draining = t.core.printing.drain();
    await vi.waitFor(() => expect(silent.connections).toBe(1));
    expect(db.prepare('SELECT status FROM print_jobs').get()).toEqual({ status: 'printing' });
    const t0 = performance.now();
    t.close();
    await draining;
    expect(performance.now() - t0).toBeLessThan(1000);
    await silent.close();
  });
});

describe('device paths', () => {
  it('prints to a device path (a file here), and pulses a standalone drawer on its own device', async () => {
    const c = await printCounter();
    const dir = tempDir('tc-dev-');
    const lp = path.join(dir, 'lp0');
    const kicker = path.join(dir, 'drawer0');
    fs.writeFileSync(lp, '');
    fs.writeFileSync(kicker, '');
    await c.configure({ kind: 'device', devicePath: lp, drawer: { mode: 'device', devicePath: kicker } });
    await c.cash(1000);
    await c.t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: c.accountId, amountCents: 500 }], tenders: [{ kind: 'money_order', amountCents: 500 }] }, c.cashier);
    expect(c.jobs().map((j) => [j.kind, j.target])).toEqual([
      ['drawer_kick', 'drawer'],
      ['receipt', 'printer'],
      ['receipt', 'printer'],
    ]);
    await c.t.core.printing.drain();
    expect(c.jobs().map((j) => j.status)).toEqual(['done', 'done', 'done']);
    // The receipts carry no pulse; the drawer device got exactly one complete pulse.
    const printed = fs.readFileSync(lp);
    expect(countOccurrences(printed, PULSE)).toBe(0);
    expect(decodeEscPos(printed)).toMatchObject({ cuts: 2, initializations: 2, warnings: [] });
    expect(hexOf(fs.readFileSync(kicker))).toBe('1b 70 00 19 fa');
    // A missing device fails the attempt without creating the file.
    fs.rmSync(lp);
    await c.cash(300);
    await c.t.core.printing.drain();
    expect(c.jobs().filter((j) => j.kind === 'receipt').at(-1)).toMatchObject({ status: 'queued', last_error: expect.stringContaining('no such device') });
    expect(c.jobs().filter((j) => j.kind === 'drawer_kick').at(-1)).toMatchObject({ status: 'done' });
    expect(fs.existsSync(lp)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('background worker on an injected scheduler', () => {
  it('prints after the commit, backs off 1 s, 2 s, 4 s while the printer is down, and prints when it answers', async () => {
    interface Timer { at: number; ms: number; fn: () => void; cancelled: boolean; ran: boolean }
    const timers: Timer[] = [];
    let now = 0;
    const scheduler = {
      now: () => now,
      setTimer: (fn: () => void, ms: number) => {
        const t: Timer = { at: now + ms, ms, fn, cancelled: false, ran: false };
        timers.push(t);
        return () => {
          t.cancelled = true;
        };
      },
    };
    const pending = () => timers.filter((t) => !t.cancelled && !t.ran);
    const fireNext = () => {
      const t = pending().sort((a, b) => a.at - b.at)[0]!;
      now = Math.max(now, t.at);
      t.ran = true;
      t.fn();
      return t.ms;
    };
    // makeTestCore takes no printing deps: the same core, built with the injected scheduler.
    const core = await bootLedger({ file: ':memory:', migrationsDir: MIGRATIONS_DIR, clock: fixedClock('2026-03-16T15:00:00Z'), printing: { scheduler }, log: () => {} });
    const db = core.deps.db;
    for (const u of DEMO_USERS) createUser(db, { ...u, at: '2026-03-16T15:00:00Z' });
    const bridge = createBridge(core, { validateOutput: true });
    const must = async (m: string, input: unknown, token: string | null = null) => {
      const r = await bridge.invoke(m, input, token);
      if (!r.ok) throw new Error(`${m}: ${r.error.code} ${r.error.message}`);
      return r.value as Record<string, unknown>;
    };
    const signIn = async (u: string, s: string) => (await must('session.signIn', { username: u, secret: s })).token as string;
    const cashier = await signIn('cashier', '1111');
    const a = makeAccount(db);
    billAccount(db, a.id, '2026-02-05', { water: 1000 });
    await must('drawer.open', { counts: STARTING_BANK }, cashier);
    const port = await refusedPort();
    await must('printer.updateSettings', { values: { kind: 'network', host: '127.0.0.1', port, timeoutMs: 300 }, reason: 'test' }, await signIn('admin', '0000'));

    core.printing.start();
    while (pending().length) fireNext(); // idle: nothing queued, nothing scheduled after
    await must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: a.id, amountCents: 1000 }], tenders: [{ kind: 'check', amountCents: 1000, checkNumber: '12', payer: 'A' }] }, cashier);
    const attempts = () => (db.prepare('SELECT count(*) AS n FROM print_attempts').get() as { n: number }).n;
    const delays: number[] = [];
    for (let k = 1; k <= 3; k++) {
      delays.push(fireNext());
      await vi.waitFor(() => {
        expect(attempts()).toBe(k);
        expect(pending()).toHaveLength(1);
      });
    }
    delays.push(pending()[0]!.ms);
    expect(delays).toEqual([0, 1000, 2000, 4000]);
    expect(db.prepare('SELECT status, attempts FROM print_jobs').get()).toEqual({ status: 'queued', attempts: 3 });

    const vp = await startVirtualPrinter({ port });
    fireNext();
    await vp.waitForJobs(1);
    await vi.waitFor(() => expect(db.prepare('SELECT status FROM print_jobs').get()).toEqual({ status: 'done' }));
    await core.printing.stop();
    expect(pending()).toEqual([]);
    core.close();
    await vp.close();
  });
});

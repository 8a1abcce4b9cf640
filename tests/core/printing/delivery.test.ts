// Delivery to printers that behave like real ones (issue 10), on loopback with the scripted
// printer of tests/devices/fault-printers.ts: one that works slowly through a small buffer, one
// that takes a whole job and drops the link before confirming it, one that is off for a while and
// comes back. The times are scaled down through the printer settings and an injected scheduler;
// the policy itself is the real one.
import { confirmWaitMs } from '../../../src-main/core/printing/service';
import { refusedPort, startScriptedPrinter } from '../../devices/fault-printers';
import { hexOf, manualScheduler, nextKey, printCounter, type PrintCounter } from './helpers';

const DESCRIPTION = 'Copies of the board minutes, the annexation hearing transcript and the zoning map for the north end';

/** A long cash receipt (about 3.5 KB at 32 columns): one account line and 19 revenue lines. */
async function longCashSale(c: PrintCounter) {
  const lines = [{ type: 'account' as const, accountId: c.accountId, amountCents: 5000 }, ...Array.from({ length: 19 }, () => ({ type: 'revenue' as const, revenueCode: 'MISC', amountCents: 100, description: DESCRIPTION }))];
  return c.t.must('payments.post', { idempotencyKey: nextKey(), lines, tenders: [{ kind: 'cash', amountCents: 6900 }] }, c.cashier);
}

const receiptsOf = (jobs: ReturnType<Awaited<ReturnType<typeof startScriptedPrinter>>['printed']>) => jobs.filter((j) => j.lines.length > 0);
const pulseCount = (jobs: ReturnType<Awaited<ReturnType<typeof startScriptedPrinter>>['printed']>) => jobs.reduce((n, j) => n + j.pulses.length, 0);
const textOf = (j: { lines: Array<{ text: string }> }) => j.lines.map((l) => l.text).join('\n');
/** The text with line breaks folded to spaces (a note wraps on 58 mm paper). */
const flat = (j: { lines: Array<{ text: string }> }) => j.lines.map((l) => l.text.trim()).join(' ');

describe('1. the end-of-job wait grows with the job and the printer speed', () => {
  it('computes the wait from the timeout, the job size and the printer speed', () => {
    expect(confirmWaitMs(0, { timeoutMs: 3000, bytesPerSecond: 1000 })).toBe(3000);
    expect(confirmWaitMs(6400, { timeoutMs: 3000, bytesPerSecond: 1000 })).toBe(3000 + 9600);
    expect(confirmWaitMs(6400, { timeoutMs: 3000, bytesPerSecond: 4000 })).toBe(3000 + 2400);
  });

  it('a long receipt on a slow printer (small buffer, status answered after the bytes drain) prints once, with one drawer pulse', async () => {
    const c = await printCounter();
    const printer = await startScriptedPrinter({ bytesPerSecond: 4000, bufferBytes: 2048 });
    try {
      // The printer needs about 0.9 s for the receipt, three times the 300 ms timeout.
      await c.configure({ kind: 'network', host: '127.0.0.1', port: printer.port, paperWidthMm: 58, showAllocations: true, timeoutMs: 300, bytesPerSecond: 4000 });
      const { receipt } = await longCashSale(c);
      await c.t.core.printing.drain();
      await c.t.core.printing.drain();
      await printer.idle();
      const sent = c.t.core.deps.db.prepare("SELECT bytes FROM print_attempts a JOIN print_jobs j ON j.id = a.job_id WHERE j.kind = 'receipt'").all() as Array<{ bytes: number }>;
      expect(sent).toHaveLength(1);
      expect(sent[0]!.bytes).toBeGreaterThan(3000);
      const printed = printer.printed();
      expect(receiptsOf(printed)).toHaveLength(1);
      expect(textOf(receiptsOf(printed)[0]!)).toContain(receipt.number);
      expect(pulseCount(printed)).toBe(1);
      expect(c.jobs()).toMatchObject([
        { kind: 'drawer_kick', status: 'done', attempts: 1 },
        { kind: 'receipt', status: 'done', attempts: 1 },
      ]);
    } finally {
      await printer.close();
    }
  });

  it('a printer slower than its setting: the unconfirmed job is not sent again while the printer may still be printing it, and the later copy is marked REPRINT', async () => {
    const c = await printCounter();
    const printer = await startScriptedPrinter({ bytesPerSecond: 2000, bufferBytes: 2048 });
    try {
      await c.configure({ kind: 'network', host: '127.0.0.1', port: printer.port, paperWidthMm: 58, showAllocations: true, timeoutMs: 100, bytesPerSecond: 4000 });
      await longCashSale(c);
      await c.t.core.printing.drain();
      expect(c.jobs()[1]).toMatchObject({ kind: 'receipt', status: 'queued', attempts: 1 });
      const connections = printer.connections;
      // Straight away, and again while the printer is still busy: nothing is sent.
      await c.t.core.printing.drain();
      await c.t.must('printer.retry', { jobId: 2 }, c.cashier);
      await c.t.core.printing.drain();
      expect(printer.connections).toBe(connections);
      expect(c.jobs()[1]).toMatchObject({ status: 'queued', attempts: 1 });
      // Once it can have finished, the retry goes, marked as a possible duplicate, without a pulse
      // (with the printer's real speed in the settings its answer now comes within the wait).
      await printer.idle();
      await c.configure({ bytesPerSecond: 2000 });
      await vi.waitFor(
        async () => {
          await c.t.core.printing.drain();
          expect(c.jobs()[1]).toMatchObject({ status: 'done', attempts: 2 });
        },
        { timeout: 5000, interval: 100 },
      );
      await printer.idle();
      const receipts = receiptsOf(printer.printed());
      expect(receipts).toHaveLength(2);
      expect(textOf(receipts[0]!)).not.toContain('REPRINT');
      expect(flat(receipts[1]!)).toContain('REPRINT - may duplicate an earlier copy');
      expect(pulseCount(printer.printed())).toBe(1);
    } finally {
      await printer.close();
    }
  });
});

describe('2. delivered but unconfirmed', () => {
  it('a printer that takes the whole job and drops the link before confirming: the retry prints a marked copy and the drawer never opens twice', async () => {
    const c = await printCounter();
    const printer = await startScriptedPrinter({ dropBeforeConfirm: 1 });
    try {
      await c.configure({ kind: 'network', host: '127.0.0.1', port: printer.port, timeoutMs: 300, bytesPerSecond: 100_000 });
      const { receipt } = await c.cash(1000);
      await c.t.core.printing.drain();
      expect(c.jobs()).toMatchObject([
        { kind: 'drawer_kick', status: 'done' },
        { kind: 'receipt', status: 'queued', attempts: 1, last_error: expect.stringContaining('REPRINT') },
      ]);
      expect((await c.t.must('printer.jobs', { receiptId: receipt.id }, c.cashier)).jobs.find((j) => j.kind === 'receipt')).toMatchObject({ handedOver: true });
      await vi.waitFor(
        async () => {
          await c.t.core.printing.drain();
          expect(c.jobs()[1]).toMatchObject({ status: 'done', attempts: 2 });
        },
        { timeout: 3000, interval: 50 },
      );
      await printer.idle();
      const receipts = receiptsOf(printer.printed());
      expect(receipts).toHaveLength(2);
      expect(textOf(receipts[0]!)).not.toContain('REPRINT');
      expect(receipts[1]!.lines.filter((l) => l.text === 'REPRINT')).toHaveLength(2);
      expect(textOf(receipts[1]!)).toContain('REPRINT - may duplicate an earlier copy');
      expect(pulseCount(printer.printed())).toBe(1);

      // Another pulse job for the same sale (a replay, a second queue entry) never fires again.
      c.t.core.deps.db.transaction(() => c.t.core.printing.queuePulse('sale', 1, { receiptId: receipt.id }))();
      await c.t.core.printing.drain();
      await printer.idle();
      expect(pulseCount(printer.printed())).toBe(1);
      expect(c.jobs().at(-1)).toMatchObject({ kind: 'drawer_kick', status: 'done' });
      expect(c.attempts().at(-1)).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('already sent') });
      expect(c.t.core.deps.db.prepare('SELECT count(*) AS n FROM drawer_pulses').get()).toEqual({ n: 1 });
      expect(() => c.t.core.deps.db.prepare('DELETE FROM drawer_pulses').run()).toThrow(/APPEND_ONLY/);
    } finally {
      await printer.close();
    }
  });
});

describe('3 and 4. a printer off for a while', () => {
  it('keeps retrying with back-off capped at 30 s (no "failed"), and when the printer comes back the receipts print in posted order without a retry', async () => {
    const scheduler = manualScheduler();
    const c = await printCounter({ printing: { scheduler } });
    const port = await refusedPort();
    await c.configure({ kind: 'network', host: '127.0.0.1', port, timeoutMs: 300 });
    c.t.core.printing.start();
    try {
      while (scheduler.pending().length) scheduler.fireNext();
      const first = await c.check(1000);
      const second = await c.check(2000);
      const attempts = () => c.attempts().length;
      const delays: number[] = [];
      for (let k = 1; k <= 9; k++) {
        delays.push(scheduler.fireNext());
        await vi.waitFor(() => {
          expect(attempts()).toBe(k);
          expect(scheduler.pending()).toHaveLength(1);
        });
      }
      delays.push(scheduler.pending()[0]!.ms);
      // 121 s of virtual time with the printer off: the earlier receipt is still being tried, the later one waits behind it.
      expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
      expect(c.jobs()).toMatchObject([
        { id: 1, status: 'queued', attempts: 9 },
        { id: 2, status: 'queued', attempts: 0 },
      ]);
      expect(c.attempts().every((a) => a.outcome === 'failed' && a.job_id === 1)).toBe(true);
      expect(await c.t.must('receipts.printStatus', { number: second.receipt.number }, c.cashier)).toMatchObject({ state: 'queued' });

      const printer = await startScriptedPrinter({ port });
      try {
        scheduler.fireNext();
        await vi.waitFor(() => expect(c.jobs().map((j) => j.status)).toEqual(['done', 'done']), { timeout: 3000 });
        await printer.idle();
        const numbers = receiptsOf(printer.printed()).map((j) => /Receipt +(S1-\d+)/.exec(textOf(j))?.[1]);
        expect(numbers).toEqual([first.receipt.number, second.receipt.number]);
      } finally {
        await printer.close();
      }
    } finally {
      await c.t.core.printing.stop();
    }
  });

  it('the cashier cancels a job deliberately, with a reason (audited); the job behind it prints', async () => {
    const c = await printCounter();
    const port = await refusedPort();
    await c.configure({ kind: 'network', host: '127.0.0.1', port, timeoutMs: 200 });
    const first = await c.check(1000);
    const second = await c.check(2000);
    await c.t.core.printing.drain();
    const noReason = await c.t.call('printer.cancel', { jobId: 1, reason: '' }, c.cashier);
    expect(noReason.ok ? null : noReason.error.code).toBe('BAD_INPUT');
    const missing = await c.t.call('printer.cancel', { jobId: 99, reason: 'customer left' }, c.cashier);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    expect(c.jobs()[0]).toMatchObject({ status: 'queued' });

    const { job } = await c.t.must('printer.cancel', { jobId: 1, reason: 'customer left without the receipt' }, c.cashier);
    expect(job).toMatchObject({ id: 1, status: 'cancelled', cancelReason: 'customer left without the receipt', receiptNumber: first.receipt.number });
    const audit = await c.t.must('audit.list', { action: 'printer.job.cancel' }, await c.t.signIn('supervisor'));
    expect(audit.rows[0]).toMatchObject({ user: 'cashier', subject: first.receipt.number, reason: 'customer left without the receipt' });
    expect(await c.t.must('receipts.printStatus', { number: first.receipt.number }, c.cashier)).toMatchObject({ state: 'cancelled' });
    expect((await c.t.must('printer.jobs', { status: 'cancelled' }, c.cashier)).jobs.map((j) => j.id)).toEqual([1]);
    const again = await c.t.call('printer.cancel', { jobId: 1, reason: 'twice' }, c.cashier);
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');

    const printer = await startScriptedPrinter({ port });
    try {
      await c.t.core.printing.drain();
      await printer.idle();
      const receipts = receiptsOf(printer.printed());
      expect(receipts.map((j) => /Receipt +(S1-\d+)/.exec(textOf(j))?.[1])).toEqual([second.receipt.number]);
      expect(c.jobs().map((j) => j.status)).toEqual(['failed', 'done']);
      expect((await c.t.must('printer.status', {}, c.cashier)).queue).toEqual({ queued: 0, printing: 0, failed: 0 });
      const done = await c.t.call('printer.cancel', { jobId: 2, reason: 'too late' }, c.cashier);
      expect(done.ok ? null : done.error.code).toBe('CONFLICT');
    } finally {
      await printer.close();
    }
  });
});

describe('5. the drawer pulse is its own job', () => {
  it('with the real-time pulse setting on, a cash sale sends DLE DC4 1 m t at once, even while the printer is out of paper', async () => {
    const c = await printCounter();
    const { startVirtualPrinter } = await import('../../../src-main/devices/virtual-printer');
    const vp = await startVirtualPrinter();
    try {
      await c.configure({ kind: 'network', host: '127.0.0.1', port: vp.port, timeoutMs: 300, drawer: { realtimePulse: true, pin: 5, onMs: 200, offMs: 200 } });
      vp.state.paperOut = true;
      await c.cash(1000);
      await c.t.core.printing.drain();
      await vp.waitForJobs(1);
      expect(vp.jobs().map((j) => hexOf(j.bytes))).toEqual(['10 14 01 01 02']);
      expect(vp.jobs()[0]!.decoded).toMatchObject({ realtimePulses: 1, warnings: [], pulses: [{ pin: 5, onMs: 200, offMs: 200 }] });
      expect(c.jobs()).toMatchObject([
        { kind: 'drawer_kick', status: 'done' },
        { kind: 'receipt', status: 'queued', last_error: expect.stringContaining('Out of paper') },
      ]);
      expect(c.t.core.deps.db.prepare('SELECT purpose, command, hex FROM drawer_pulses').all()).toEqual([{ purpose: 'sale', command: 'realtime', hex: '1014010102' }]);
    } finally {
      await vp.close();
    }
  });

  it('the real-time pulse is off by default: ESC p, complete', async () => {
    const c = await printCounter();
    expect((await c.t.must('printer.getSettings', {}, c.admin)).settings).toMatchObject({ bytesPerSecond: 1000, drawer: { realtimePulse: false } });
  });
});

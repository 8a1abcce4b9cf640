// A counter with a drawer open, a couple of billed accounts and this station's printer pointed
// at a receiver on 127.0.0.1, for the print-queue tests.
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { PrinterSettingsPatch } from '../../../src-shared/ipc/printer-schemas';
import type { VirtualJob, VirtualPrinter } from '../../../src-main/devices/virtual-printer';
import { startVirtualPrinter } from '../../../src-main/devices/virtual-printer';
import type { PrintingDeps, Scheduler } from '../../../src-main/core/printing/service';
import { makeTestCore, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

let key = 0;
export const nextKey = () => `print-key-${String(++key).padStart(6, '0')}`;

export interface PrintCounter {
  t: TestCore;
  cashier: string;
  admin: string;
  accountId: number;
  accountNumber: string;
  configure(values: PrinterSettingsPatch): Promise<void>;
  cash(amountCents: number, extra?: { payer?: string; accountId?: number }): Promise<MethodOutput<'payments.post'>>;
  /** A check payment: a receipt and no drawer pulse. */
  check(amountCents: number): Promise<MethodOutput<'payments.post'>>;
  jobs(): Array<{ id: number; kind: string; status: string; attempts: number; last_error: string | null; open_drawer: number; target: string }>;
  attempts(): Array<{ job_id: number; outcome: string; reason: string | null; error: string | null; drawer_pulse: number }>;
}

export async function printCounter(
  opts: { file?: string; name?: { first: string; last: string } | { business: string }; street?: string; printing?: PrintingDeps } = {},
): Promise<PrintCounter> {
  const t = await makeTestCore({ file: opts.file, now: '2026-03-16T15:00:00Z', boot: opts.printing ? { printing: opts.printing } : undefined });
  const db = t.core.deps.db;
  const a = makeAccount(db, { ...(opts.name ?? { first: 'Andy', last: 'Taylor' }), street: opts.street });
  billAccount(db, a.id, '2026-02-05', { water: 3100, sewer: 4100, solid_waste: 2000 });
  const cashier = await t.signIn('cashier');
  const admin = await t.signIn('admin');
  await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
  return {
    t,
    cashier,
    admin,
    accountId: a.id,
    accountNumber: a.number,
    configure: async (values) => {
      await t.must('printer.updateSettings', { values, reason: 'printer set up for the test' }, admin);
    },
    cash: (amountCents, extra = {}) =>
      t.must('payments.post', { idempotencyKey: nextKey(), payer: extra.payer, lines: [{ type: 'account', accountId: extra.accountId ?? a.id, amountCents }], tenders: [{ kind: 'cash', amountCents }] }, cashier),
    check: (amountCents) =>
      t.must('payments.post', { idempotencyKey: nextKey(), lines: [{ type: 'account', accountId: a.id, amountCents }], tenders: [{ kind: 'check', amountCents, checkNumber: '1001', payer: 'Andy Taylor' }] }, cashier),
    jobs: () => db.prepare('SELECT id, kind, status, attempts, last_error, open_drawer, target FROM print_jobs ORDER BY id').all() as never,
    attempts: () => db.prepare('SELECT job_id, outcome, reason, error, drawer_pulse FROM print_attempts ORDER BY id').all() as never,
  };
}

/** A virtual printer and the settings that point this station at it. */
export async function withVirtualPrinter(c: PrintCounter, extra: PrinterSettingsPatch = {}): Promise<VirtualPrinter> {
  const vp = await startVirtualPrinter();
  await c.configure({ kind: 'network', host: '127.0.0.1', port: vp.port, timeoutMs: 400, ...extra });
  return vp;
}

/** The bytes as hex pairs, for looking for exact command sequences. */
export const hexOf = (b: Buffer) => b.toString('hex').replace(/(..)/g, '$1 ').trim();

export function countOccurrences(haystack: Buffer, needle: number[]): number {
  let n = 0;
  for (let i = haystack.indexOf(Buffer.from(needle)); i !== -1; i = haystack.indexOf(Buffer.from(needle), i + 1)) n++;
  return n;
}

/** Receipts and slips the printer got (jobs with printed lines), oldest first, once there are at least n. */
export async function printed(vp: VirtualPrinter, n: number, timeoutMs = 3000): Promise<VirtualJob[]> {
  let out: VirtualJob[] = [];
  await vi.waitFor(
    () => {
      out = vp.jobs().filter((j) => j.decoded.lines.length > 0);
      if (out.length < n) throw new Error(`virtual printer: ${out.length} of ${n} printed jobs`);
    },
    { timeout: timeoutMs, interval: 20 },
  );
  return out;
}

/** Pulse-only jobs the printer got (a drawer pulse and nothing to print), oldest first. */
export const pulseJobs = (vp: VirtualPrinter): VirtualJob[] => vp.jobs().filter((j) => j.decoded.lines.length === 0 && j.decoded.pulses.length > 0);

/** A scheduler whose clock only moves when a timer is fired: the worker's back-off in virtual time. */
export function manualScheduler(): Scheduler & { pending(): Array<{ at: number; ms: number }>; fireNext(): number; readonly nowMs: number } {
  interface Timer { at: number; ms: number; fn: () => void; cancelled: boolean; ran: boolean }
  const timers: Timer[] = [];
  let now = 0;
  const pending = () => timers.filter((t) => !t.cancelled && !t.ran);
  return {
    now: () => now,
    get nowMs() {
      return now;
    },
    setTimer: (fn, ms) => {
      const t: Timer = { at: now + ms, ms, fn, cancelled: false, ran: false };
      timers.push(t);
      return () => {
        t.cancelled = true;
      };
    },
    pending: () => pending().map((t) => ({ at: t.at, ms: t.ms })),
    fireNext: () => {
      const t = pending().sort((a, b) => a.at - b.at)[0];
      if (!t) throw new Error('no timer pending');
      now = Math.max(now, t.at);
      t.ran = true;
      t.fn();
      return t.ms;
    },
  };
}

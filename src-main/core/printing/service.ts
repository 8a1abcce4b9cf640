// Printing for one station: the settings in effect, the hooks the counter calls inside its
// posting transaction, and the worker that sends queued jobs after the commit. The worker never
// runs inside a request: payments.post only inserts rows, and a printer that refuses, hangs or
// drops the connection costs the worker at most one timeout per attempt, never the cashier.
//
// Delivery policy (issue 10):
// - Two lanes per station: receipts and slips leave strictly in posted order (a later job waits
//   for an earlier undelivered one); drawer pulses are small jobs of their own, sent at once.
// - The wait for the printer's end-of-job answer is the timeout plus the job's printing time at
//   the printer's speed (bytesPerSecond), with a margin; after an unconfirmed hand-over nothing
//   is sent again until the printer can have finished.
// - Once a job's bytes have been handed over (recorded in the ledger first), every further
//   attempt prints it marked REPRINT. A pulse is recorded in drawer_pulses just before it is
//   written and is never sent twice for the same job, or for the same sale or void.
// - Retries never give up: a failure backs its lane off 1 s, 2 s, 4 s … capped at 30 s, for as
//   long as the app runs, and the queue is picked up again at the next start. The cashier can
//   cancel a job (with a reason, audited), which releases the jobs behind it.
// Transport and scheduler are injected so tests drive the worker without leaking timers.
import type { SettingsValues } from '../../../src-shared/ipc/contract';
import type { Receipt } from '../../../src-shared/ipc/counter-schemas';
import type { Pickup } from '../../../src-shared/ipc/day-end-schemas';
import type { PrinterSettings, PrinterStateName, PrinterStatus } from '../../../src-shared/ipc/printer-schemas';
import type { Db } from '../../db/open-ledger';
import type { DrawerPulse } from '../../devices/escpos/commands';
import { defaultHeader } from '../../devices/escpos/layout';
import type { StatusBits } from '../../devices/escpos/status';
import { STATE_MESSAGES, stateOf } from '../../devices/escpos/status';
import type { Endpoint, PrinterTransport, ProbeResult, SendResult } from '../../devices/escpos/transport';
import { defaultTransport, describeEndpoint } from '../../devices/escpos/transport';
import type { VirtualPrinter } from '../../devices/virtual-printer';
import type { Clock } from '../deps';
import { buildJobBytes, type DrawerKickPayload, type PickupSlipPayload, type PulsePurpose, type ReceiptPayload } from './documents';
import type { JobKind, JobRow, Lane, NewJob } from './queue';
import { finishAttempt, headJob, insertJob, LANES, lastFailure, lastPrintedAt, markHandedOver, markPrinting, pulseAlreadySent, queueCounts, receiptsNotPrinted, recordPulse, recoverInterrupted, requeueFailed } from './queue';
import { readPrinterSettings, type StoredPrinterSettings } from './settings';

/** Time for retries and status caching; the business clock stamps the records. */
export interface Scheduler {
  now(): number;
  /** Runs fn after ms; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

export interface PrintingDeps {
  transport?: PrinterTransport;
  scheduler?: Scheduler;
  /** Wait after the first failure, doubled after each further one up to maxBackoffMs (1 s, 30 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A drawer pulse goes out only this soon after it was queued (default 60 s): a pulse an hour
   * later must not swing the drawer open in front of nobody. */
  drawerPulseMaxAgeMs?: number;
  /** How long a status probe is reused (default 5 s). */
  statusCacheMs?: number;
}

/** The wait for the end-of-job answer: the timeout plus 1.5 × the job's printing time. */
export function confirmWaitMs(bytes: number, s: Pick<PrinterSettings, 'timeoutMs' | 'bytesPerSecond'>): number {
  return s.timeoutMs + Math.ceil((1.5 * bytes * 1000) / s.bytesPerSecond);
}

export interface PrintingContext {
  db: Db;
  clock: Clock;
  station: string;
  /** The town's policy settings (time zone, name, address, phone). */
  policy(): SettingsValues;
  log(message: string, err?: unknown): void;
}

/** Called by the counter inside its posting transaction. */
export interface ReceiptPrintHooks {
  receiptPosted(receipt: Receipt, userId: number): void;
  receiptVoided(receipt: Receipt, userId: number): void;
  /** A cash pickup's slip, queued with the pickup when a printer is set up. */
  pickupRecorded(pickup: Pickup, userId: number): void;
}

export interface ConnectionOverride {
  endpoint: Endpoint;
  description: string;
  statusCheck: boolean;
}

export interface EffectiveConfig {
  settings: PrinterSettings;
  updatedAt: string | null;
  /** Where receipts go, or null when no printer is set up. */
  printer: Endpoint | null;
  /** A standalone drawer's device, when the drawer is set up that way. */
  drawerDevice: Endpoint | null;
  /** Whether a cash sale can open a drawer at all. */
  drawerConfigured: boolean;
  statusCheck: boolean;
  override: ConnectionOverride | null;
}

interface CachedStatus {
  atMs: number;
  at: string;
  endpoint: string;
  state: PrinterStateName;
  message: string;
  bits: StatusBits | null;
}

export interface PrintingService extends ReceiptPrintHooks {
  config(): EffectiveConfig;
  /** Queues a job (inside the caller's transaction) and wakes the worker after the commit. */
  enqueue(job: Omit<NewJob, 'station' | 'createdAt'>): number;
  /** Queues a drawer pulse as its own job (inside the caller's transaction); null when no drawer is set up. */
  queuePulse(purpose: PulsePurpose, userId: number, ref?: { receiptId?: number; drawerId?: number }): number | null;
  /** The pulse for this station's drawer settings. */
  pulse(): DrawerPulse;
  effectiveHeaderLines(): string[];
  status(refresh: boolean): Promise<PrinterStatus>;
  /** Failed jobs back to the queue; resets the back-off and wakes the worker. */
  retry(jobId?: number): number;
  /** Settings changed: forget the cached status and back-off, try again now. */
  settingsChanged(): void;
  setOverride(o: ConnectionOverride | null): void;
  /** Prints to a virtual printer for this run (browser mode, demos) and lists what it got. */
  attachVirtualPrinter(vp: VirtualPrinter | null): void;
  virtualPrinter(): VirtualPrinter | null;
  /** Starts the background worker (recovers jobs a crash left 'printing'). */
  start(): void;
  /** Stops the worker; resolves once the attempt in progress (if any) has finished. */
  stop(): Promise<void>;
  /** Attempts every queued job now, pulses first, then receipts in order, ignoring back-off (not a
   * printer that may still be printing); a failure stops that lane. */
  drain(): Promise<void>;
  /** Wakes the worker (after a commit). */
  kick(): void;
  readonly running: boolean;
  /** Stops at once (aborting an attempt in progress) before the ledger closes. */
  close(): void;
}

export function createPrinting(ctx: PrintingContext, deps: PrintingDeps = {}): PrintingService {
  const { db, clock, station } = ctx;
  const transport = deps.transport ?? defaultTransport;
  const scheduler = deps.scheduler ?? realScheduler;
  const backoffMs = deps.backoffMs ?? 1000;
  const maxBackoffMs = deps.maxBackoffMs ?? 30_000;
  const drawerPulseMaxAgeMs = deps.drawerPulseMaxAgeMs ?? 60_000;
  const statusCacheMs = deps.statusCacheMs ?? 5000;
  const nowIso = () => clock.now().toISOString();

  let override: ConnectionOverride | null = null;
  let virtual: VirtualPrinter | null = null;
  let running = false;
  let closed = false;
  let cancelTimer: (() => void) | null = null;
  let passing = false;
  let again = false;
  let inFlight = 0;
  const aborts = new Set<AbortController>();
  const backoff: Record<Lane, { failures: number; nextAt: number }> = { printer: { failures: 0, nextAt: 0 }, drawer: { failures: 0, nextAt: 0 } };
  /** After an unconfirmed hand-over the printer may still be printing: nothing goes before this. */
  const busyUntil: Record<Lane, number> = { printer: 0, drawer: 0 };
  const locks: Record<Lane, Promise<unknown>> = { printer: Promise.resolve(), drawer: Promise.resolve() };
  let cached: CachedStatus | null = null;

  const withLock = <T>(target: Lane, fn: () => Promise<T>): Promise<T> => {
    const run = locks[target].then(fn, fn);
    locks[target] = run.catch(() => undefined);
    return run;
  };

  const config = (): EffectiveConfig => {
    const stored: StoredPrinterSettings = readPrinterSettings(db, station, ctx.log);
    const s = stored.settings;
    let printer: Endpoint | null = null;
    if (override) printer = override.endpoint;
    else if (s.kind === 'network') printer = { kind: 'network', host: s.host, port: s.port };
    else if (s.kind === 'device') printer = { kind: 'device', path: s.devicePath };
    const drawerDevice: Endpoint | null = s.drawer.mode === 'device' && s.drawer.devicePath ? { kind: 'device', path: s.drawer.devicePath } : null;
    return {
      settings: s,
      updatedAt: stored.updatedAt,
      printer,
      drawerDevice,
      drawerConfigured: (s.drawer.mode === 'printer' && printer !== null) || drawerDevice !== null,
      statusCheck: override ? override.statusCheck : s.statusCheck,
      override,
    };
  };

  const pulseOf = (s: PrinterSettings): DrawerPulse => ({ pin: s.drawer.pin, onMs: s.drawer.onMs, offMs: s.drawer.offMs });

  const scheduleSoon = () => {
    if (!running || closed) return;
    cancelTimer?.();
    cancelTimer = scheduler.setTimer(() => {
      cancelTimer = null;
      void backgroundPass();
    }, 0);
  };

  const enqueue: PrintingService['enqueue'] = (job) => {
    const id = insertJob(db, { ...job, station, createdAt: nowIso() });
    // A timer, not a direct call: the caller's transaction commits before the worker looks.
    scheduleSoon();
    return id;
  };

  /** Queues a drawer pulse as its own job (first, so it never waits behind the receipt); null when no drawer is set up. */
  const queuePulse = (purpose: PulsePurpose, userId: number, ref: { receiptId?: number; drawerId?: number } = {}): number | null => {
    const c = config();
    if (!c.drawerConfigured) return null;
    const payload: DrawerKickPayload = { purpose };
    return enqueue({ kind: 'drawer_kick', target: c.drawerDevice ? 'drawer' : 'printer', receiptId: ref.receiptId ?? null, drawerId: ref.drawerId ?? null, payload, openDrawer: true, requestedBy: userId });
  };

  /** Queues the receipt (and, when cash changes hands, the drawer pulse) with the posting. */
  const queueReceipt = (receipt: Receipt, userId: number, kind: JobKind, pulse: PulsePurpose | null) => {
    if (pulse) queuePulse(pulse, userId, { receiptId: receipt.id });
    if (config().printer) {
      const payload: ReceiptPayload = { receipt, duplicate: false };
      enqueue({ kind, target: 'printer', receiptId: receipt.id, payload, openDrawer: false, requestedBy: userId });
    }
  };

  /** Where a job goes: receipts to the printer; a pulse to the printer's kick-out port or the drawer device. */
  const endpointFor = (job: Pick<JobRow, 'target'>, c: EffectiveConfig): Endpoint | null => (job.target === 'printer' ? c.printer : c.drawerDevice);

  const stateFromSend = (r: SendResult, viaStatus: boolean): { state: PrinterStateName; message: string } => {
    if (r.ok) {
      if (r.status) return { state: stateOf(r.status), message: STATE_MESSAGES[stateOf(r.status)] };
      return { state: 'connected', message: viaStatus ? 'Printed' : 'Printed (this link does not report paper or cover status)' };
    }
    switch (r.reason) {
      case 'unreachable':
        return { state: 'offline', message: r.message };
      case 'no_reply':
      case 'timeout':
        return { state: 'no_reply', message: r.message };
      case 'not_ready':
        return { state: r.status ? stateOf(r.status) : 'error', message: r.message };
      default:
        return { state: 'error', message: r.message };
    }
  };

  const remember = (endpoint: string, state: PrinterStateName, message: string, bits: StatusBits | null) => {
    cached = { atMs: scheduler.now(), at: nowIso(), endpoint, state, message, bits };
  };

  /** One attempt at the oldest job of a lane. true: go on to the next job; false: stop. */
  const attemptHead = (lane: Lane): Promise<boolean> =>
    withLock(lane, async () => {
      if (closed) return false;
      const job = headJob(db, station, lane);
      if (!job) return false;
      if (job.status === 'printing') {
        // Attempts hold this lane's lock, so a job found 'printing' here was left by a crash.
        recoverInterrupted(db, station, nowIso(), lane);
        return true;
      }
      const c = config();
      const endpoint = endpointFor(job, c);
      // No printer (any more): the job waits, untouched, until one is set up or the cashier cancels it.
      if (!endpoint && lane === 'printer') return false;
      const startedAt = nowIso();
      const attempt = job.attempts + 1;
      const ageMs = clock.now().getTime() - Date.parse(job.created_at);
      const finishWithout = (error: string | null, reason: string, status: 'done' | 'failed') => {
        finishAttempt(db, job.id, { attempt, startedAt, finishedAt: nowIso(), outcome: 'skipped', reason, error }, status);
        return true;
      };
      const isPulse = job.kind === 'drawer_kick';
      const purpose: PulsePurpose = (JSON.parse(job.payload) as DrawerKickPayload).purpose ?? (job.receipt_id !== null ? 'sale' : 'no_sale');
      if (isPulse) {
        if (!endpoint) return finishWithout('No cash drawer is set up at this station.', 'not_configured', 'failed');
        if (pulseAlreadySent(db, job.id, job.receipt_id, purpose)) return finishWithout(null, 'drawer pulse already sent once; never sent again', 'done');
        if (ageMs > drawerPulseMaxAgeMs) return finishWithout('The drawer was not opened: too long after it was asked for.', 'stale', 'failed');
      }
      const realtime = isPulse && job.target === 'printer' && c.settings.drawer.realtimePulse;
      const reprint = !isPulse && job.handed_over_at !== null;
      const where = describeEndpoint(endpoint!);
      let bytes: Buffer;
      try {
        bytes = buildJobBytes(job, {
          settings: c.settings,
          headerLines: effectiveHeaderLines(c.settings),
          timeZone: ctx.policy().timeZone,
          now: startedAt,
          endpoint: where,
          pulse: isPulse ? pulseOf(c.settings) : null,
          realtimePulse: realtime,
          reprint,
        });
      } catch (err) {
        ctx.log(`print job ${job.id} could not be laid out`, err);
        return finishWithout(`The ${job.kind} could not be laid out: ${err instanceof Error ? err.message : String(err)}`, 'layout', 'failed');
      }
      if (!markPrinting(db, job.id, startedAt)) return true;
      // A pulse goes without the status check: the drawer must open even when the printer can't print.
      const statusCheck = !isPulse && c.statusCheck && endpoint!.kind === 'network';
      const onHandover = (): boolean => {
        const at = nowIso();
        if (isPulse) return recordPulse(db, { jobId: job.id, receiptId: job.receipt_id, purpose, command: realtime ? 'realtime' : 'esc_p', hex: bytes.toString('hex'), at });
        markHandedOver(db, job.id, at);
        return true;
      };
      const ac = new AbortController();
      aborts.add(ac);
      inFlight++;
      let result: SendResult;
      const handover: { atMs: number | null } = { atMs: null };
      try {
        result = await transport.send(endpoint!, bytes, {
          timeoutMs: c.settings.timeoutMs,
          confirmTimeoutMs: confirmWaitMs(bytes.length, c.settings),
          statusCheck,
          signal: ac.signal,
          onHandover: () => {
            handover.atMs = scheduler.now();
            return onHandover();
          },
        });
      } catch (err) {
        // Some transports reject with strings (node-thermal-printer's file interface does).
        result = { ok: false, reason: 'io_error', message: err instanceof Error ? err.message : String(err), status: null, handedOver: handover.atMs !== null };
      } finally {
        inFlight--;
        aborts.delete(ac);
      }
      // Closed mid-attempt: the ledger may be gone; the job stays 'printing' and is recovered
      // as interrupted at the next start.
      if (closed) return false;
      if (lane === 'printer') {
        const st = stateFromSend(result, statusCheck);
        remember(where, st.state, st.message, result.status);
      }
      const base = { attempt, startedAt, finishedAt: nowIso(), endpoint: where, bytes: bytes.length, drawerPulse: isPulse && handover.atMs !== null };
      if (result.ok) {
        finishAttempt(db, job.id, { ...base, outcome: 'printed', reason: reprint ? 'printed marked REPRINT: an earlier attempt may have printed it' : null }, 'done');
        backoff[lane] = { failures: 0, nextAt: 0 };
        return true;
      }
      const handedOver = result.handedOver === true;
      const note = handedOver ? (isPulse ? ' The pulse may have gone out; it is not sent again.' : ' The printer may have printed it; the next attempt prints it marked REPRINT.') : '';
      finishAttempt(db, job.id, { ...base, outcome: 'failed', reason: handedOver ? `${result.reason}; handed over` : result.reason, error: result.message + note }, 'queued');
      const failures = backoff[lane].failures + 1;
      backoff[lane] = { failures, nextAt: scheduler.now() + Math.min(maxBackoffMs, backoffMs * 2 ** (failures - 1)) };
      // The printer may still be working through what it took: wait at least twice the job's
      // printing time from the hand-over before sending anything else to it.
      if (handedOver && !isPulse && handover.atMs !== null) busyUntil[lane] = Math.max(busyUntil[lane], handover.atMs + Math.ceil((3 * bytes.length * 1000) / c.settings.bytesPerSecond));
      return false;
    });

  const waitUntil = (lane: Lane, ignoreBackoff: boolean): number => Math.max(busyUntil[lane], ignoreBackoff ? 0 : backoff[lane].nextAt);

  const runLane = async (lane: Lane, ignoreBackoff: boolean): Promise<void> => {
    for (;;) {
      if (closed || (!ignoreBackoff && !running)) return;
      if (waitUntil(lane, ignoreBackoff) > scheduler.now()) return;
      if (!headJob(db, station, lane)) return;
      if (!(await attemptHead(lane))) return;
    }
  };

  const scheduleNext = () => {
    if (!running || closed) return;
    let wait = Infinity;
    const c = config();
    for (const lane of LANES) {
      const head = headJob(db, station, lane);
      // A receipt with no printer set up waits for settingsChanged, not for a timer.
      if (head && (lane === 'drawer' || c.printer)) wait = Math.min(wait, Math.max(0, waitUntil(lane, false) - scheduler.now()));
    }
    if (wait === Infinity) return; // idle until the next kick
    cancelTimer?.();
    cancelTimer = scheduler.setTimer(() => {
      cancelTimer = null;
      void backgroundPass();
    }, wait);
  };

  const backgroundPass = async (): Promise<void> => {
    if (passing) {
      again = true;
      return;
    }
    passing = true;
    try {
      do {
        again = false;
        // The pulse lane starts first: the drawer never waits behind a receipt.
        await Promise.all(LANES.map((lane) => runLane(lane, false)));
      } while (again && running && !closed);
    } catch (err) {
      if (!closed) ctx.log('the print worker failed', err);
    } finally {
      passing = false;
    }
    try {
      scheduleNext();
    } catch (err) {
      if (!closed) ctx.log('the print worker could not schedule its next pass', err);
    }
  };

  const effectiveHeaderLines = (s: PrinterSettings): string[] => s.headerLines ?? defaultHeader(ctx.policy());

  const status = async (refresh: boolean): Promise<PrinterStatus> => {
    const c = config();
    const s = c.settings;
    const endpoint = c.printer ? describeEndpoint(c.printer) : null;
    if (c.printer && endpoint) {
      const fresh = cached && cached.endpoint === endpoint && scheduler.now() - cached.atMs < statusCacheMs;
      // While a job is on its way, the job's own outcome is the status; don't open a second connection.
      if ((refresh || !fresh) && inFlight === 0 && !closed) {
        const target = c.printer;
        const probe: ProbeResult = await withLock('printer', () =>
          transport.probe(target, { timeoutMs: s.timeoutMs, statusCheck: c.statusCheck && target.kind === 'network' }).catch(
            (err: unknown): ProbeResult => ({ reachable: false, status: null, reason: 'io_error', message: err instanceof Error ? err.message : String(err) }),
          ),
        );
        if (closed) throw new Error('printing stopped');
        let state: PrinterStateName;
        if (probe.status) state = stateOf(probe.status);
        else if (!probe.reachable) state = probe.reason === 'io_error' ? 'error' : 'offline';
        else state = probe.reason === 'no_reply' ? 'no_reply' : probe.reason ? 'error' : 'connected';
        remember(endpoint, state, probe.message, probe.status);
      }
    }
    const cur = c.printer && cached && cached.endpoint === endpoint ? cached : null;
    const bits = cur?.bits ?? null;
    const drawerOnPrinter = s.drawer.mode === 'printer' && c.printer !== null;
    return {
      station,
      configured: c.printer !== null,
      state: c.printer ? (cur?.state ?? 'connected') : 'not_configured',
      message: c.printer ? (cur?.message ?? 'Not checked yet') : 'No receipt printer is set up at this station.',
      endpoint,
      virtual: virtual !== null && c.override !== null,
      checkedAt: cur?.at ?? null,
      paper: bits ? (bits.paperOut || bits.paperStop ? 'out' : bits.paperNearEnd ? 'near_end' : 'ok') : 'unknown',
      drawer: {
        configured: c.drawerConfigured,
        pin3High: drawerOnPrinter && bits ? bits.drawerPin3High : null,
        open: drawerOnPrinter && bits ? (s.drawer.openLevel === 'high' ? bits.drawerPin3High : !bits.drawerPin3High) : null,
      },
      queue: queueCounts(db, station),
      notPrinted: receiptsNotPrinted(db, station),
      lastError: lastFailure(db, station),
      lastPrintedAt: lastPrintedAt(db, station),
    };
  };

  const service: PrintingService = {
    receiptPosted: (receipt, userId) => queueReceipt(receipt, userId, 'receipt', receipt.tenders.some((t) => t.kind === 'cash') ? 'sale' : null),
    // Voiding a cash receipt hands the cash back: the drawer opens for it.
    receiptVoided: (receipt, userId) => queueReceipt(receipt, userId, 'void', receipt.tenders.some((t) => t.kind === 'cash') ? 'void' : null),
    pickupRecorded: (pickup, userId) => {
      if (!config().printer) return;
      const payload: PickupSlipPayload = { pickup, station: ctx.station };
      enqueue({ kind: 'pickup_slip', target: 'printer', drawerId: pickup.drawerId, payload, openDrawer: false, requestedBy: userId });
    },
    config,
    enqueue,
    queuePulse,
    pulse: () => pulseOf(config().settings),
    effectiveHeaderLines: () => effectiveHeaderLines(config().settings),
    status,
    retry: (jobId) => {
      let n = requeueFailed(db, station, jobId);
      // A job still waiting out its back-off is tried again now.
      if (jobId !== undefined && n === 0 && db.prepare("SELECT 1 FROM print_jobs WHERE id = ? AND station = ? AND status = 'queued'").get(jobId, station)) n = 1;
      for (const t of LANES) backoff[t] = { failures: 0, nextAt: 0 };
      scheduleSoon();
      return n;
    },
    settingsChanged: () => {
      cached = null;
      for (const t of LANES) backoff[t] = { failures: 0, nextAt: 0 };
      scheduleSoon();
    },
    setOverride: (o) => {
      override = o;
      service.settingsChanged();
    },
    attachVirtualPrinter: (vp) => {
      virtual = vp;
      service.setOverride(vp ? { endpoint: { kind: 'network', host: vp.host, port: vp.port }, description: 'virtual printer (browser mode / demo)', statusCheck: true } : null);
    },
    virtualPrinter: () => virtual,
    start: () => {
      if (running || closed) return;
      running = true;
      if (inFlight === 0) recoverInterrupted(db, station, nowIso());
      scheduleSoon();
    },
    stop: async () => {
      running = false;
      cancelTimer?.();
      cancelTimer = null;
      await Promise.all(LANES.map((t) => locks[t]));
    },
    drain: async () => {
      if (closed) return;
      if (inFlight === 0) recoverInterrupted(db, station, nowIso());
      // Pulses first, then receipts in order (deterministic for tests and "retry now").
      for (const lane of LANES) await runLane(lane, true);
    },
    kick: scheduleSoon,
    get running() {
      return running;
    },
    close: () => {
      closed = true;
      running = false;
      cancelTimer?.();
      cancelTimer = null;
      for (const ac of aborts) ac.abort();
    },
  };
  return service;
}

// Getting bytes to a printer, with every wait bounded: raw TCP (port 9100) or a device path
// (/dev/usb/lp0, a serial port, or a file in tests). Written on net/fs rather than
// node-thermal-printer's interfaces, whose TCP timeout is an idle timeout that never asks the
// printer anything and whose file interface retries for up to 5 s and rejects with a string.
//
// On TCP with the status check on (the default), a job is: connect → DLE EOT 1/2/4 → three
// status bytes (paper out, cover open or offline stop here, nothing is sent) → the job bytes
// followed by DLE EOT 1 → one status byte back, which confirms the printer took in the whole
// job. A printer answers that request only once the bytes before it have gone through its
// buffer, so the wait for it (confirmTimeoutMs) grows with the job's size and the printer's
// speed; the caller computes it. Just before the job bytes are written, onHandover runs (the
// queue records in the ledger that the printer may now have the job). A printer that refuses, never answers, or closes mid-job fails the attempt within the
// timeout and the job stays queued. Without the status check (one-way links) a job counts as
// sent once the bytes are handed to the network stack.
import fs from 'node:fs';
import net from 'node:net';
import { statusRequest } from './commands';
import type { StatusBits } from './status';
import { canPrint, isStatusByte, parseStatus, STATE_MESSAGES, STATUS_REQUEST_BYTES, stateOf } from './status';

export type Endpoint = { kind: 'network'; host: string; port: number } | { kind: 'device'; path: string };

export function describeEndpoint(ep: Endpoint): string {
  return ep.kind === 'network' ? `tcp ${ep.host.includes(':') ? `[${ep.host}]` : ep.host}:${ep.port}` : ep.path;
}

export interface TransportOptions {
  /** Bound for each wait (connect, status reply, job confirmation, device write). */
  timeoutMs: number;
  /** Ask the printer for its status before and after the job (TCP only). */
  statusCheck: boolean;
  signal?: AbortSignal;
  /** Wait for the end-of-job status answer (default timeoutMs): a big job on a slow printer needs longer. */
  confirmTimeoutMs?: number;
  /** Runs synchronously just before the first job byte is written (not for probes); returning
   * false stops the send there, with nothing written (reason 'aborted'). */
  onHandover?: () => boolean | void;
}

/**
 * unreachable: refused, no route, no such device; no_reply: connected but the printer never
 * answered; not_ready: the printer answered that it can't print (paper out, cover open,
 * offline); closed: the connection dropped mid-job; io_error / timeout / aborted.
 */
export type FailureReason = 'unreachable' | 'no_reply' | 'not_ready' | 'closed' | 'io_error' | 'timeout' | 'aborted';

/** handedOver: some or all of the job's bytes were written, so the printer may print it. */
export type SendResult = { ok: true; status: StatusBits | null } | { ok: false; reason: FailureReason; message: string; status: StatusBits | null; handedOver?: boolean };

export interface ProbeResult {
  reachable: boolean;
  status: StatusBits | null;
  /** Why the status is missing, when it is. */
  reason: FailureReason | null;
  message: string;
}

export interface PrinterTransport {
  send(ep: Endpoint, bytes: Buffer, opts: TransportOptions): Promise<SendResult>;
  probe(ep: Endpoint, opts: TransportOptions): Promise<ProbeResult>;
}

export const defaultTransport: PrinterTransport = {
  send: (ep, bytes, opts) => (ep.kind === 'network' ? sendNetwork(ep, bytes, opts) : sendDevice(ep.path, bytes, opts)),
  probe: (ep, opts) => (ep.kind === 'network' ? probeNetwork(ep, opts) : probeDevice(ep.path)),
};

type Phase = 'connect' | 'status' | 'job' | 'flush';

function sendNetwork(ep: { host: string; port: number }, bytes: Buffer, opts: TransportOptions): Promise<SendResult> {
  return new Promise((resolve) => {
    const where = describeEndpoint({ kind: 'network', ...ep });
    let phase: Phase = 'connect';
    let replies: number[] = [];
    let status: StatusBits | null = null;
    let settled = false;
    let handedOver = false;
    let timer: NodeJS.Timeout | undefined;
    const socket = net.connect({ host: ep.host, port: ep.port });
    socket.setNoDelay(true);
    /** false: the caller refused at the last moment; nothing was written. */
    const handOver = (): boolean => {
      let go: boolean | void = true;
      try {
        go = opts.onHandover?.();
      } catch {
        go = false;
      }
      if (go === false) {
        fail('aborted', 'The job was not sent: it could not be recorded first.');
        return false;
      }
      handedOver = true;
      return true;
    };

    const finish = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const fail = (reason: FailureReason, message: string) => finish({ ok: false, reason, message, status, handedOver });
    const waitFor = () => (phase === 'job' ? Math.max(opts.timeoutMs, opts.confirmTimeoutMs ?? 0) : opts.timeoutMs);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(onTimeout, waitFor());
    };
    const onTimeout = () => {
      const ms = waitFor();
      if (phase === 'connect') fail('unreachable', `No connection to the printer at ${where} within ${ms} ms.`);
      else if (phase === 'status') fail('no_reply', `The printer at ${where} accepted the connection but did not answer the status request within ${ms} ms.`);
      else if (phase === 'job') fail('no_reply', `The printer at ${where} did not confirm the job within ${ms} ms.`);
      else fail('timeout', `The printer at ${where} did not take the data within ${ms} ms.`);
    };
    const onAbort = () => fail('aborted', 'Printing was stopped.');
    if (opts.signal?.aborted) return fail('aborted', 'Printing was stopped.');
    opts.signal?.addEventListener('abort', onAbort);
    arm();

    socket.on('connect', () => {
      if (opts.statusCheck) {
        phase = 'status';
        arm();
        socket.write(STATUS_REQUEST_BYTES);
      } else {
        phase = 'flush';
        arm();
        if (!handOver()) return;
        socket.end(bytes, () => finish({ ok: true, status: null }));
      }
    });
    socket.on('data', (chunk: Buffer) => {
      for (const b of chunk) if (isStatusByte(b)) replies.push(b);
      if (phase === 'status' && replies.length >= 3) {
        status = parseStatus(replies[0]!, replies[1]!, replies[2]!);
        const state = stateOf(status);
        if (!canPrint(state)) return fail('not_ready', `${STATE_MESSAGES[state]} (${where}).`);
        phase = 'job';
        replies = [];
        arm();
        if (!handOver()) return;
        socket.write(Buffer.concat([bytes, statusRequest(1)]));
      } else if (phase === 'job' && replies.length >= 1) {
        finish({ ok: true, status });
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (phase === 'connect') fail('unreachable', `Cannot connect to the printer at ${where}: ${describeError(err)}.`);
      else fail('io_error', `Connection to the printer at ${where} failed: ${describeError(err)}.`);
    });
    socket.on('close', () => {
      if (phase === 'connect') fail('unreachable', `The printer at ${where} closed the connection.`);
      else if (phase === 'status') fail('no_reply', `The printer at ${where} closed the connection without answering the status request.`);
      else fail('closed', `The printer at ${where} closed the connection in the middle of the job.`);
    });
  });
}

function probeNetwork(ep: { host: string; port: number }, opts: TransportOptions): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const where = describeEndpoint({ kind: 'network', ...ep });
    let connected = false;
    let settled = false;
    const replies: number[] = [];
    const socket = net.connect({ host: ep.host, port: ep.port });
    const finish = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => {
      if (!connected) finish({ reachable: false, status: null, reason: 'unreachable', message: `No connection to the printer at ${where} within ${opts.timeoutMs} ms.` });
      else finish({ reachable: true, status: null, reason: 'no_reply', message: `The printer at ${where} did not answer the status request within ${opts.timeoutMs} ms.` });
    }, opts.timeoutMs);
    socket.on('connect', () => {
      connected = true;
      if (!opts.statusCheck) return finish({ reachable: true, status: null, reason: null, message: `Connected to ${where} (status check is off).` });
      socket.write(STATUS_REQUEST_BYTES);
    });
    socket.on('data', (chunk: Buffer) => {
      for (const b of chunk) if (isStatusByte(b)) replies.push(b);
      if (replies.length >= 3) {
        const status = parseStatus(replies[0]!, replies[1]!, replies[2]!);
        finish({ reachable: true, status, reason: null, message: STATE_MESSAGES[stateOf(status)] });
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish({ reachable: connected, status: null, reason: connected ? 'io_error' : 'unreachable', message: `Cannot reach the printer at ${where}: ${describeError(err)}.` }),
    );
    socket.on('close', () =>
      finish({ reachable: connected, status: null, reason: connected ? 'no_reply' : 'unreachable', message: `The printer at ${where} closed the connection.` }),
    );
  });
}

const DEVICE_FLAGS = fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK;

/**
 * Writes to a device path without ever blocking a libuv thread: opened non-blocking and without
 * O_CREAT (an unplugged printer is an error, never a new file in /dev), EAGAIN retried until
 * the deadline.
 */
async function sendDevice(path: string, bytes: Buffer, opts: TransportOptions): Promise<SendResult> {
  const deadline = Date.now() + opts.timeoutMs;
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(path, DEVICE_FLAGS);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, reason: e.code === 'ENOENT' || e.code === 'ENXIO' || e.code === 'ENODEV' ? 'unreachable' : 'io_error', message: `Cannot open the printer device ${path}: ${describeError(e)}.`, status: null };
  }
  try {
    let offset = 0;
    let handedOver = false;
    while (offset < bytes.length) {
      if (opts.signal?.aborted) return { ok: false, reason: 'aborted', message: 'Printing was stopped.', status: null, handedOver };
      if (Date.now() > deadline) return { ok: false, reason: 'timeout', message: `The device ${path} did not take the data within ${opts.timeoutMs} ms.`, status: null, handedOver };
      try {
        if (!handedOver) {
          let go: boolean | void = true;
          try {
            go = opts.onHandover?.();
          } catch {
            go = false;
          }
          if (go === false) return { ok: false, reason: 'aborted', message: 'The job was not sent: it could not be recorded first.', status: null, handedOver: false };
          handedOver = true;
        }
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code !== 'EAGAIN' && e.code !== 'EWOULDBLOCK') return { ok: false, reason: 'io_error', message: `Writing to ${path} failed: ${describeError(e)}.`, status: null, handedOver };
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    return { ok: true, status: null };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function probeDevice(path: string): Promise<ProbeResult> {
  try {
    await fs.promises.access(path, fs.constants.W_OK);
    return { reachable: true, status: null, reason: null, message: `${path} is present (a device path does not report paper or cover status).` };
  } catch (err) {
    return { reachable: false, status: null, reason: 'unreachable', message: `Cannot use the printer device ${path}: ${describeError(err as NodeJS.ErrnoException)}.` };
  }
}

function describeError(e: NodeJS.ErrnoException | string): string {
  if (typeof e === 'string') return e;
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the printer on?)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to the printer';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host name';
    case 'ECONNRESET':
      return 'the printer reset the connection';
    case 'EPIPE':
      return 'the printer closed the connection';
    case 'ENOENT':
      return 'no such device (is it plugged in?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (add the user to the lp group)';
    default:
      return e.message;
  }
}

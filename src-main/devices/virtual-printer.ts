// A loopback ESC/POS receiver for browser mode, demos and tests: a TCP server on 127.0.0.1 that
// behaves like a network receipt printer on port 9100. Each connection that carries more than
// status requests is one job: its raw bytes are kept, decoded back into text lines, cuts and
// drawer pulses, and the last N jobs are listed. DLE EOT n is answered at once with a status
// byte built from `state` (online, paper OK by default), so the driver's status check works.
import net from 'node:net';
import type { DecodedJob } from './escpos/decoder';
import { EscPosDecoder, renderText } from './escpos/decoder';

export interface VirtualPrinterState {
  offline: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** Level of the drawer kick-out connector's pin 3 (reported in DLE EOT 1 bit 2). */
  drawerPin3High: boolean;
}

export interface VirtualJob {
  id: number;
  receivedAt: string;
  bytes: Buffer;
  decoded: DecodedJob;
  /** The decoded lines as text, aligned within `columns`. */
  text: string;
}

export interface VirtualPrinterOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** How many jobs to keep (default 20). */
  keep?: number;
  /** Width used to align the text rendering (default 48). */
  columns?: number;
  now?: () => Date;
}

export interface VirtualPrinter {
  readonly host: string;
  readonly port: number;
  readonly state: VirtualPrinterState;
  columns: number;
  /** Jobs received, oldest first. */
  jobs(): VirtualJob[];
  clear(): void;
  /** Resolves once at least `count` jobs have been received in total (not just kept). */
  waitForJobs(count: number, timeoutMs?: number): Promise<VirtualJob[]>;
  close(): Promise<void>;
}

export function statusReply(n: number, s: VirtualPrinterState): number {
  let b = 0x12;
  if (n === 1) {
    if (s.drawerPin3High) b |= 0x04;
    if (s.offline || s.coverOpen || s.paperOut) b |= 0x08;
  } else if (n === 2) {
    if (s.coverOpen) b |= 0x04;
    if (s.paperOut) b |= 0x20;
  } else if (n === 4) {
    if (s.paperNearEnd || s.paperOut) b |= 0x0c;
    if (s.paperOut) b |= 0x60;
  }
  return b;
}

export function startVirtualPrinter(opts: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
  const keep = Math.max(1, opts.keep ?? 20);
  const now = opts.now ?? (() => new Date());
  const state: VirtualPrinterState = { offline: false, coverOpen: false, paperNearEnd: false, paperOut: false, drawerPin3High: false };
  let kept: VirtualJob[] = [];
  let received = 0;
  let nextId = 1;
  const waiters = new Set<() => void>();
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    const decoder = new EscPosDecoder();
    const chunks: Buffer[] = [];
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      if (!decoder.hasContent) return;
      const decoded = decoder.finish();
      kept.push({ id: nextId++, receivedAt: now().toISOString(), bytes: Buffer.concat(chunks), decoded, text: renderText(decoded.lines, vp.columns) });
      if (kept.length > keep) kept = kept.slice(-keep);
      received++;
      for (const w of [...waiters]) w();
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const requests = decoder.feed(chunk);
      if (requests.length && !socket.destroyed) socket.write(Buffer.from(requests.map((n) => statusReply(n, state))));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      record();
    });
    socket.on('end', () => {
      record();
      socket.end();
    });
  });

  const vp = {
    host: opts.host ?? '127.0.0.1',
    port: 0,
    state,
    columns: opts.columns ?? 48,
    jobs: () => [...kept],
    clear: () => {
      kept = [];
    },
    waitForJobs: (count: number, timeoutMs = 2000) =>
      new Promise<VirtualJob[]>((resolve, reject) => {
        const check = () => {
          if (received < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...kept]);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`virtual printer: ${received} of ${count} jobs after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, vp.host, () => {
      server.off('error', reject);
      vp.port = (server.address() as net.AddressInfo).port;
      resolve(vp);
    });
  });
}

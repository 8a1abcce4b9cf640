// Misbehaving "printers" on 127.0.0.1 for the fault tests: a port nobody listens on, a server
// that accepts and never answers, one that answers the status request and then drops the
// connection mid-job, a plain recorder without status replies, and a scripted printer with a
// real one's timing (slow buffer, dropped link before the confirmation, back after an outage).
import net from 'node:net';
import type { DecodedJob } from '../../src-main/devices/escpos/decoder';
import { decodeEscPos, EscPosDecoder } from '../../src-main/devices/escpos/decoder';
import { statusReply } from '../../src-main/devices/virtual-printer';

export interface FaultServer {
  port: number;
  /** Bytes each connection sent, in order of connection. */
  received: Buffer[];
  connections: number;
  close(): Promise<void>;
}

/** A port that was free a moment ago: connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export function startFaultServer(mode: 'silent' | 'close-mid-job' | 'recorder'): Promise<FaultServer> {
  const sockets = new Set<net.Socket>();
  const fs: FaultServer = { port: 0, received: [], connections: 0, close: async () => undefined };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    fs.connections++;
    const index = fs.received.length;
    fs.received.push(Buffer.alloc(0));
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      fs.received[index] = Buffer.concat([fs.received[index]!, chunk]);
      if (mode === 'close-mid-job') {
        if (!answered && fs.received[index].length >= 9) {
          answered = true;
          socket.write(Buffer.from([0x12, 0x12, 0x12]));
        } else if (answered && fs.received[index].length > 9 + 16) {
          socket.destroy();
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      fs.port = (server.address() as net.AddressInfo).port;
      fs.close = () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        });
      resolve(fs);
    });
  });
}

export interface ScriptedPrinterOptions {
  /** Listen on this port (e.g. one that refused connections a moment ago: the printer came back). */
  port?: number;
  /** How fast the printer gets through its buffer (default: at once). DLE EOT is answered only
   * when it is reached, after every byte before it has gone through. */
  bytesPerSecond?: number;
  /** Receive buffer: reading from the connection pauses while this much is waiting (default 2 KB). */
  bufferBytes?: number;
  /** Takes the whole job, then drops the link instead of answering the end-of-job status
   * request, on this many connections (default 0). */
  dropBeforeConfirm?: number;
}

export interface ScriptedPrinter {
  port: number;
  connections: number;
  /** What the printer has worked through (printed), one entry per connection. */
  processed: Buffer[];
  /** Each connection's printed bytes, decoded (connections that printed nothing are left out). */
  printed(): DecodedJob[];
  /** Resolves once everything received has gone through the printer. */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A network receipt printer with the timing of a real one: it takes bytes into a small buffer,
 * prints them at bytesPerSecond and answers each DLE EOT when it gets to it; what it buffered
 * it prints even after the connection is gone. It can drop the link just before it would confirm
 * a job (after taking all of it).
 */
export function startScriptedPrinter(opts: ScriptedPrinterOptions = {}): Promise<ScriptedPrinter> {
  const bufferBytes = opts.bufferBytes ?? 2048;
  let drops = opts.dropBeforeConfirm ?? 0;
  const sockets = new Set<net.Socket>();
  const workers = new Set<() => boolean>();
  const sp: ScriptedPrinter = {
    port: 0,
    connections: 0,
    processed: [],
    printed: () => sp.processed.filter((b) => b.length > 0).map((b) => decodeEscPos(b)).filter((j) => j.lines.length > 0 || j.pulses.length > 0),
    idle: async (timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs;
      while ([...workers].some((busy) => busy())) {
        if (Date.now() > until) throw new Error('scripted printer: still printing');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => undefined,
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    sp.connections++;
    const index = sp.processed.length;
    sp.processed.push(Buffer.alloc(0));
    const decoder = new EscPosDecoder();
    let pending = Buffer.alloc(0);
    let requests = 0;
    let open = true;
    let dropThis = false;
    const started = Date.now();
    let done = 0; // bytes worked through
    let received = 0;
    const step = () => {
      const budget = opts.bytesPerSecond ? Math.floor(((Date.now() - started) * opts.bytesPerSecond) / 1000) - done : pending.length;
      if (budget <= 0 || pending.length === 0) return;
      const chunk = pending.subarray(0, Math.min(budget, pending.length));
      pending = pending.subarray(chunk.length);
      done += chunk.length;
      sp.processed[index] = Buffer.concat([sp.processed[index]!, chunk]);
      for (const n of decoder.feed(chunk)) {
        requests++;
        // The transport asks three times before the job and once after it: the fourth is the confirmation.
        if (requests === 4 && dropThis) {
          open = false;
          socket.destroy();
        }
        if (open && !socket.destroyed) socket.write(Buffer.from([statusReply(n, { offline: false, coverOpen: false, paperNearEnd: false, paperOut: false, drawerPin3High: false })]));
      }
      if (pending.length < bufferBytes && socket.isPaused() && open) socket.resume();
    };
    const timer = setInterval(step, 5);
    const busy = () => pending.length > 0;
    workers.add(busy);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // Decide on the first data whether this connection is one to drop (a job connection: it asks for status).
      if (received === chunk.length && drops > 0 && chunk[0] === 0x10 && chunk[1] === 0x04) {
        dropThis = true;
        drops--;
      }
      pending = Buffer.concat([pending, chunk]);
      if (pending.length >= bufferBytes) socket.pause();
      step();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      open = false;
      sockets.delete(socket);
      // The printer prints what it buffered, then this connection's worker stops.
      const finish = setInterval(() => {
        if (pending.length === 0) {
          clearInterval(timer);
          clearInterval(finish);
          workers.delete(busy);
        }
      }, 5);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      sp.port = (server.address() as net.AddressInfo).port;
      sp.close = () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        });
      resolve(sp);
    });
  });
}

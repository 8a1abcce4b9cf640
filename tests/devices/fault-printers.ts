// Misbehaving "printers" on 127.0.0.1 for the fault tests: a port nobody listens on, a server
// that accepts and never answers, one that answers the status request and then drops the
// connection mid-job, and a plain recorder without status replies.
import net from 'node:net';

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

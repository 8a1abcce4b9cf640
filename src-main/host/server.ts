// Browser mode: a plain Node HTTP server on 127.0.0.1 serving the built renderer and the
// same IPC contract as the desktop app (POST /rpc/<method>, JSON in, envelope out), through
// the same bridge. Refuses other Origins, foreign Host headers (DNS rebinding) and bodies
// that are not JSON, so another web page can't drive it from the user's browser.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Envelope } from '../../src-shared/ipc/envelope';
import { fail } from '../../src-shared/ipc/envelope';
import type { Bridge } from '../ipc/bridge';

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MAX_BODY = 1024 * 1024;
/**
 * Methods that carry a file get a larger body: a cycle's reading file of a 500,000-account town
 * is about 11 MiB, sent as base64 (the contract caps the base64 at 16 MiB).
 */
const FILE_METHOD_MAX_BODY: Readonly<Record<string, number>> = { 'readings.import': 17 * 1024 * 1024 };
export function maxBodyFor(method: string): number {
  return Object.hasOwn(FILE_METHOD_MAX_BODY, method) ? FILE_METHOD_MAX_BODY[method]! : MAX_BODY;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};

export interface HostOptions {
  bridge: Bridge;
  rendererDir: string;
  port?: number;
  log?: (message: string, err?: unknown) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: http.ServerResponse, status: number, body: Envelope<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A request path longer than this is refused (a real asset path is a few dozen characters). */
export const MAX_PATH = 1024;
/** After a 413, at most this much more of the refused body is read and discarded before the socket is closed. */
const MAX_DRAIN = 16 * 1024 * 1024;

/**
 * Reads the body up to `limit` bytes. Over the cap it resolves null at once and keeps reading (and
 * discarding) what the client is still sending, so the 413 envelope reaches the client instead
 * of a TCP reset; the connection is closed after the reply.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      resolve(null);
    };
    if (Number.isFinite(declared) && declared > limit) refuse();
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (refused) {
        if (size > limit + MAX_DRAIN) req.destroy();
        return;
      }
      if (size > limit) {
        refuse();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      if (!refused) reject(err);
    });
  });
}

export type StaticPath = { ok: true; rel: string } | { ok: false; status: 400 | 404 | 414; reason: string };

/**
 * The file a static request names, relative to the renderer folder, or why it is refused.
 * Works on the raw request target (not WHATWG URL's normalised path, which would quietly resolve
 * `..` and `%2e%2e`): one percent-decoding, then no NUL or other control characters, no
 * backslash, no encoded slash, no `.` or `..` segment, no empty segment.
 */
export function resolveStaticPath(rawTarget: string): StaticPath {
  if (rawTarget.length > MAX_PATH) return { ok: false, status: 414, reason: 'Path too long' };
  const cut = rawTarget.search(/[?#]/);
  const raw = cut === -1 ? rawTarget : rawTarget.slice(0, cut);
  if (!raw.startsWith('/')) return { ok: false, status: 400, reason: 'Bad path' };
  if (/%(2f|5c|00)/i.test(raw)) return { ok: false, status: 400, reason: 'Bad path' };
  let rel: string;
  try {
    rel = decodeURIComponent(raw);
  } catch {
    return { ok: false, status: 400, reason: 'Bad path' };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(rel)) return { ok: false, status: 400, reason: 'Bad path' };
  if (rel === '/') return { ok: true, rel: 'index.html' };
  const segments = rel.slice(1).split('/');
  if (segments.some((seg) => seg === '' || seg === '.' || seg === '..')) return { ok: false, status: 400, reason: 'Bad path' };
  return { ok: true, rel: segments.join('/') };
}

export function startHost(opts: HostOptions): Promise<RunningHost> {
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  const root = path.resolve(opts.rendererDir);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = resolveStaticPath(req.url ?? '/');
    if (!target.ok) {
      res.writeHead(target.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(target.reason);
      return;
    }
    // The production build ships no source maps, and none is served even if one is left in the folder.
    if (target.rel.endsWith('.map')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const file = path.resolve(root, target.rel);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    fs.stat(file, (err, st) => {
      if (res.headersSent || res.destroyed) return;
      if (err || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': target.rel === 'index.html' ? 'no-store' : 'no-cache',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = fs.createReadStream(file);
      stream.on('error', (e) => {
        log(`static ${target.rel} failed`, e);
        res.destroy();
      });
      stream.pipe(res);
    });
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    securityHeaders(res);
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) {
      sendJson(res, 421, fail('ORIGIN_REFUSED', 'Unexpected Host header.'));
      return;
    }
    // Routed on the raw request target: WHATWG URL parsing throws on some targets ("/\\") and
    // silently rewrites others ("\\" to "/", "%2e%2e" to "..").
    const target = req.url ?? '/';
    const cut = target.search(/[?#]/);
    const pathname = cut === -1 ? target : target.slice(0, cut);
    if (pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendJson(res, 405, fail('BAD_INPUT', 'Use POST for /rpc calls.'));
        return;
      }
      const origin = req.headers.origin;
      if ((origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) || req.headers['sec-fetch-site'] === 'cross-site') {
        sendJson(res, 403, fail('ORIGIN_REFUSED', 'Requests from another origin are refused.'));
        return;
      }
      if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        sendJson(res, 415, fail('BAD_INPUT', 'Send the input as application/json.'));
        return;
      }
      const method = pathname.slice('/rpc/'.length);
      const auth = req.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
      const limit = maxBodyFor(method);
      readBody(req, limit)
        .then(async (text) => {
          if (text === null) {
            res.setHeader('Connection', 'close');
            return sendJson(res, 413, fail('BAD_INPUT', `Request body too large (the limit is ${limit} bytes).`));
          }
          let input: unknown;
          try {
            input = text.trim() === '' ? {} : JSON.parse(text);
          } catch {
            return sendJson(res, 200, fail('BAD_INPUT', 'The request body is not valid JSON.'));
          }
          sendJson(res, 200, await opts.bridge.invoke(method, input, token));
        })
        .catch((err: unknown) => {
          log(`rpc ${method} failed`, err);
          if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', 'Something went wrong; the problem was logged.'));
        });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // A page on another site may not load the app's files (an <img> or <script> pointing here);
    // navigating to the app from a link is still allowed.
    if (req.headers['sec-fetch-site'] === 'cross-site' && req.headers['sec-fetch-mode'] !== 'navigate') {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Refused');
      return;
    }
    serveStatic(req, res);
  };

  // No request, however malformed, may end the process: every handler error is logged and
  // answered with 500 (or the connection dropped when the reply had already started).
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      log(`request ${String(req.method)} ${String(req.url).slice(0, 200)} failed`, err);
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', 'Something went wrong; the problem was logged.'));
      else res.destroy();
    }
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
    void err;
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      server.off('error', reject);
      resolve({
        url: `http://127.0.0.1:${port}/`,
        port,
        server,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

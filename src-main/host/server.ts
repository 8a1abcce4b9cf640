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

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function startHost(opts: HostOptions): Promise<RunningHost> {
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  const root = path.resolve(opts.rendererDir);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400).end('Bad path');
      return;
    }
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(404).end('Not found');
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': rel === '/index.html' ? 'no-store' : 'no-cache',
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    });
  };

  const server = http.createServer((req, res) => {
    securityHeaders(res);
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) {
      sendJson(res, 421, fail('ORIGIN_REFUSED', 'Unexpected Host header.'));
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/rpc/')) {
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
      const method = url.pathname.slice('/rpc/'.length);
      const auth = req.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
      readBody(req)
        .then(async (text) => {
          if (text === null) return sendJson(res, 413, fail('BAD_INPUT', 'Request body too large.'));
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
    serveStatic(req, res, url.pathname);
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

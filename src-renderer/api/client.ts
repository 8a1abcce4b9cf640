// The renderer's only way to the core: typed calls over the IPC contract, answered with the
// result envelope. Two transports (the Electron preload, or fetch to the browser-mode host),
// chosen at start-up; tests plug in their own. Expected failures come back as envelopes, and
// so do transport failures: nothing here throws to the screens.
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/ipc/contract';
import type { AppError, Envelope, ErrorCode } from '../../src-shared/ipc/envelope';
import { ERROR_CODES } from '../../src-shared/ipc/envelope';

/** What the Electron preload exposes as window.towncounter (contextIsolation: only these two). */
export interface TownCounterBridge {
  invoke(method: string, input: unknown, token: string | null): Promise<Envelope<unknown>>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

export interface Transport {
  /** 'desktop' (Electron preload), 'browser' (HTTP host) or anything a test names. */
  readonly kind: string;
  invoke(method: string, input: unknown, token: string | null): Promise<Envelope<unknown>>;
  /** Events pushed by the main process (desktop only for now). */
  on?(channel: string, listener: (payload: unknown) => void): () => void;
}

export interface Api {
  readonly transport: Transport;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>>;
}

export interface ApiOptions {
  /** The session token, read at call time (it lives in memory, in the app store). */
  getToken: () => string | null;
  /** Called when a call made with a token is refused with NOT_SIGNED_IN or SESSION_EXPIRED (session ended). */
  onSessionLost?: (error: AppError) => void;
  /** Called when a call fails on a storage fault (disk full, read-only, I/O error): the ledger status has changed. */
  onLedgerFault?: () => void;
  /** Called after a call that succeeded (the app refreshes what that call may have changed). */
  onSuccess?: (method: MethodName) => void;
}

/** Error codes that mean the ledger's storage, not the request, is at fault. */
export const LEDGER_FAULT_CODES: readonly ErrorCode[] = ['DISK_FULL', 'LEDGER_READ_ONLY', 'LEDGER_IO_ERROR', 'LEDGER_CORRUPT'];

const UNREACHABLE = 'TownCounter could not reach the ledger. Check that the program is running, then try again.';

function errorEnvelope(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}

/** Accepts only a well-formed envelope; anything else is an INTERNAL failure. */
export function toEnvelope(raw: unknown): Envelope<unknown> {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    const r = raw as { ok: unknown; value?: unknown; error?: unknown };
    if (r.ok === true) return { ok: true, value: r.value };
    if (r.ok === false && typeof r.error === 'object' && r.error !== null) {
      const e = r.error as Partial<AppError>;
      const code = isErrorCode(e.code) ? e.code : 'INTERNAL';
      const message = typeof e.message === 'string' && e.message !== '' ? e.message : 'Something went wrong.';
      return e.details === undefined ? errorEnvelope(code, message) : { ok: false, error: { code, message, details: e.details } };
    }
  }
  return errorEnvelope('INTERNAL', 'The ledger sent an answer TownCounter does not understand.');
}

/** The desktop transport: the preload's window.towncounter bridge. */
export function ipcTransport(bridge: TownCounterBridge): Transport {
  return {
    kind: 'desktop',
    invoke: (method, input, token) => bridge.invoke(method, input, token),
    on: (channel, listener) => bridge.on(channel, listener),
  };
}

/** The browser-mode transport: POST /rpc/<method> on the host that served the page. */
export function httpTransport(fetchImpl: typeof fetch = (...args) => fetch(...args), base = '/rpc/'): Transport {
  return {
    kind: 'browser',
    async invoke(method, input, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await fetchImpl(base + encodeURIComponent(method), { method: 'POST', headers, body: JSON.stringify(input ?? {}), credentials: 'same-origin', cache: 'no-store' });
      } catch {
        return errorEnvelope('INTERNAL', UNREACHABLE);
      }
      let body: unknown = undefined;
      try {
        body = await res.json();
      } catch {
        body = undefined;
      }
      if (res.status === 200) return toEnvelope(body);
      // Any other status: the body's error if it is an envelope, else a plain INTERNAL failure.
      if (typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === false && typeof (body as { error?: unknown }).error === 'object') return toEnvelope(body);
      return errorEnvelope('INTERNAL', `The ledger host answered ${res.status}; the problem was logged.`);
    },
  };
}

/** Desktop when the preload bridge is there, browser mode otherwise. */
export function pickTransport(win: { towncounter?: TownCounterBridge | undefined }): Transport {
  return win.towncounter ? ipcTransport(win.towncounter) : httpTransport();
}

export function createApi(transport: Transport, opts: ApiOptions): Api {
  return {
    transport,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>> {
      const token = opts.getToken();
      let env: Envelope<unknown>;
      try {
        env = toEnvelope(await transport.invoke(method, input, token));
      } catch {
        env = errorEnvelope('INTERNAL', UNREACHABLE);
      }
      if (!env.ok && (env.error.code === 'NOT_SIGNED_IN' || env.error.code === 'SESSION_EXPIRED') && token !== null && opts.getToken() === token) opts.onSessionLost?.(env.error);
      if (!env.ok && method !== 'ledger.status' && LEDGER_FAULT_CODES.includes(env.error.code)) opts.onLedgerFault?.();
      if (env.ok) opts.onSuccess?.(method);
      // The bridge validated the output against the contract before sending it.
      return env as Envelope<MethodOutput<M>>;
    },
  };
}

// Builds a real core on a fresh ledger (":memory:" or a temp file) with the real migrations,
// a fixed clock and deterministic ids, plus the demo users; calls go through the real bridge.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/ipc/contract';
import type { Envelope } from '../../src-shared/ipc/envelope';
import { bootLedger, type BootOptions } from '../../src-main/boot';
import { createUser } from '../../src-main/core/auth/users';
import type { Core } from '../../src-main/core/create-core';
import { fixedClock, sequentialIds } from '../../src-main/core/deps';
import { generateTown } from '../../src-main/demo/generate';
import { DEMO_USERS } from '../../src-main/demo/users';
import { createBridge, type Bridge } from '../../src-main/ipc/bridge';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

const madeDirs: string[] = [];

/** A fresh folder under the system temp folder, removed when the test file ends (or its process exits). */
export function tempDir(prefix = 'tc-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

function removeTempDirs(): void {
  for (const dir of madeDirs.splice(0)) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A child process still writing there: the system's temp cleaning gets it.
    }
  }
}

// Under vitest this module is loaded per test file: its folders go when the file's last hook has run.
afterAll(removeTempDirs);
process.once('exit', removeTempDirs);

export interface TestCore {
  core: Core;
  bridge: Bridge;
  clock: ReturnType<typeof fixedClock>;
  file: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>, token?: string | null): Promise<Envelope<MethodOutput<M>>>;
  /** Calls and unwraps, failing the test with the error code if the call failed. */
  must<M extends MethodName>(method: M, input: MethodInput<M>, token?: string | null): Promise<MethodOutput<M>>;
  signIn(username: string, secret?: string): Promise<string>;
  close(): void;
}

let instances = 0;

export interface TestTown {
  accounts: number;
  seed?: number;
}

/**
 * A fresh ledger with the demo users; with `town`, also a generated demo town (as of the
 * clock's business date; see src-main/demo/generate.ts).
 */
export async function makeTestCore(
  opts: {
    file?: string;
    now?: string;
    station?: string;
    users?: boolean;
    town?: TestTown;
    /** More boot options (injected export parts, key file, folder opener, version, log). */
    boot?: Pick<BootOptions, 'exporting' | 'keyFile' | 'openFolder' | 'appVersion' | 'log' | 'printing' | 'pepperFile' | 'createPepper' | 'cutoff' | 'conversion'>;
    /**
     * Sessions expire (idle, absolute lifetime) on the fixed clock too. Tests that jump the clock
     * by days to walk through several business days stand for someone signing in again each day:
     * by default a call answered SESSION_EXPIRED is signed in again with the same credentials and
     * retried (the old token keeps naming the new session). Session tests turn this off.
     */
    renewExpiredSessions?: boolean;
  } = {},
): Promise<TestCore> {
  const file = opts.file ?? ':memory:';
  const clock = fixedClock(opts.now ?? '2026-03-16T15:00:00Z');
  const core = await bootLedger({
    file,
    create: file !== ':memory:' && !fs.existsSync(file),
    migrationsDir: MIGRATIONS_DIR,
    clock,
    ids: sequentialIds(`tok${++instances}`),
    station: opts.station ?? 'S1',
    appVersion: 'test',
    log: () => {},
    ...opts.boot,
  });
  if (opts.users !== false && (core.deps.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n === 0) {
    core.deps.db.transaction(() => {
      for (const u of DEMO_USERS) createUser(core.deps.db, { ...u, at: clock.now().toISOString() });
    })();
  }
  if (opts.town) await generateTown(core.deps.db, { accounts: opts.town.accounts, seed: opts.town.seed ?? 1, today: core.today() });
  const real = createBridge(core, { validateOutput: true, log: (m, e) => console.error(m, e) });
  const bridge = opts.renewExpiredSessions === false ? real : renewingBridge(real);
  const call = <M extends MethodName>(method: M, input: MethodInput<M>, token?: string | null) =>
    bridge.invoke(method, input, token ?? null) as Promise<Envelope<MethodOutput<M>>>;
  const must = async <M extends MethodName>(method: M, input: MethodInput<M>, token?: string | null) => {
    const r = await call(method, input, token);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const signIn = async (username: string, secret?: string) => {
    const s = secret ?? DEMO_USERS.find((u) => u.username === username)?.secret ?? '';
    return (await must('session.signIn', { username, secret: s })).token;
  };
  return { core, bridge, clock, file, call, must, signIn, close: () => core.close() };
}

/** A bridge that signs in again (same credentials) when a session expired, then retries the call. */
function renewingBridge(real: Bridge): Bridge {
  const credentials = new Map<string, { username: string; secret: string }>();
  const current = new Map<string, string>();
  return {
    async invoke(method, input, token) {
      const use = token ? (current.get(token) ?? token) : token;
      const r = await real.invoke(method, input, use);
      if (method === 'session.signIn' && r.ok) credentials.set((r.value as { token: string }).token, input as { username: string; secret: string });
      if (r.ok || r.error.code !== 'SESSION_EXPIRED' || !token || !use) return r;
      const creds = credentials.get(use);
      if (!creds) return r;
      const again = await real.invoke('session.signIn', creds, null);
      if (!again.ok) return r;
      const fresh = (again.value as { token: string }).token;
      credentials.set(fresh, creds);
      current.set(token, fresh);
      return real.invoke(method, input, fresh);
    },
  };
}

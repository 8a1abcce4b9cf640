// The one bridge between a caller (Electron IPC or the browser-mode HTTP host) and the core:
// unknown method -> UNKNOWN_METHOD, bad input -> BAD_INPUT, no session -> NOT_SIGNED_IN,
// missing permission -> FORBIDDEN; expected failures keep their code; anything else becomes
// INTERNAL with the detail logged, never shown. Nothing changes when a check fails.
// Storage faults (disk full, read-only ledger, I/O error, a lock held too long) are not bugs:
// they answer their own codes and messages and show in ledger.status and the red banner.
import { rolesOf, userHas } from '../../src-shared/domain';
import { contract, isMethodName } from '../../src-shared/ipc/contract';
import type { Envelope } from '../../src-shared/ipc/envelope';
import { fail, ok } from '../../src-shared/ipc/envelope';
import type { Core } from '../core/create-core';
import { CoreError } from '../core/errors';
import { storageFault } from '../db/sqlite-faults';
import type { SessionInfo } from '../core/auth/users';

export interface BridgeOptions {
  /** Validate every output against its schema too (tests and development). */
  validateOutput?: boolean;
  log?: (message: string, err?: unknown) => void;
}

export interface Bridge {
  invoke(method: string, input: unknown, token: string | null | undefined): Promise<Envelope<unknown>>;
}

function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export function createBridge(core: Core, opts: BridgeOptions = {}): Bridge {
  const log = opts.log ?? core.deps.log ?? ((m: string, e?: unknown) => console.error(m, e));
  return {
    async invoke(method, input, token) {
      if (typeof method !== 'string' || !isMethodName(method)) return fail('UNKNOWN_METHOD', `No such method: ${String(method).slice(0, 64)}`);
      const def = contract[method];
      const parsed = def.input.safeParse(input ?? {});
      if (!parsed.success) return fail('BAD_INPUT', describeIssues(parsed.error.issues), { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
      let session: SessionInfo | null = null;
      let expired: 'idle' | 'lifetime' | null = null;
      try {
        // Polling (passive methods) does not keep a session alive; what the user does does.
        ({ session, expired } = core.checkSession(token, (def as { passive?: boolean }).passive !== true));
      } catch (err) {
        log(`session lookup failed for ${method}`, err);
        const fault = storageFault(err);
        if (fault) {
          core.health.recordFault(fault);
          return fail(fault.code, fault.message);
        }
        return fail('INTERNAL', 'Something went wrong; the problem was logged.');
      }
      if (def.permission !== 'public') {
        if (!session && expired) {
          return fail('SESSION_EXPIRED', expired === 'idle' ? 'Your session ended after a time without use. Sign in again.' : 'Your session reached its time limit. Sign in again.', { reason: expired });
        }
        if (!session) return fail('NOT_SIGNED_IN', 'Sign in first.');
        if (!userHas(session.user, def.permission)) return fail('FORBIDDEN', `A ${rolesOf(session.user).join(' + ')} may not do that (${method}).`);
      }
      if (def.mutates) {
        const refusal = core.health.postingRefusal();
        if (refusal) return fail(refusal.code, refusal.message);
      }
      try {
        const handler = core.handlers[method] as (i: unknown, c: { session: typeof session }) => unknown;
        const value = await handler(parsed.data, { session });
        if (opts.validateOutput) {
          const out = def.output.safeParse(value);
          if (!out.success) {
            log(`output of ${method} does not match its schema: ${describeIssues(out.error.issues)}`);
            return fail('INTERNAL', 'Something went wrong; the problem was logged.');
          }
        }
        if (def.mutates) core.health.writeSucceeded();
        return ok(value);
      } catch (err) {
        if (err instanceof CoreError) return fail(err.code, err.message, err.details);
        const fault = storageFault(err);
        if (fault) {
          log(`storage fault in ${method}: ${fault.code}`, err);
          core.health.recordFault(fault);
          return fail(fault.code, fault.message);
        }
        log(`unexpected error in ${method}`, err);
        return fail('INTERNAL', 'Something went wrong; the problem was logged.');
      }
    },
  };
}

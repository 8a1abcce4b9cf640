// What every capability's handlers share: the ledger, time, ids, station and settings.
import type { MethodName, MethodOutput, ParsedInput, SettingsValues } from '../../src-shared/ipc/contract';
import type { Db } from '../db/open-ledger';
import type { LockPolicy, SessionInfo } from './auth/users';
import type { Clock, Ids } from './deps';
import type { ReceiptPrintHooks } from './printing/service';
import { CoreError } from './errors';
import type { Secrets } from './secrets';

export interface CoreEnv {
  db: Db;
  clock: Clock;
  ids: Ids;
  station: string;
  settings(): SettingsValues;
  /** Today's calendar date in the town's time zone (not the business date). */
  today(): string;
  nowIso(): string;
  /** Sign-in and approval throttling, this station and the PIN hasher. */
  lockPolicy(): LockPolicy;
  /** Queues receipt print jobs inside the posting transaction (they commit with the payment). */
  printQueue?: ReceiptPrintHooks;
  /** The key for values encrypted in the ledger (tax ids, bank account numbers); see secrets.ts. */
  secrets?: Secrets;
}

export interface CallContext {
  session: SessionInfo | null;
}

export type Handler<M extends MethodName> = (input: ParsedInput<M>, ctx: CallContext) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export function signedIn(ctx: CallContext): SessionInfo {
  if (!ctx.session) throw new CoreError('NOT_SIGNED_IN', 'Sign in first.');
  return ctx.session;
}

// Service desk intake IPC handlers: the contract's doorway to intake.ts. Every write runs in one
// IMMEDIATE transaction (env's db.transaction) with its work orders, postings and letter.
import { signedIn, type CallContext, type CoreEnv, type Handlers } from '../env';
import { closeOut, closeOutArithmetic, findRequestId, getRequest, makeFinalBill, priorDebt, requestsForAccount, searchLocations, stopService, transferService, type IntakeContext } from './intake';
import { accountStatus, statusHistory } from './status';
import { deskContext } from './customers-handlers';
import { newServiceQuote, openNewService } from './new-service';

type IntakeMethods =
  | 'serviceDesk.newServiceQuote'
  | 'serviceDesk.newService'
  | 'serviceDesk.locations'
  | 'serviceDesk.priorDebt'
  | 'serviceDesk.stop'
  | 'serviceDesk.transfer'
  | 'serviceDesk.finalBill'
  | 'serviceDesk.closeOutPreview'
  | 'serviceDesk.closeOut'
  | 'serviceDesk.request'
  | 'serviceDesk.forAccount';

export function intakeContext(env: CoreEnv, ctx: CallContext): IntakeContext {
  const s = signedIn(ctx);
  return { at: env.nowIso(), today: env.today(), userId: s.user.id, station: s.station, settings: env.settings() };
}

export function intakeHandlers(env: CoreEnv): Pick<Handlers, IntakeMethods> {
  const { db } = env;
  return {
    'serviceDesk.newServiceQuote': (input, ctx) => newServiceQuote(db, input, intakeContext(env, ctx)),
    'serviceDesk.newService': (input, ctx) => {
      const c = intakeContext(env, ctx);
      const desk = deskContext(env, ctx);
      return db.transaction(() => openNewService(db, input, c, desk))();
    },
    'serviceDesk.locations': (input) => ({ locations: searchLocations(db, input.query, input.limit) }),
    'serviceDesk.priorDebt': (input) => priorDebt(db, input.locationId, input.customerId ?? null),
    'serviceDesk.stop': (input, ctx) => {
      const c = intakeContext(env, ctx);
      return db.transaction(() => stopService(db, input, c))();
    },
    'serviceDesk.transfer': (input, ctx) => {
      const c = intakeContext(env, ctx);
      return db.transaction(() => transferService(db, input, c))();
    },
    'serviceDesk.finalBill': (input, ctx) => {
      const c = intakeContext(env, ctx);
      return db.transaction(() => makeFinalBill(db, input.requestId, input, c))();
    },
    'serviceDesk.closeOutPreview': (input) => {
      accountStatus(db, input.accountId);
      return closeOutArithmetic(db, input.accountId, env.settings());
    },
    'serviceDesk.closeOut': (input, ctx) => {
      const c = intakeContext(env, ctx);
      return db.transaction(() => closeOut(db, input, c))();
    },
    'serviceDesk.request': (input) => getRequest(db, findRequestId(db, input)),
    'serviceDesk.forAccount': (input) => ({ status: accountStatus(db, input.accountId).status, history: statusHistory(db, input.accountId), requests: requestsForAccount(db, input.accountId) }),
  };
}

// Customer and service location IPC handlers: the contract's doorway to customers.ts. Every
// write runs in one IMMEDIATE transaction with its audit row.
import { signedIn, type CallContext, type CoreEnv, type Handlers } from '../env';
import { createSecrets } from '../secrets';
import { medicalAlertPdf } from '../../documents/medical-alert-pdf';
import { certificationsFor, certifyMedicalAlert, medicalAlertList, withdrawMedicalAlert } from './medical-alert';
import { createCustomer, createLocation, customerView, locationView, revealTaxId, searchCustomers, updateCustomer, updateLocation, type DeskContext } from './customers';

type CustomerMethods =
  | 'customers.create'
  | 'customers.update'
  | 'customers.get'
  | 'customers.search'
  | 'customers.revealTaxId'
  | 'locations.create'
  | 'locations.update'
  | 'locations.get'
  | 'medicalAlert.certify'
  | 'medicalAlert.withdraw'
  | 'medicalAlert.forAccount'
  | 'medicalAlert.list'
  | 'medicalAlert.pdf';

/** The acting user, station, time and key for a service desk write (other parts build theirs the same way). */
export function deskContext(env: CoreEnv, ctx: CallContext): DeskContext {
  const s = signedIn(ctx);
  return { userId: s.user.id, station: s.station, at: env.nowIso(), today: env.today(), secrets: env.secrets ?? createSecrets(env.db, null) };
}

export function customerHandlers(env: CoreEnv): Pick<Handlers, CustomerMethods> {
  const { db } = env;
  return {
    'customers.create': (input, ctx) => {
      const dc = deskContext(env, ctx);
      return db.transaction(() => customerView(db, createCustomer(db, input.customer, dc).id, dc.today))();
    },
    'customers.update': (input, ctx) => {
      const dc = deskContext(env, ctx);
      return db.transaction(() => {
        updateCustomer(db, input.customerId, input.changes, dc);
        return customerView(db, input.customerId, dc.today);
      })();
    },
    'customers.search': (input) => searchCustomers(db, input.query, input.limit, env.today()),
    'customers.get': (input) => customerView(db, input.customerId, env.today()),
    'customers.revealTaxId': (input, ctx) => {
      const dc = deskContext(env, ctx);
      return db.transaction(() => revealTaxId(db, input.customerId, input.reason, dc))();
    },
    'locations.create': (input, ctx) => {
      const dc = deskContext(env, ctx);
      return db.transaction(() => locationView(db, createLocation(db, input.location, dc).id, dc.today))();
    },
    'locations.update': (input, ctx) => {
      const dc = deskContext(env, ctx);
      return db.transaction(() => {
        updateLocation(db, input.locationId, input.changes, input.reason, dc);
        return locationView(db, input.locationId, dc.today);
      })();
    },
    'locations.get': (input) => locationView(db, input.locationId, env.today()),
    'medicalAlert.certify': (input, ctx) => {
      const dc = deskContext(env, ctx);
      return db.transaction(() => certifyMedicalAlert(db, input, env.settings(), dc))();
    },
    'medicalAlert.withdraw': (input, ctx) => {
      const dc = deskContext(env, ctx);
      return db.transaction(() => withdrawMedicalAlert(db, input.certificationId, input.reason, dc))();
    },
    'medicalAlert.forAccount': (input) => certificationsFor(db, input.accountId, env.today()),
    'medicalAlert.list': (input) => medicalAlertList(db, input, env.settings(), env.today()),
    'medicalAlert.pdf': async (input) => {
      const st = env.settings();
      const r = medicalAlertList(db, input, st, env.today());
      const out = await medicalAlertPdf(r, input, { name: st.townName, timeZone: st.timeZone }, env.nowIso());
      return { filename: `medical-alert-${input.expiringOnly ? 'expiring-' : ''}${r.today}.pdf`, contentBase64: out.bytes.toString('base64'), pages: out.pages };
    },
  };
}

// New service (issue 14, part C): a customer (found, or created with customers.ts createCustomer)
// at a vacant premise, the services wanted there, owner or tenant, the ID checked, the deposit
// decision (deposits.ts computeDeposit: the rule's arithmetic, or waived by a letter of credit)
// charged with chargeDeposit, a pending account and its connect order — one transaction, with the
// confirmation letter. A previous occupant's debt at the premise is shown, never put on the new
// account (priorDebt).
import type { Service } from '../../../src-shared/domain';
import { SERVICE_LABELS } from '../../../src-shared/domain';
import type { CustomerInput, IdCheckInput } from '../../../src-shared/ipc/customer-schemas';
import type { NewServiceQuote, ServiceRequestView } from '../../../src-shared/ipc/intake-schemas';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { CoreError } from '../errors';
import { createWorkOrder } from '../work-orders/orders';
import { createCustomer, updateCustomer, type DeskContext } from './customers';
import { chargeDeposit, computeDeposit } from './deposits';
import { getLocation, getRequest, insertNewAccount, insertRequest, linkOrder, priorDebt, recordConfirmation, type IntakeContext } from './intake';

export interface NewServiceInput {
  customer: { customerId: number; idCheck?: IdCheckInput | null } | { create: CustomerInput };
  locationId: number;
  services: Service[];
  occupancy: 'owner' | 'tenant';
  startOn: string;
  /** The deposit the clerk was shown (newServiceQuote); a different one now is refused, nothing posted. */
  expectedDepositCents: number;
  idempotencyKey: string;
}

function checkPremise(db: Db, locationId: number, services: readonly Service[]) {
  const loc = getLocation(db, locationId);
  if (loc.occupiedBy) throw new CoreError('CONFLICT', `${loc.address} is served on account ${loc.occupiedBy.accountNumber} (${loc.occupiedBy.customerName}); stop or transfer that service first.`, { field: 'locationId' });
  const missing = services.filter((s) => !loc.services.includes(s));
  if (missing.length) throw new CoreError('BAD_INPUT', `${loc.address} has no ${missing.map((s) => SERVICE_LABELS[s].toLowerCase()).join(', ')} service.`, { field: 'services' });
  return loc;
}

/** What the clerk sees before opening the service: the premise, the deposit with its arithmetic, earlier debt there. */
export function newServiceQuote(db: Db, input: { locationId: number; services: Service[]; customerId?: number | null }, ctx: IntakeContext): NewServiceQuote {
  const loc = checkPremise(db, input.locationId, input.services);
  const q = computeDeposit(db, { locationId: loc.locationId, serviceClass: loc.serviceClass, services: input.services, customerId: input.customerId ?? null }, ctx.settings, ctx.today);
  return {
    location: loc,
    deposit: {
      requiredCents: q.requiredCents,
      computedCents: q.computedCents,
      basis: q.basis,
      capApplied: q.capApplied,
      arithmetic: q.arithmetic,
      waivedBy: q.waivedBy ? { utility: q.waivedBy.utility, receivedOn: q.waivedBy.receivedOn, goodMonths: q.waivedBy.goodMonths } : null,
    },
    priorDebt: priorDebt(db, loc.locationId, input.customerId ?? null),
  };
}

export function openNewService(db: Db, input: NewServiceInput, ctx: IntakeContext, desk: DeskContext): ServiceRequestView {
  const prior = db.prepare('SELECT id, kind FROM service_requests WHERE idempotency_key = ?').get(input.idempotencyKey) as { id: number; kind: string } | undefined;
  if (prior) {
    if (prior.kind !== 'new_service') throw new CoreError('IDEMPOTENCY_CONFLICT', 'This request key was already used for a different service request.');
    return getRequest(db, prior.id);
  }
  if (input.startOn < ctx.today) throw new CoreError('BAD_INPUT', `The start date ${input.startOn} is before today.`, { field: 'startOn' });
  const loc = checkPremise(db, input.locationId, input.services);

  // The customer: found (with the ID checked now, if any), or created here.
  let customerId: number;
  if ('create' in input.customer) customerId = createCustomer(db, input.customer.create, desk).id;
  else {
    customerId = input.customer.customerId;
    if (!db.prepare('SELECT 1 FROM customers WHERE id = ?').get(customerId)) throw new CoreError('NOT_FOUND', `No customer with id ${customerId}.`, { field: 'customerId' });
    if (input.customer.idCheck) updateCustomer(db, customerId, { idCheck: input.customer.idCheck }, desk);
  }

  const q = computeDeposit(db, { locationId: loc.locationId, serviceClass: loc.serviceClass, services: input.services, customerId }, ctx.settings, ctx.today);
  if (q.requiredCents !== input.expectedDepositCents) {
    throw new CoreError('CONFLICT', `The deposit is now ${(q.requiredCents / 100).toFixed(2)} (shown: ${(input.expectedDepositCents / 100).toFixed(2)}); work it out again.`, {
      field: 'expectedDepositCents',
      requiredCents: q.requiredCents,
    });
  }
  const debt = priorDebt(db, loc.locationId, customerId);

  const accountId = insertNewAccount(db, { customerId, locationId: loc.locationId, openedOn: input.startOn, services: input.services, occupancy: input.occupancy, movedFrom: null, cycle: 1 }, ctx);
  const id = insertRequest(
    db,
    {
      kind: 'new_service',
      accountId,
      customerId,
      effectiveOn: input.startOn,
      details: {
        services: input.services,
        occupancy: input.occupancy,
        priorDebt: { notThisCustomersCents: debt.notThisCustomersCents, thisCustomersCents: debt.thisCustomersCents },
        deposit: { requiredCents: q.requiredCents, computedCents: q.computedCents, arithmetic: q.arithmetic, waivedBy: q.waivedBy?.utility ?? null },
      },
      key: input.idempotencyKey,
    },
    ctx,
  );
  const connect = createWorkOrder(db, { type: 'connect', accountId, source: 'intake', priority: 'normal', customerWords: `New service; connect on ${input.startOn}`, idempotencyKey: `${input.idempotencyKey}-connect` }, { at: ctx.at, userId: ctx.userId, station: ctx.station, timeZone: ctx.settings.timeZone });
  linkOrder(db, id, connect.id, 'connect');
  if (q.requiredCents > 0) {
    chargeDeposit(db, accountId, q.requiredCents, { at: ctx.at, today: ctx.today, userId: ctx.userId, station: ctx.station, idempotencyKey: `${input.idempotencyKey}-deposit`, memo: `Deposit, new service ${getRequest(db, id).number}` });
  }
  recordConfirmation(
    db,
    id,
    {
      dates: [{ label: 'Service starts', labelEs: 'El servicio comienza', date: input.startOn }],
      depositCents: q.requiredCents,
      notes: [
        ...q.arithmetic.map((line) => ({ en: line })),
        ...(q.waivedBy ? [{ en: `Deposit waived: letter of credit from ${q.waivedBy.utility}.`, es: `Depósito dispensado: carta de crédito de ${q.waivedBy.utility}.` }] : []),
      ],
    },
    ctx,
  );
  const v = getRequest(db, id);
  recordAudit(db, {
    at: ctx.at,
    userId: ctx.userId,
    station: ctx.station,
    action: 'serviceDesk.newService',
    subject: v.accountNumber,
    details: { request: v.number, locationId: loc.locationId, services: input.services, depositCents: q.requiredCents, waivedBy: q.waivedBy?.utility ?? null, orders: v.orders.map((o) => o.number), notThisCustomersCents: debt.notThisCustomersCents },
  });
  return v;
}

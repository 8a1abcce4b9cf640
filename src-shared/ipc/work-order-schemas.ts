// Schemas and contract entries for work orders (workOrders.*): types with their division and
// turnaround target, crews, creating an order (from an account, a bare address or another
// capability), the dispatch board, dispatch / complete / verify / cancel, the reading check,
// the turnaround report, crew tickets and route sheets as PDF, and the short crew ticket on the
// receipt printer.
import { z } from 'zod';
import { id, idempotencyKey, plainText as text } from './common-schemas';
import { freeText } from '../free-text';
import type { Permission } from '../domain';
import { PdfDocument } from './day-end-schemas';
import { PrintJobView } from './printer-schemas';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');
const reason = freeText(z.string().trim().min(3).max(500));

export const WORK_ORDER_TYPES = [
  'connect',
  'disconnect_nonpay',
  'disconnect_request',
  'reconnect',
  'final_read',
  'reread',
  'leak_check',
  'meter_test',
  'sewer_backup',
  'missed_collection',
  'cart_request',
  'streetlight_out',
  'pothole',
  'other',
] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];

export const DIVISIONS = ['electric', 'water', 'sewer', 'sanitation', 'streets'] as const;
export type Division = (typeof DIVISIONS)[number];

export const WORK_ORDER_STATUSES = ['new', 'dispatched', 'completed', 'verified', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export const PRIORITIES = ['emergency', 'high', 'normal', 'low'] as const;
export const WORK_ORDER_SOURCES = ['counter', 'phone', 'intake', 'collections', 'billing', 'field', 'other'] as const;
export const READ_CODES = ['ok', 'meter_changed', 'rollover', 'no_access'] as const;

export const WorkOrderTypeView = z.object({
  code: z.enum(WORK_ORDER_TYPES),
  label: z.string(),
  division: z.enum(DIVISIONS),
  targetHours: z.int(),
  readsMeter: z.boolean(),
  needsAccount: z.boolean(),
});
export type WorkOrderTypeView = z.infer<typeof WorkOrderTypeView>;

export const CrewView = z.object({ id, name: z.string(), division: z.enum(DIVISIONS), active: z.boolean(), openOrders: z.int() });
export type CrewView = z.infer<typeof CrewView>;

export const WorkOrderView = z.object({
  id,
  number: z.string(),
  type: z.enum(WORK_ORDER_TYPES),
  typeLabel: z.string(),
  division: z.enum(DIVISIONS),
  status: z.enum(WORK_ORDER_STATUSES),
  priority: z.enum(PRIORITIES),
  accountId: id.nullable(),
  accountNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  /** The account's Medical Alert certification runs until this date (null: none); crews see it on the board and the ticket. */
  medicalAlertUntil: isoDate.nullable().default(null),
  address: z.string(),
  landmark: z.string().nullable(),
  meterService: z.enum(['water', 'electric']).nullable(),
  meterNumber: z.string().nullable(),
  customerWords: z.string().nullable(),
  instructions: z.string().nullable(),
  source: z.enum(WORK_ORDER_SOURCES),
  station: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  dueAt: z.string(),
  targetHours: z.int(),
  /** Past its turnaround target and not yet completed (or completed after it). */
  overdue: z.boolean(),
  ageHours: z.number(),
  crewId: id.nullable(),
  crewName: z.string().nullable(),
  routeSeq: z.int().nullable(),
  dispatchedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  reading: z.int().nullable(),
  readingFlag: z.string().nullable(),
  findings: z.string().nullable(),
  materials: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});
export type WorkOrderView = z.infer<typeof WorkOrderView>;

export const WorkOrderEvent = z.object({ at: z.string(), user: z.string(), from: z.enum(WORK_ORDER_STATUSES).nullable(), to: z.enum(WORK_ORDER_STATUSES), note: z.string().nullable() });

export const LastReading = z.object({ value: z.int(), readOn: isoDate, readCode: z.string() });

export const WorkOrderDetail = WorkOrderView.extend({
  history: z.array(WorkOrderEvent),
  lastReading: LastReading.nullable(),
  /** Average monthly consumption over the last 12 bills (gallons or kWh), when there are bills. */
  averageMonthly: z.number().nullable(),
});
export type WorkOrderDetail = z.infer<typeof WorkOrderDetail>;

export const ReadingCheck = z.object({
  /** ok: plausible; implausible: needs confirmation (and is flagged); none: nothing to check against. */
  verdict: z.enum(['ok', 'implausible', 'none']),
  problems: z.array(z.string()),
  consumption: z.int().nullable(),
  lastReading: LastReading.nullable(),
  averageMonthly: z.number().nullable(),
  /** Which check an implausible reading failed (the reading import's exception reasons). */
  reason: z.enum(['lower_than_last', 'high_consumption', 'low_consumption']).optional(),
});
export type ReadingCheck = z.infer<typeof ReadingCheck>;

export const BoardColumn = z.object({ status: z.enum(['new', 'dispatched', 'completed']), count: z.int(), overdue: z.int(), orders: z.array(WorkOrderView), truncated: z.boolean() });
export const Board = z.object({ asOf: z.string(), columns: z.array(BoardColumn) });
export type Board = z.infer<typeof Board>;

export const TurnaroundRow = z.object({
  type: z.enum(WORK_ORDER_TYPES),
  typeLabel: z.string(),
  division: z.enum(DIVISIONS),
  targetHours: z.int(),
  created: z.int(),
  completed: z.int(),
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  withinTarget: z.int(),
  /** withinTarget / completed, 0..1; null when none completed. */
  withinTargetShare: z.number().nullable(),
});
export const TurnaroundReport = z.object({
  from: isoDate,
  to: isoDate,
  timeZone: z.string(),
  rows: z.array(TurnaroundRow),
  divisions: z.array(TurnaroundRow.omit({ type: true, typeLabel: true, targetHours: true })),
});
export type TurnaroundReport = z.infer<typeof TurnaroundReport>;

// Inputs -------------------------------------------------------------------------------------

export const CreateWorkOrderInput = z
  .strictObject({
    type: z.enum(WORK_ORDER_TYPES),
    accountId: id.optional(),
    /** A bare address (pothole, streetlight) when there is no account. */
    address: text(200).pipe(z.string().min(3)).optional(),
    landmark: text(300).optional(),
    /** Which meter, for a type that reads one at an account with both (default: the type's division). */
    meterService: z.enum(['water', 'electric']).optional(),
    division: z.enum(DIVISIONS).optional(),
    priority: z.enum(PRIORITIES).default('normal'),
    customerWords: text(1000).optional(),
    instructions: text(1000).optional(),
    source: z.enum(WORK_ORDER_SOURCES),
    idempotencyKey,
  })
  .refine((v) => v.accountId !== undefined || v.address !== undefined, { message: 'an account or an address is needed', path: ['address'] });
export type CreateWorkOrderInput = z.output<typeof CreateWorkOrderInput>;

const BoardFilter = z.strictObject({
  division: z.enum(DIVISIONS).optional(),
  crewId: id.optional(),
  /** Only orders at least this many hours old. */
  minAgeHours: z.number().min(0).max(24 * 365).optional(),
  overdueOnly: z.boolean().default(false),
  limitPerColumn: z.int().min(1).max(500).default(200),
});

// Contract entries ---------------------------------------------------------------------------

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; description: string }) {
  return { mutates: false, ...def };
}

const byIdOrNumber = z.union([z.strictObject({ id }), z.strictObject({ number: z.string().trim().regex(/^WO-\d{4}-[A-Z0-9]{1,8}-\d{6}$/, 'a work order number like WO-2026-S1-000123') })]);

/** Spread into `contract` (src-shared/ipc/contract.ts). */
export const workOrderContract = {
  'workOrders.types': method({
    description: 'Work order types with their division and turnaround target.',
    input: z.strictObject({}),
    output: z.object({ types: z.array(WorkOrderTypeView) }),
    permission: 'workOrders.read',
  }),
  'workOrders.updateType': method({
    description: "Change a type's division, label or turnaround target (admin); audited.",
    input: z.strictObject({ code: z.enum(WORK_ORDER_TYPES), label: text(80).pipe(z.string().min(1)).optional(), division: z.enum(DIVISIONS).optional(), targetHours: z.int().min(1).max(8760).optional(), reason }),
    output: WorkOrderTypeView,
    permission: 'settings.write',
    mutates: true,
  }),
  'workOrders.crews': method({
    description: 'Crews with their division and open orders.',
    input: z.strictObject({ includeInactive: z.boolean().default(false) }),
    output: z.object({ crews: z.array(CrewView) }),
    permission: 'workOrders.read',
  }),
  'workOrders.saveCrew': method({
    description: 'Add a crew, or rename, move or retire one (admin); audited.',
    input: z.strictObject({ id: id.optional(), name: text(60).pipe(z.string().min(1)), division: z.enum(DIVISIONS), active: z.boolean().default(true), reason }),
    output: CrewView,
    permission: 'settings.write',
    mutates: true,
  }),
  'workOrders.create': method({
    description: 'Create a work order for an account or a bare address. A second open order of the same type for the same meter is refused with the first one named.',
    input: CreateWorkOrderInput,
    output: WorkOrderDetail,
    permission: 'workOrders.create',
    mutates: true,
  }),
  'workOrders.get': method({
    description: 'One work order with its history, the meter’s last reading and the 12-month average.',
    input: byIdOrNumber,
    output: WorkOrderDetail,
    permission: 'workOrders.read',
  }),
  'workOrders.forAccount': method({
    description: "An account's work orders, newest first.",
    input: z.strictObject({ accountId: id, limit: z.int().min(1).max(200).default(50) }),
    output: z.object({ orders: z.array(WorkOrderView) }),
    permission: 'workOrders.read',
  }),
  'workOrders.board': method({
    description: 'The dispatch board: new, dispatched and completed (awaiting verification) orders with counts, filtered by division, crew and age; oldest first.',
    input: BoardFilter,
    output: Board,
    permission: 'workOrders.read',
  }),
  'workOrders.dispatch': method({
    description: 'Send a new order to a crew (or move a dispatched one to another crew).',
    input: z.strictObject({ id, crewId: id, routeSeq: z.int().min(1).max(100_000).optional() }),
    output: WorkOrderDetail,
    permission: 'workOrders.dispatch',
    mutates: true,
  }),
  'workOrders.checkReading': method({
    description: 'Check a field reading the way billing checks readings, before completing.',
    input: z.strictObject({ id, reading: z.int().min(0).max(999_999_999), readCode: z.enum(READ_CODES).default('ok') }),
    output: ReadingCheck,
    permission: 'workOrders.read',
  }),
  'workOrders.complete': method({
    description: 'Record a dispatched order as done: time, reading (for types that read a meter), findings, materials. An implausible reading needs confirmAnyway and is flagged.',
    input: z.strictObject({
      id,
      completedAt: z.iso.datetime({ offset: true }).optional(),
      reading: z.int().min(0).max(999_999_999).optional(),
      readCode: z.enum(READ_CODES).default('ok'),
      findings: text(2000).pipe(z.string().min(1, 'say what was found or done')),
      materials: text(1000).optional(),
      confirmAnyway: z.boolean().default(false),
    }),
    output: z.object({ order: WorkOrderDetail, readingCheck: ReadingCheck.nullable() }),
    permission: 'workOrders.dispatch',
    mutates: true,
  }),
  'workOrders.verify': method({
    description: "A supervisor's review of a completed order.",
    input: z.strictObject({ id, note: text(500).optional() }),
    output: WorkOrderDetail,
    permission: 'workOrders.verify',
    mutates: true,
  }),
  'workOrders.cancel': method({
    description: 'Cancel a new or dispatched order, with a reason.',
    input: z.strictObject({ id, reason }),
    output: WorkOrderDetail,
    permission: 'workOrders.dispatch',
    mutates: true,
  }),
  'workOrders.turnaround': method({
    description: 'Turnaround per type and division for orders created in a date range (town time): count, median and 90th percentile hours against the target, share within target.',
    input: z.strictObject({ from: isoDate, to: isoDate, division: z.enum(DIVISIONS).optional() }).refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] }),
    output: TurnaroundReport,
    permission: 'workOrders.read',
  }),
  'workOrders.pdf': method({
    description: 'A crew ticket, a crew route sheet for a day, or the turnaround report, as PDF.',
    input: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('ticket'), id }),
      z.strictObject({ kind: z.literal('routeSheet'), crewId: id, date: isoDate }),
      z.strictObject({ kind: z.literal('turnaround'), from: isoDate, to: isoDate, division: z.enum(DIVISIONS).optional() }),
    ]),
    output: PdfDocument,
    permission: 'workOrders.read',
  }),
  'workOrders.printTicket': method({
    description: "Print an open order's short crew ticket on this station's receipt printer (queued; never opens the drawer); audited. Asking again prints it again.",
    input: byIdOrNumber,
    output: z.object({ job: PrintJobView, number: z.string() }),
    permission: 'workOrders.dispatch',
    mutates: true,
  }),
};

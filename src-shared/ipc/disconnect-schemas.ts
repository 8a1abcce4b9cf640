// Schemas and contract entries for cut-off day (issue 15, part C items 2–3): disconnect orders
// for the accounts still on a ready cut-off list, and the accounts disconnected now with what
// reconnects them.
import { z } from 'zod';
import type { Permission } from '../domain';
import { calendarDate } from './calendar';
import { id, idempotencyKey } from './common-schemas';

const cents = z.int();

export const DisconnectRunResult = z.object({
  listId: id,
  cutoffDate: calendarDate,
  created: z.array(z.object({ accountId: id, workOrderNumber: z.string() })),
  leftOff: z.array(z.object({ accountId: id, reason: z.string() })),
});
export type DisconnectRunResult = z.infer<typeof DisconnectRunResult>;

export const DisconnectedAccount = z.object({
  accountId: id,
  accountNumber: z.string(),
  name: z.string(),
  disconnectedOn: calendarDate,
  balanceCents: cents,
  /** What reconnects the service (balance + reconnect fee); null once a reconnect is ordered. */
  reconnectCents: cents.nullable(),
  reconnectOrder: z.string().nullable(),
});
export type DisconnectedAccount = z.infer<typeof DisconnectedAccount>;

function method<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; permission: Permission; mutates?: boolean; passive?: boolean; description: string }) {
  return { mutates: false, passive: false, ...def };
}

export const disconnectContract = {
  'collections.disconnects.create': method({
    description:
      'Cut-off day: for a ready cut-off list whose cut-off date has come, judges each account on it again and creates one disconnect (non-payment) work order per account still on it; accounts paid, arranged, promised or disputed since are left off with the reason. Running it again creates nothing twice.',
    input: z.strictObject({ idempotencyKey: idempotencyKey.optional(), listId: id }),
    output: DisconnectRunResult,
    permission: 'collections.run',
    mutates: true,
  }),
  'collections.disconnects.list': method({
    description: 'The accounts disconnected for non-payment now, newest first, with what reconnects each (balance + reconnect fee) or its reconnect order.',
    input: z.strictObject({ limit: z.int().min(1).max(1_000).default(200) }),
    output: z.object({ accounts: z.array(DisconnectedAccount), reconnectFeeCents: cents }),
    permission: 'collections.read',
  }),
};

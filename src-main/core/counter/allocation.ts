// Payment allocation (DOMAIN.md): oldest due date first; within the same due date, penalties
// and fees first, then balance forward, then services in the configured order. A partial
// payment follows the same order; what is left over is a credit on the account.
import type { Service } from '../../../src-shared/domain';

export interface AllocatableCharge {
  id: number;
  kind: string;
  service: Service | null;
  description: string;
  due_date: string;
  open_cents: number;
}

export interface Allocation {
  chargeId: number;
  description: string;
  dueDate: string;
  amountCents: number;
}

const KIND_RANK: Record<string, number> = { penalty: 0, fee: 1, balance_forward: 2, service: 3 };

export function allocationOrder<T extends AllocatableCharge>(charges: readonly T[], serviceOrder: readonly Service[]): T[] {
  const svcRank = (s: Service | null) => (s === null ? -1 : serviceOrder.indexOf(s));
  return [...charges].sort(
    (a, b) =>
      a.due_date.localeCompare(b.due_date) ||
      (KIND_RANK[a.kind] ?? 9) - (KIND_RANK[b.kind] ?? 9) ||
      svcRank(a.service) - svcRank(b.service) ||
      a.id - b.id,
  );
}

export function allocate(charges: readonly AllocatableCharge[], amountCents: number, serviceOrder: readonly Service[]): { allocations: Allocation[]; creditCents: number } {
  let left = amountCents;
  const allocations: Allocation[] = [];
  for (const c of allocationOrder(charges, serviceOrder)) {
    if (left <= 0) break;
    if (c.open_cents <= 0) continue;
    const take = Math.min(left, c.open_cents);
    allocations.push({ chargeId: c.id, description: c.description, dueDate: c.due_date, amountCents: take });
    left -= take;
  }
  return { allocations, creditCents: left };
}

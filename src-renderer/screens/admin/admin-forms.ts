// What the administrator's forms share: a refusal's field problems (BAD_INPUT issues, or a
// core refusal naming its field) keyed by field, times in the town's time zone, role labels.
import type { Role } from '../../../src-shared/domain';
import { ROLES } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { ROLE_LABELS } from '../../ui/format';

export type FieldProblems = Partial<Record<string, string>>;

/**
 * The problems a refusal names per field. `under` drops a leading path segment (settings.update
 * puts its fields under `values`). Understands zod-style `details.issues[{path, message}]` and a
 * core refusal's `details.field` (or `key`) with the message, or `details.fields` as a map.
 */
export function fieldProblems(error: AppError | null, under?: string): FieldProblems {
  const out: FieldProblems = {};
  if (!error || typeof error.details !== 'object' || error.details === null) return out;
  const d = error.details as { issues?: unknown; field?: unknown; key?: unknown; fields?: unknown };
  if (Array.isArray(d.issues)) {
    for (const i of d.issues as Array<{ path?: unknown; message?: unknown }>) {
      if (!Array.isArray(i.path) || typeof i.message !== 'string') continue;
      const path = i.path.map(String);
      if (under !== undefined && path[0] === under) path.shift();
      const key = path[0];
      if (key !== undefined && out[key] === undefined) out[key] = i.message;
    }
  }
  const single = typeof d.field === 'string' ? d.field : typeof d.key === 'string' ? d.key : null;
  if (single !== null && out[single] === undefined) out[single] = error.message;
  if (typeof d.fields === 'object' && d.fields !== null) {
    for (const [k, v] of Object.entries(d.fields as Record<string, unknown>)) if (typeof v === 'string' && out[k] === undefined) out[k] = v;
  }
  return out;
}

/** An instant as the town's clock reads it ("03/16/2026, 11:05 AM"). */
export function formatTownTime(iso: string, timeZone: string | null): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timeZone ?? undefined, year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit' }).format(new Date(t));
  } catch {
    return iso;
  }
}

export function rolesText(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_LABELS[r]).join(' + ');
}

export const ROLE_HINTS: Record<Role, string> = {
  cashier: 'drawer, counter, mail batches',
  clerk: 'accounts, notes, bank drafts, returned payments',
  supervisor: 'approvals, voids, reports, closing the day',
  admin: 'settings, printer, users',
};

/** Ticked roles in ROLES order. */
export function orderedRoles(ticked: ReadonlySet<Role>): Role[] {
  return ROLES.filter((r) => ticked.has(r));
}

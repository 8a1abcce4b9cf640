// Turnaround: for orders created in a date range of the town's calendar, how long each type
// took from creation to completion against its target. Median of an even count is the mean of
// the two middle values; the 90th percentile is the nearest rank (the smallest value with at
// least 90 % of the values at or below it).
import type { Division, TurnaroundReport, WorkOrderType } from '../../../src-shared/ipc/work-order-schemas';
import type { Db } from '../../db/open-ledger';
import { addDays } from '../deps';
import { zonedInstant } from '../export/local-time';

export function median(sorted: number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

export function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

interface Row {
  type: WorkOrderType;
  label: string;
  division: Division;
  target_hours: number;
  created_at: string;
  completed_at: string | null;
  due_at: string;
  status: string;
}

interface Acc {
  created: number;
  hours: number[];
  withinTarget: number;
}

function summarize(a: Acc) {
  const sorted = [...a.hours].sort((x, y) => x - y);
  return {
    created: a.created,
    completed: sorted.length,
    medianHours: round1(median(sorted)),
    p90Hours: round1(nearestRank(sorted, 0.9)),
    withinTarget: a.withinTarget,
    withinTargetShare: sorted.length ? Math.round((a.withinTarget / sorted.length) * 1000) / 1000 : null,
  };
}

export function turnaroundReport(db: Db, q: { from: string; to: string; division?: Division }, timeZone: string): TurnaroundReport {
  const start = zonedInstant(q.from, 0, 0, timeZone).toISOString();
  const end = zonedInstant(addDays(q.to, 1), 0, 0, timeZone).toISOString();
  const rows = db
    .prepare(
      `SELECT w.type, t.label, w.division, t.target_hours, w.created_at, w.completed_at, w.due_at, w.status
         FROM work_orders w JOIN work_order_types t ON t.code = w.type
        WHERE w.created_at >= ? AND w.created_at < ? AND w.status <> 'cancelled' AND (? IS NULL OR w.division = ?)`,
    )
    .all(start, end, q.division ?? null, q.division ?? null) as Row[];
  const types = db.prepare('SELECT code, label, division, target_hours FROM work_order_types ORDER BY sort_order').all() as Array<{ code: WorkOrderType; label: string; division: Division; target_hours: number }>;
  const byType = new Map<string, Acc & { division: Division }>();
  const byDivision = new Map<Division, Acc>();
  for (const r of rows) {
    const key = `${r.type}|${r.division}`;
    const t = byType.get(key) ?? { created: 0, hours: [], withinTarget: 0, division: r.division };
    const d = byDivision.get(r.division) ?? { created: 0, hours: [], withinTarget: 0 };
    t.created++;
    d.created++;
    if (r.completed_at) {
      const h = (Date.parse(r.completed_at) - Date.parse(r.created_at)) / 3_600_000;
      const within = r.completed_at <= r.due_at ? 1 : 0;
      t.hours.push(h);
      d.hours.push(h);
      t.withinTarget += within;
      d.withinTarget += within;
    }
    byType.set(key, t);
    byDivision.set(r.division, d);
  }
  const out: TurnaroundReport['rows'] = [];
  for (const t of types) {
    for (const [key, acc] of byType) {
      if (!key.startsWith(`${t.code}|`)) continue;
      out.push({ type: t.code, typeLabel: t.label, division: acc.division, targetHours: t.target_hours, ...summarize(acc) });
    }
  }
  const divisions = [...byDivision.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([division, acc]) => ({ division, ...summarize(acc) }));
  return { from: q.from, to: q.to, timeZone, rows: out, divisions };
}

// This run beside the same cycle last month, per service and in all, as a small SVG bar chart
// (the same numbers are in the preview's table, which is what a screen reader reads).
import { SERVICE_LABELS } from '../../../src-shared/domain';
import type { BillingPreview } from '../../../src-shared/ipc/billing-schemas';
import { money } from '../../ui/format';

const BAR = 14;
const GAP = 10;
const LABEL = 110;
const WIDTH = 520;

export function ComparisonChart({ preview: p }: { preview: BillingPreview }) {
  const rows = [
    ...p.byService.map((s) => ({ label: SERVICE_LABELS[s.service], now: s.cents, last: p.lastMonth.byService.find((x) => x.service === s.service)?.cents ?? 0 })),
    { label: 'All services', now: p.totalCents, last: p.lastMonth.totalCents },
  ];
  const max = Math.max(1, ...rows.flatMap((r) => [r.now, r.last]));
  const scale = (c: number) => Math.round(((WIDTH - LABEL - 90) * c) / max);
  const height = rows.length * (2 * BAR + GAP) + 24;
  return (
    <figure className="billing-chart">
      <svg role="img" aria-label={`This run ${money(p.totalCents)} beside last month ${money(p.lastMonth.totalCents)}, by service`} width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`}>
        {rows.map((r, i) => {
          const y = i * (2 * BAR + GAP);
          return (
            <g key={r.label}>
              <text x={0} y={y + BAR + 4} fontSize={12}>
                {r.label}
              </text>
              <rect x={LABEL} y={y} width={scale(r.now)} height={BAR - 2} fill="#1f4e79" />
              <text x={LABEL + scale(r.now) + 4} y={y + BAR - 3} fontSize={11}>
                {money(r.now)}
              </text>
              <rect x={LABEL} y={y + BAR} width={scale(r.last)} height={BAR - 2} fill="#9bb3cc" />
              <text x={LABEL + scale(r.last) + 4} y={y + 2 * BAR - 3} fontSize={11}>
                {money(r.last)}
              </text>
            </g>
          );
        })}
        <rect x={LABEL} y={height - 14} width={10} height={10} fill="#1f4e79" />
        <text x={LABEL + 14} y={height - 5} fontSize={11}>
          This run ({p.period})
        </text>
        <rect x={LABEL + 150} y={height - 14} width={10} height={10} fill="#9bb3cc" />
        <text x={LABEL + 164} y={height - 5} fontSize={11}>
          Last month ({p.lastMonth.period})
        </text>
      </svg>
      <figcaption>This run beside the same cycle last month</figcaption>
    </figure>
  );
}

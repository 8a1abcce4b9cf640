// The cut-off list's accounts by reason, on the list and left off, as a small SVG bar chart (the
// same numbers are in the table beside it, which is what a screen reader reads).
import { CUTOFF_REASON_LABELS, type CutoffReasonTotal } from '../../../src-shared/ipc/cutoff-schemas';
import { formatCount } from '../../ui/format';

const BAR = 16;
const GAP = 6;
const LABEL = 210;
const WIDTH = 560;

export function CutoffChart({ byReason }: { byReason: readonly CutoffReasonTotal[] }) {
  if (byReason.length === 0) return null;
  const max = Math.max(1, ...byReason.map((r) => r.count));
  const scale = (n: number) => Math.max(1, Math.round(((WIDTH - LABEL - 70) * n) / max));
  const height = byReason.length * (BAR + GAP) + 4;
  const on = byReason.filter((r) => r.onList).reduce((a, r) => a + r.count, 0);
  const off = byReason.filter((r) => !r.onList).reduce((a, r) => a + r.count, 0);
  return (
    <figure className="cutoff-chart">
      <svg role="img" aria-label={`${formatCount(on)} accounts on the list, ${formatCount(off)} left off, by reason`} width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`}>
        {byReason.map((r, i) => {
          const y = i * (BAR + GAP);
          return (
            <g key={`${r.onList ? 'on' : 'off'}-${r.reasonCode}`}>
              <text x={0} y={y + BAR - 4} fontSize={12}>
                {CUTOFF_REASON_LABELS[r.reasonCode]}
              </text>
              <rect x={LABEL} y={y} width={scale(r.count)} height={BAR} fill={r.onList ? '#a4262c' : '#9bb3cc'} />
              <text x={LABEL + scale(r.count) + 4} y={y + BAR - 4} fontSize={11}>
                {formatCount(r.count)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>On the list (red) and left off (blue), by reason</figcaption>
    </figure>
  );
}

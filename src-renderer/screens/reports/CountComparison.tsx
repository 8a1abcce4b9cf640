// Counted against expected for cash, checks (with money orders and remittances) and the card
// batch, with each variance in words: shown after a blind count and on the drawer report.
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import { AmountCell, DataTable, TotalRow } from '../../ui/DataTable';
import { useTownTime } from '../../ui/format';
import { varianceClass, varianceText } from './report-format';

export interface Comparison {
  counted: { cash: number; checks: number; card: number };
  expected: { cash: number; checks: number; card: number };
  variances: { cash: number; checks: number; card: number };
}

const ROWS = [
  { key: 'cash', label: 'Cash' },
  { key: 'checks', label: 'Checks and money orders' },
  { key: 'card', label: 'Card batch' },
] as const;

export function CountComparison({ c, caption = 'Counted and expected' }: { c: Comparison; caption?: string }) {
  const total = {
    counted: c.counted.cash + c.counted.checks + c.counted.card,
    expected: c.expected.cash + c.expected.checks + c.expected.card,
    variance: c.variances.cash + c.variances.checks + c.variances.card,
  };
  return (
    <DataTable
      caption={caption}
      className="data counts count-comparison"
      columns={[{ label: 'Tender' }, { label: 'Counted', num: true }, { label: 'Expected', num: true }, { label: 'Over/short', num: true }]}
      rows={ROWS}
      row={(r) => (
        <tr key={r.key}>
          <th scope="row">{r.label}</th>
          <AmountCell cents={c.counted[r.key]} />
          <AmountCell cents={c.expected[r.key]} />
          <td className={`num ${varianceClass(c.variances[r.key])}`}>{varianceText(c.variances[r.key])}</td>
        </tr>
      )}
      foot={
        <TotalRow label="Total">
          <AmountCell cents={total.counted} />
          <AmountCell cents={total.expected} />
          <td className={`num ${varianceClass(total.variance)}`}>{varianceText(total.variance)}</td>
        </TotalRow>
      }
    />
  );
}

type CountSummary = MethodOutput<'drawer.count'>['counts'][number];

/** Every count of the drawer: the cashier's count of record first, then each recount (who, when). */
export function CountsTable({ counts }: { counts: readonly CountSummary[] }) {
  const { stamp } = useTownTime();
  return (
    <DataTable
      caption="Counts of this drawer (the first is the count of record)"
      className="data counts"
      columns={[{ label: 'Count' }, { label: 'Counted by' }, { label: 'When' }, { label: 'Cash', num: true }, { label: 'Checks', num: true }, { label: 'Card', num: true }, { label: 'Over/short', num: true }]}
      rows={counts}
      row={(c, i) => (
        <tr key={c.countId}>
          <th scope="row">{i === 0 ? 'Count of record' : `Recount ${i}`}</th>
          <td>{c.countedBy}</td>
          <td>{stamp(c.at)}</td>
          <AmountCell cents={c.countedCashCents} />
          <AmountCell cents={c.countedChecksCents} />
          <AmountCell cents={c.cardBatchCents} />
          <td className="num">{varianceText(c.variances.cash + c.variances.checks + c.variances.card)}</td>
        </tr>
      )}
    />
  );
}

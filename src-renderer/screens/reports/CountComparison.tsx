// Counted against expected for cash, checks (with money orders and remittances) and the card
// batch, with each variance in words: shown after a blind count and on the drawer report.
import { money } from '../../ui/format';
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
    <table className="data counts count-comparison">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Tender</th>
          <th scope="col" className="num">
            Counted
          </th>
          <th scope="col" className="num">
            Expected
          </th>
          <th scope="col" className="num">
            Over/short
          </th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td className="num">{money(c.counted[r.key])}</td>
            <td className="num">{money(c.expected[r.key])}</td>
            <td className={`num ${varianceClass(c.variances[r.key])}`}>{varianceText(c.variances[r.key])}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num">{money(total.counted)}</td>
          <td className="num">{money(total.expected)}</td>
          <td className={`num ${varianceClass(total.variance)}`}>{varianceText(total.variance)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

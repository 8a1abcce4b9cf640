// The captioned data table the reports and screens share: a caption, one header row of column
// headings (th scope="col", "num" for right-aligned amounts), a body row for each item (or one
// "None" row when there are none) and an optional footer of total rows.
import type { ReactNode } from 'react';
import { money } from './format';

export interface Column {
  label: ReactNode;
  /** A right-aligned figure column (class "num"). */
  num?: boolean;
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  row,
  className = 'data',
  empty,
  after,
  foot,
}: {
  caption: ReactNode;
  /** Column headings; none means the table has no header row. */
  columns?: readonly Column[];
  rows: readonly T[];
  /** One body row (a <tr> with its key) for an item. */
  row: (item: T, index: number) => ReactNode;
  className?: string;
  /** The text of the one row shown when there are no items; without it the body is left empty. */
  empty?: string;
  /** Body rows after the items (say "Change given"). */
  after?: ReactNode;
  /** The footer rows (see TotalRow). */
  foot?: ReactNode;
}) {
  return (
    <table className={className}>
      <caption>{caption}</caption>
      {columns && (
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>
        {rows.length === 0 && empty !== undefined ? (
          <tr>
            <td colSpan={columns?.length}>{empty}</td>
          </tr>
        ) : (
          rows.map(row)
        )}
        {after}
      </tbody>
      {foot !== undefined && <tfoot>{foot}</tfoot>}
    </table>
  );
}

/** A row headed by its label (th scope="row", spanning `span` columns) followed by its cells. */
export function TotalRow({ label, span, children }: { label: ReactNode; span?: number; children?: ReactNode }) {
  return (
    <tr>
      <th scope="row" colSpan={span}>
        {label}
      </th>
      {children}
    </tr>
  );
}

/** A right-aligned amount cell. */
export function AmountCell({ cents, className }: { cents: number; className?: string }) {
  return <td className={className ? `num ${className}` : 'num'}>{money(cents)}</td>;
}

/** A label and amount row: <th scope="row">label</th><td class="num">$…</td>. */
export function AmountRow({ label, cents }: { label: ReactNode; cents: number }) {
  return (
    <TotalRow label={label}>
      <AmountCell cents={cents} />
    </TotalRow>
  );
}

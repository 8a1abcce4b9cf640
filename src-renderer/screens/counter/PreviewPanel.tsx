// What posting would do, as the core previews it: for each account line, which charges each
// dollar pays (oldest first, penalties and fees first), the credit created and the balance
// after; the revenue lines; the problems that stop posting; and the totals with the change.
import type { PaymentPreview } from '../../../src-shared/ipc/counter-schemas';
import { AmountCell, DataTable } from '../../ui/DataTable';
import { formatDate, money } from '../../ui/format';
import { balanceText } from '../receipts/ReceiptDocument';

export function AllocationPreview({ preview, updating, waitingFor }: { preview: PaymentPreview | null; updating: boolean; waitingFor: string | null }) {
  return (
    <section className="preview card" aria-labelledby="preview-heading" aria-busy={updating}>
      <h2 id="preview-heading">Allocation preview</h2>
      <p role="status" className="search-status">
        {updating ? 'Updating the preview…' : waitingFor ?? ''}
      </p>
      {preview && (
        <div className={updating ? 'stale' : undefined}>
          {preview.lines.map((l) =>
            l.type === 'account' ? (
              <div key={l.index} className="preview-line">
                <h3>
                  Line {l.index + 1}: <span className="acct-number">{l.accountNumber}</span> {l.description} <span className="num">{money(l.amountCents)}</span>
                </h3>
                {l.allocations.length > 0 ? (
                  <DataTable
                    caption={`Charges paid by line ${l.index + 1}`}
                    className="data compact"
                    columns={[{ label: 'Charge' }, { label: 'Due' }, { label: 'Paid', num: true }]}
                    rows={l.allocations}
                    row={(a) => (
                      <tr key={a.chargeId}>
                        <td>{a.description}</td>
                        <td>{formatDate(a.dueDate)}</td>
                        <AmountCell cents={a.amountCents} />
                      </tr>
                    )}
                  />
                ) : (
                  <p className="muted">No open charges to pay.</p>
                )}
                <dl className="preview-figures">
                  {l.creditCents > 0 && (
                    <div className="credit">
                      <dt>Credit created</dt>
                      <dd>{money(l.creditCents)}</dd>
                    </div>
                  )}
                  {l.balanceAfterCents !== null && (
                    <div>
                      <dt>Balance after</dt>
                      <dd>{balanceText(l.balanceAfterCents)}</dd>
                    </div>
                  )}
                </dl>
                {l.notes.length > 0 && (
                  <ul className="preview-notes">
                    {l.notes.map((n, i) => (
                      <li key={i}>{n}</li>
                    ))}
                  </ul>
                )}
              </div>
            ) : (
              <div key={l.index} className="preview-line">
                <h3>
                  Line {l.index + 1}: <span className="acct-number">{l.revenueCode}</span> {l.description} <span className="num">{money(l.amountCents)}</span>
                </h3>
              </div>
            ),
          )}
          {preview.problems.length > 0 && (
            <div className="problems">
              <h3 id="preview-problems">Not ready to post</h3>
              <ul aria-labelledby="preview-problems">
                {preview.problems.map((p, i) => (
                  <li key={i} data-code={p.code}>
                    {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

export function Totals({ preview, updating }: { preview: PaymentPreview | null; updating: boolean }) {
  const show = (v: number | undefined) => (v === undefined ? '—' : money(v));
  return (
    <section className={`totals card${updating ? ' stale' : ''}`} aria-labelledby="totals-heading">
      <h2 id="totals-heading">Totals</h2>
      <dl className="totals-list">
        <div className="total">
          <dt>Due</dt>
          <dd>{show(preview?.totalCents)}</dd>
        </div>
        <div className="total">
          <dt>Tendered</dt>
          <dd>{show(preview?.tenderedCents)}</dd>
        </div>
        <div className={`total total-change${preview && preview.changeCents > 0 ? ' has-change' : ''}`}>
          <dt>Change</dt>
          <dd aria-live="polite">{show(preview?.changeCents)}</dd>
        </div>
        <div className={`total total-short${preview && preview.shortCents > 0 ? ' is-short' : ''}`}>
          <dt>Short</dt>
          <dd>{show(preview?.shortCents)}</dd>
        </div>
      </dl>
      {preview && preview.checkOverageCreditCents > 0 && <p className="credit-note">Check over the amount due: {money(preview.checkOverageCreditCents)} goes to the account as credit (no cash back).</p>}
    </section>
  );
}

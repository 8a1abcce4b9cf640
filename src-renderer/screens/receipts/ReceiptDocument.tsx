// The receipt as a document on screen (DOMAIN.md "Tenders and receipts"): town, station,
// cashier, date/time and business date, receipt number, each line with the account's
// remaining balance, tenders, change; stamped VOID when voided and DUPLICATE when shown again.
import { useId } from 'react';
import type { Receipt } from '../../../src-shared/ipc/counter-schemas';
import { AmountCell, DataTable } from '../../ui/DataTable';
import { Fact } from '../../ui/Fact';
import { formatDate, useTownTime, money } from '../../ui/format';
import '../counter/counter.css';

type ReceiptTender = Receipt['tenders'][number];

export const TENDER_LABELS: Record<ReceiptTender['kind'], string> = {
  cash: 'Cash',
  check: 'Check',
  card: 'Card',
  money_order: 'Money order',
  remittance: 'Remittance',
};

/** "Check 1042 — Andy Taylor", "VISA ending 4242, auth A1B2C3", "Money order MO-1". */
export function describeTender(t: ReceiptTender): string {
  switch (t.kind) {
    case 'check':
      return [`Check ${t.checkNumber ?? ''}`.trim(), t.payer].filter(Boolean).join(' — ');
    case 'card':
      return `${t.cardBrand ?? 'Card'} ending ${t.cardLast4 ?? '????'}, auth ${t.authCode ?? ''}`.trim();
    case 'money_order':
      return t.reference ? `Money order ${t.reference}` : 'Money order';
    case 'remittance':
      return [`Remittance ${t.reference ?? ''}`.trim(), t.payer].filter(Boolean).join(' — ');
    default:
      return 'Cash';
  }
}

/** A balance as the customer reads it: what is still owed, or the credit left. */
export function balanceText(cents: number): string {
  return cents < 0 ? `${money(-cents)} credit` : money(cents);
}

export function ReceiptDocument({ receipt: r, duplicate = false }: { receipt: Receipt; duplicate?: boolean }) {
  const { stamp } = useTownTime();
  const headingId = useId();
  const isVoid = r.status === 'void';
  return (
    <article className={`receipt${isVoid ? ' receipt-void' : ''}`} aria-labelledby={headingId}>
      <header className="receipt-head">
        <p className="receipt-town">{r.townName}</p>
        {r.townAddress && <p>{r.townAddress}</p>}
        {r.townPhone && <p>{r.townPhone}</p>}
      </header>
      <h2 id={headingId} className="receipt-number">
        Receipt {r.number}
      </h2>
      {(isVoid || duplicate) && (
        <p className="receipt-stamps">
          {isVoid && <span className="receipt-stamp stamp-void">VOID</span>}
          {duplicate && <span className="receipt-stamp stamp-dup">DUPLICATE</span>}
        </p>
      )}
      <dl className="receipt-meta">
        <Fact label="Station">{r.station}</Fact>
        <Fact label="Cashier">{r.cashier}</Fact>
        <Fact label="Date and time">{stamp(r.postedAt)}</Fact>
        <Fact label="Business date">{formatDate(r.businessDate)}</Fact>
        {r.source === 'mail' && (
          <Fact label="Received">By mail</Fact>
        )}
        {r.payer && (
          <Fact label="Paid by">{r.payer}</Fact>
        )}
      </dl>
      <DataTable
        caption="Paid"
        className="receipt-table"
        columns={[{ label: 'Account or code' }, { label: 'Name and description' }, { label: 'Amount', num: true }]}
        rows={r.lines}
        row={(l) => (
          <tr key={l.lineNo}>
            <td className="acct-number">{l.accountNumber ?? l.revenueCode}</td>
            <td>
              {l.type === 'account' ? l.name : l.description}
              {l.remainingBalanceCents !== null && <span className="receipt-balance">Remaining balance {balanceText(l.remainingBalanceCents)}</span>}
            </td>
            <AmountCell cents={l.amountCents} />
          </tr>
        )}
      />
      <table className="receipt-table">
        <caption>Tenders</caption>
        <tbody>
          {r.tenders.map((t) => {
            const returned = r.returned.find((x) => x.tenderLineNo === t.lineNo);
            return (
              <tr key={t.lineNo}>
                <td>
                  {describeTender(t)}
                  {returned && (
                    <span className="receipt-returned">
                      RETURNED {formatDate(returned.returnedOn)}: {returned.reason}
                    </span>
                  )}
                </td>
                <td className="num">{money(t.amountCents)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <dl className="receipt-totals">
        <Fact label="Total">{money(r.totalCents)}</Fact>
        <Fact label="Tendered">{money(r.tenderedCents)}</Fact>
        <div className="receipt-change">
          <dt>Change</dt>
          <dd>{money(r.changeCents)}</dd>
        </div>
      </dl>
      {isVoid && (
        <p className="receipt-void-note">
          Voided{r.voidedAt ? ` ${stamp(r.voidedAt)}` : ''}
          {r.voidedBy ? `, approved by ${r.voidedBy}` : ''}
          {r.voidReason ? `: ${r.voidReason}` : ''}
        </p>
      )}
    </article>
  );
}

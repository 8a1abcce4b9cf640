// One tender of the transaction: its amount and the details its kind needs (check number and
// payer; card brand, last four digits and authorization code; a reference). The card field
// refuses anything but digits, and never more than four of them.
import { CARD_BRANDS } from '../../../src-shared/ipc/counter-schemas';
import { SelectField, TextField } from '../../ui/fields';
import { useFieldErrors } from './field-errors';
import { fieldId, tenderLabel, useTransactionStore, type Tender } from './transaction';

const BRAND_LABELS: Record<(typeof CARD_BRANDS)[number], string> = {
  VISA: 'Visa',
  MASTERCARD: 'Mastercard',
  AMEX: 'American Express',
  DISCOVER: 'Discover',
  OTHER: 'Other',
};

export const LAST4_REFUSED = 'Only the last four digits of the card, nothing else: never key the full card number.';

export function TenderCard({ tender: t, index, onRemove }: { tender: Tender; index: number; onRemove: () => void }) {
  const tx = useTransactionStore();
  const fe = useFieldErrors();
  const label = tenderLabel(t.kind);
  const f = (name: string) => fieldId(t.key, name);
  const update = (patch: Partial<Omit<Tender, 'key' | 'kind'>>) => tx.getState().updateTender(t.key, patch);
  const bind = (name: 'amount' | 'checkNumber' | 'payer' | 'authCode' | 'reference') => ({
    id: f(name),
    value: t[name],
    onChange: (v: string) => update({ [name]: v }),
    onBlur: () => fe.visit(f(name)),
    error: fe.errorFor(f(name)),
  });

  function onLast4(v: string) {
    if (/^\d{0,4}$/.test(v)) {
      fe.refuse(f('last4'), null);
      update({ last4: v });
    } else fe.refuse(f('last4'), LAST4_REFUSED);
  }

  return (
    <fieldset className={`tender-card tender-${t.kind}`}>
      <legend>
        Tender {index + 1}: {label}
      </legend>
      <div className="field-row">
        <TextField label={`${label} amount`} inputMode="decimal" maxLength={16} className="amount-field" {...bind('amount')} />
        {t.kind === 'check' && (
          <>
            <TextField label="Check number" inputMode="numeric" maxLength={10} {...bind('checkNumber')} />
            <TextField label="Payer" maxLength={80} {...bind('payer')} />
          </>
        )}
        {t.kind === 'card' && (
          <>
            <SelectField
              id={f('brand')}
              label="Card brand"
              value={t.brand}
              placeholder="Choose"
              options={CARD_BRANDS.map((b) => ({ value: b, label: BRAND_LABELS[b] }))}
              onChange={(brand) => update({ brand })}
              onBlur={() => fe.visit(f('brand'))}
              error={fe.errorFor(f('brand'))}
            />
            <TextField
              id={f('last4')}
              label="Last four digits"
              value={t.last4}
              inputMode="numeric"
              maxLength={4}
              pattern="[0-9]{4}"
              onChange={onLast4}
              onBlur={() => fe.visit(f('last4'))}
              error={fe.errorFor(f('last4'))}
            />
            <TextField label="Authorization code" maxLength={8} autoCapitalize="characters" {...bind('authCode')} />
          </>
        )}
        {t.kind === 'money_order' && <TextField label="Reference" maxLength={30} hint="Optional" {...bind('reference')} />}
        {t.kind === 'remittance' && (
          <>
            <TextField label="Reference" maxLength={40} {...bind('reference')} />
            <TextField label="Payer" maxLength={80} hint="Optional" {...bind('payer')} />
          </>
        )}
      </div>
      <button type="button" className="remove" onClick={onRemove} aria-label={`Remove tender ${index + 1}: ${label.toLowerCase()}`}>
        Remove
      </button>
    </fieldset>
  );
}

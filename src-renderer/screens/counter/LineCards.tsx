// The transaction's lines: an account (its balance, past due, due date and flags, and the
// amount to pay on it) or a revenue code with the details that code needs.
import type { KeyboardEvent } from 'react';
import { FlagBadges } from '../../ui/FlagBadges';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate, money, STATUS_LABELS } from '../../ui/format';
import { useFieldErrors } from './field-errors';
import { fieldId, useTransactionStore, type AccountLine, type RevenueCode, type RevenueLine } from './transaction';

export function AccountLineCard({ line, index, warning, onAmountEnter, onRemove }: { line: AccountLine; index: number; warning?: string | null; onAmountEnter: () => void; onRemove: () => void }) {
  const tx = useTransactionStore();
  const fe = useFieldErrors();
  const a = line.account;
  const headingId = fieldId(line.key, 'heading');
  const amountId = fieldId(line.key, 'amount');

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      onAmountEnter();
    }
  }

  return (
    <section className="line-card" aria-labelledby={headingId}>
      <div className="line-card-head">
        <h3 id={headingId}>
          <span className="line-no">Line {index + 1}</span> <span className="acct-name">{a.name}</span> <span className="acct-number">{a.number}</span>
        </h3>
        <button type="button" className="remove" onClick={onRemove} aria-label={`Remove account ${a.number}`}>
          Remove
        </button>
      </div>
      {a.legacyNumber && <p className="line-sub acct-old-number">Old number {a.legacyNumber}</p>}
      <p className="line-sub">
        {a.serviceAddress}
        {a.status !== 'active' && <span className="badge badge-warn cell-badge">{STATUS_LABELS[a.status]}</span>}
      </p>
      <FlagBadges flags={a.flags} label={`Flags for ${a.number}`} />
      <dl className="figures compact">
        <div className="figure">
          <dt>Balance</dt>
          <dd className={a.balanceCents > 0 ? 'owed' : undefined}>{money(a.balanceCents)}</dd>
        </div>
        <div className={`figure${line.due && line.due.pastDueCents > 0 ? ' figure-alert' : ''}`}>
          <dt>Past due</dt>
          <dd>{line.due ? money(line.due.pastDueCents) : '…'}</dd>
        </div>
        <div className="figure">
          <dt>Due date</dt>
          <dd>{line.due ? (line.due.nextDueDate ? formatDate(line.due.nextDueDate) : 'None') : '…'}</dd>
        </div>
      </dl>
      <TextField
        id={amountId}
        className="amount-field"
        label={`Amount for ${a.number}`}
        value={line.amount}
        inputMode="decimal"
        maxLength={16}
        onChange={(amount) => tx.getState().updateLine(line.key, { amount })}
        onKeyDown={onKeyDown}
        onBlur={() => fe.visit(amountId)}
        error={fe.errorFor(amountId)}
        hint={
          <>
            {warning && <span className="field-warning">{warning} </span>}
            {line.fromStub ? 'Found by the bill stub: the amount is what is owed now, not the stub’s printed amount. ' : ''}Enter takes it in cash.
          </>
        }
      />
    </section>
  );
}

export function RevenueLineCard({ line, index, codes, onRemove }: { line: RevenueLine; index: number; codes: readonly RevenueCode[]; onRemove: () => void }) {
  const tx = useTransactionStore();
  const fe = useFieldErrors();
  const code = codes.find((c) => c.code === line.code);
  const update = (patch: Partial<Omit<RevenueLine, 'key' | 'type'>>) => tx.getState().updateLine(line.key, patch);
  const f = (name: string) => fieldId(line.key, name);
  const bind = (name: 'amount' | 'billRef' | 'taxYear' | 'department' | 'description') => ({
    id: f(name),
    value: line[name],
    onChange: (v: string) => update({ [name]: v }),
    onBlur: () => fe.visit(f(name)),
    error: fe.errorFor(f(name)),
  });

  return (
    <fieldset className="line-card">
      <legend>
        <span className="line-no">Line {index + 1}</span> Revenue{code ? `: ${code.code} ${code.name}` : ''}
      </legend>
      <div className="line-card-head">
        <SelectField
          id={f('code')}
          label="Revenue code"
          value={line.code}
          placeholder="Choose a code"
          options={codes.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))}
          onChange={(v) => update({ code: v })}
          onBlur={() => fe.visit(f('code'))}
          error={fe.errorFor(f('code'))}
        />
        <button type="button" className="remove" onClick={onRemove} aria-label={`Remove revenue line ${index + 1}`}>
          Remove
        </button>
      </div>
      <div className="field-row">
        <TextField label="Revenue amount" inputMode="decimal" maxLength={16} className="amount-field" {...bind('amount')} />
        {code?.needsBillRef && (
          <>
            <TextField label="Bill number" maxLength={30} aria-required="true" {...bind('billRef')} />
            <TextField label="Tax year" inputMode="numeric" maxLength={4} aria-required="true" {...bind('taxYear')} />
          </>
        )}
        {code?.needsDepartment && <TextField label="Department" maxLength={60} aria-required="true" {...bind('department')} />}
        {code && <TextField label="Description" maxLength={120} aria-required={code.needsDescription ? 'true' : undefined} hint={code.needsDescription ? undefined : 'Optional'} {...bind('description')} />}
      </div>
    </fieldset>
  );
}

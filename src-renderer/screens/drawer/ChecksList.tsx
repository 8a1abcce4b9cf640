// The checks and money orders in the drawer, listed one row each (number, amount, payer) for the
// blind close. Keyboard: Enter on a complete row goes to the next row (adding one at the end);
// Enter on an empty last row removes it and moves on (onDone); Backspace in the number of an
// empty row removes that row.
import { useEffect, useState, type KeyboardEvent, type Ref } from 'react';
import { checkAmount } from '../../ui/amount';
import { TextField } from '../../ui/fields';
import { money } from '../../ui/format';
import './drawer.css';

export interface CheckRow {
  key: number;
  number: string;
  amount: string;
  payer: string;
}

export type CheckRowErrors = Record<number, { number?: string; amount?: string; payer?: string }>;

/** A blank row with a key no row in the list has. */
export function newCheckRow(rows: readonly CheckRow[]): CheckRow {
  return { key: rows.reduce((m, r) => Math.max(m, r.key), 0) + 1, number: '', amount: '', payer: '' };
}

export const isBlankRow = (r: CheckRow) => r.number.trim() === '' && r.amount.trim() === '' && r.payer.trim() === '';

/** Validates the listed checks; blank rows are ignored. */
export function checkRowsInput(rows: readonly CheckRow[]): { items: Array<{ checkNumber: string; amountCents: number; payer?: string }>; errors: CheckRowErrors } {
  const items: Array<{ checkNumber: string; amountCents: number; payer?: string }> = [];
  const errors: CheckRowErrors = {};
  for (const r of rows) {
    if (isBlankRow(r)) continue;
    const e: CheckRowErrors[number] = {};
    const number = r.number.trim();
    if (number === '') e.number = 'Enter the check or money order number.';
    else if (number.length > 20) e.number = 'At most 20 characters.';
    const amt = checkAmount(r.amount);
    if (!amt.ok) e.amount = amt.message;
    if (e.number || e.amount || !amt.ok) {
      errors[r.key] = e;
      continue;
    }
    const payer = r.payer.trim();
    items.push(payer ? { checkNumber: number, amountCents: amt.cents, payer } : { checkNumber: number, amountCents: amt.cents });
  }
  return { items, errors };
}

const fieldId = (prefix: string, key: number, name: 'number' | 'amount' | 'payer') => `${prefix}-check-${key}-${name}`;

export function ChecksList({ rows, onChange, errors, onDone, addRef, idPrefix = 'close' }: { rows: CheckRow[]; onChange: (rows: CheckRow[]) => void; errors: CheckRowErrors; onDone: () => void; addRef?: Ref<HTMLButtonElement>; idPrefix?: string }) {
  // Focus moves after the rows re-render (a new row's field exists only then).
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  useEffect(() => {
    if (!focusTarget) return;
    document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const update = (key: number, patch: Partial<CheckRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  function add() {
    const row = newCheckRow(rows);
    onChange([...rows, row]);
    setFocusTarget(fieldId(idPrefix, row.key, 'number'));
  }

  function remove(index: number, focusAfter: 'previous' | 'done') {
    const next = rows.filter((_, i) => i !== index);
    onChange(next);
    const prev = next[index - 1];
    if (focusAfter === 'done') onDone();
    else if (prev) setFocusTarget(fieldId(idPrefix, prev.key, 'payer'));
    else setFocusTarget(`${idPrefix}-add-check`);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>, index: number, name: 'number' | 'amount' | 'payer') {
    const row = rows[index];
    if (!row) return;
    if (e.key === 'Backspace' && name === 'number' && isBlankRow(row)) {
      e.preventDefault();
      remove(index, 'previous');
      return;
    }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const last = index === rows.length - 1;
    if (isBlankRow(row)) {
      if (last) remove(index, 'done');
      else setFocusTarget(fieldId(idPrefix, rows[index + 1]!.key, 'number'));
    } else if (row.number.trim() === '') setFocusTarget(fieldId(idPrefix, row.key, 'number'));
    else if (row.amount.trim() === '') setFocusTarget(fieldId(idPrefix, row.key, 'amount'));
    else if (last) add();
    else setFocusTarget(fieldId(idPrefix, rows[index + 1]!.key, 'number'));
  }

  const listed = checkRowsInput(rows).items;
  const total = listed.reduce((s, c) => s + c.amountCents, 0);

  return (
    <fieldset className="checks-list">
      <legend>Checks and money orders</legend>
      <p className="hint" id={`${idPrefix}-checks-hint`}>
        One row per check or money order. Enter goes to the next row (a new one at the end); Enter on an empty row finishes the list; Backspace in an empty row removes it.
      </p>
      {rows.length > 0 && (
        <ol className="check-rows">
          {rows.map((r, i) => (
            <li key={r.key}>
              <TextField id={fieldId(idPrefix, r.key, 'number')} label={`Check ${i + 1} number`} value={r.number} maxLength={20} onChange={(v) => update(r.key, { number: v })} onKeyDown={(e) => onKeyDown(e, i, 'number')} error={errors[r.key]?.number} />
              <TextField id={fieldId(idPrefix, r.key, 'amount')} label={`Check ${i + 1} amount`} value={r.amount} maxLength={16} inputMode="decimal" className="amount-field" onChange={(v) => update(r.key, { amount: v })} onKeyDown={(e) => onKeyDown(e, i, 'amount')} error={errors[r.key]?.amount} />
              <TextField id={fieldId(idPrefix, r.key, 'payer')} label={`Check ${i + 1} payer`} value={r.payer} maxLength={80} onChange={(v) => update(r.key, { payer: v })} onKeyDown={(e) => onKeyDown(e, i, 'payer')} error={errors[r.key]?.payer} />
              <button type="button" onClick={() => remove(i, 'previous')} aria-label={`Remove check ${i + 1}`}>
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="page-actions checks-summary">
        <button type="button" id={`${idPrefix}-add-check`} ref={addRef} onClick={add} aria-describedby={`${idPrefix}-checks-hint`}>
          Add check
        </button>
        <p className="hint" aria-live="polite">
          {listed.length === 0 ? 'No checks listed.' : `${listed.length} listed, ${money(total)}.`}
        </p>
      </div>
    </fieldset>
  );
}

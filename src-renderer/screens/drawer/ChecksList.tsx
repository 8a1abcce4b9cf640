// The checks and money orders in the drawer for the blind close. First the drawer's own checks
// (from its receipts) as a list to tick off — number, payer and amount per check, but no count
// or total, so the close stays blind — then any other check keyed by hand, one row each
// (number, amount, payer). Keyboard: Tab goes down the tick column; in a keyed row Enter
// follows the columns (number → amount → payer) and Enter in the payer goes to the next row
// (adding one at the end); Enter on an empty last row removes it and moves on (onDone);
// Backspace in the number of an empty row removes that row. Check numbers are digits only.
import { useEffect, useState, type KeyboardEvent, type Ref } from 'react';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
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

export type DrawerCheck = MethodOutput<'drawer.checks'>['checks'][number];
export const drawerCheckKey = (c: Pick<DrawerCheck, 'receiptNumber' | 'tenderLineNo'>) => `${c.receiptNumber}#${c.tenderLineNo}`;

const KIND_LABEL: Record<DrawerCheck['kind'], string> = { check: 'Check', money_order: 'Money order', remittance: 'Remittance' };

/** A letter (or anything but digits) in a check number, said at the field as it is typed. */
export const checkNumberProblem = (n: string) => (/^\d*$/.test(n.trim()) ? null : 'A check or money order number is digits only.');

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
    else if (checkNumberProblem(number)) e.number = checkNumberProblem(number)!;
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

export function ChecksList({
  rows,
  onChange,
  errors,
  onDone,
  addRef,
  idPrefix = 'close',
  drawerChecks = [],
  ticked = new Set<string>(),
  onTicked = () => {},
}: {
  rows: CheckRow[];
  onChange: (rows: CheckRow[]) => void;
  errors: CheckRowErrors;
  onDone: () => void;
  addRef?: Ref<HTMLButtonElement>;
  idPrefix?: string;
  /** The drawer's own checks to tick off (from its receipts). */
  drawerChecks?: readonly DrawerCheck[];
  ticked?: ReadonlySet<string>;
  onTicked?: (next: Set<string>) => void;
}) {
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
    else if (name === 'number' || row.amount.trim() === '') setFocusTarget(fieldId(idPrefix, row.key, 'amount'));
    else if (name === 'amount') setFocusTarget(fieldId(idPrefix, row.key, 'payer'));
    else if (last) add();
    else setFocusTarget(fieldId(idPrefix, rows[index + 1]!.key, 'number'));
  }

  const listed = checkRowsInput(rows).items;
  const total = listed.reduce((s, c) => s + c.amountCents, 0);

  const toggle = (c: DrawerCheck, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(drawerCheckKey(c));
    else next.delete(drawerCheckKey(c));
    onTicked(next);
  };

  /** Space ticks (the browser's own); Enter goes down the column, then to the keyed rows. */
  function tickKey(e: KeyboardEvent<HTMLInputElement>, index: number) {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const next = drawerChecks[index + 1];
    if (next) document.getElementById(`${idPrefix}-tick-${drawerCheckKey(next)}`)?.focus();
    else if (rows.length > 0) document.getElementById(fieldId(idPrefix, rows[0]!.key, 'number'))?.focus();
    else document.getElementById(`${idPrefix}-add-check`)?.focus();
  }

  return (
    <fieldset className="checks-list">
      <legend>Checks and money orders</legend>
      {drawerChecks.length > 0 && (
        <table className="data tick-checks">
          <caption>Checks this drawer took: tick each one you hold</caption>
          <thead>
            <tr>
              <th scope="col">In hand</th>
              <th scope="col">Kind</th>
              <th scope="col">Number</th>
              <th scope="col">Payer</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Receipt</th>
            </tr>
          </thead>
          <tbody>
            {drawerChecks.map((c, i) => {
              const key = drawerCheckKey(c);
              const name = `${KIND_LABEL[c.kind]} ${c.checkNumber ?? '(no number)'}, ${c.payer ?? 'no payer'}, ${money(c.amountCents)}`;
              return (
                <tr key={key}>
                  <td>
                    <input type="checkbox" id={`${idPrefix}-tick-${key}`} checked={ticked.has(key)} onChange={(e) => toggle(c, e.target.checked)} onKeyDown={(e) => tickKey(e, i)} aria-label={`In hand: ${name}`} />
                  </td>
                  <td>{KIND_LABEL[c.kind]}</td>
                  <td>{c.checkNumber ?? '—'}</td>
                  <td>{c.payer ?? ''}</td>
                  <td className="num">{money(c.amountCents)}</td>
                  <td>{c.receiptNumber}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {drawerChecks.length > 0 && (
        <p className="hint" aria-live="polite">
          Ticked: {drawerChecks.filter((c) => ticked.has(drawerCheckKey(c))).length}. An unticked check counts as missing.
        </p>
      )}
      <p className="hint" id={`${idPrefix}-checks-hint`}>
        {drawerChecks.length > 0 ? 'Any other check or money order in the drawer: one row each. ' : 'One row per check or money order. '}
        Enter moves along the row (number, amount, payer), then to the next row (a new one at the end); Enter on an empty row finishes the list; Backspace in an empty row removes it. Numbers are digits only.
      </p>
      {rows.length > 0 && (
        <ol className="check-rows">
          {rows.map((r, i) => (
            <li key={r.key}>
              <TextField id={fieldId(idPrefix, r.key, 'number')} label={`Check ${i + 1} number`} value={r.number} maxLength={20} onChange={(v) => update(r.key, { number: v })} onKeyDown={(e) => onKeyDown(e, i, 'number')} error={errors[r.key]?.number ?? checkNumberProblem(r.number)} inputMode="numeric" />
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
          {listed.length === 0 ? (drawerChecks.length > 0 ? 'No other checks keyed.' : 'No checks listed.') : `${listed.length} ${drawerChecks.length > 0 ? 'keyed' : 'listed'}, ${money(total)}.`}
        </p>
      </div>
    </fieldset>
  );
}

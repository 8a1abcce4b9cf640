// Cash counted by denomination, typed as whole numbers (one field per denomination, with its
// subtotal). Enter moves down the count like a calculator's tape; from the last count,
// onLastEnter decides where focus goes. Used to open a drawer, for a pickup and for the blind close.
import { useState, type KeyboardEvent, type Ref } from 'react';
import { countTotal, DENOMINATIONS, type DenominationCount } from '../../../src-shared/denominations';
import { TextField } from '../../ui/fields';
import { money } from '../../ui/format';
import './drawer.css';

/** What was typed per denomination (cents -> text). */
export type Counts = Record<number, string>;

/** The non-zero counts, for the contract. */
export function countsInput(counts: Counts): DenominationCount[] {
  return DENOMINATIONS.map((d) => ({ denominationCents: d.cents, count: Number(counts[d.cents] ?? '') || 0 })).filter((c) => c.count > 0);
}

export function countsTotal(counts: Counts): number {
  return countTotal(countsInput(counts));
}

export const COUNT_REFUSED = 'Type how many, as a whole number (up to 99,999).';

export function CountFields({ idPrefix = 'count', counts, onChange, firstRef, onLastEnter }: { idPrefix?: string; counts: Counts; onChange: (c: Counts) => void; firstRef?: Ref<HTMLInputElement>; onLastEnter: () => void }) {
  const [refused, setRefused] = useState<Record<number, string>>({});

  function onCount(cents: number, v: string) {
    if (!/^\d{0,5}$/.test(v.trim())) {
      setRefused((r) => ({ ...r, [cents]: COUNT_REFUSED }));
      return;
    }
    setRefused((r) => {
      const next = { ...r };
      delete next[cents];
      return next;
    });
    onChange({ ...counts, [cents]: v.trim() });
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>, index: number) {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const next = DENOMINATIONS[index + 1];
    if (next) document.getElementById(`${idPrefix}-${next.cents}`)?.focus();
    else onLastEnter();
  }

  return (
    <div className="count-grid">
      {DENOMINATIONS.map((d, i) => (
        <div key={d.cents} className="count-row">
          <TextField
            id={`${idPrefix}-${d.cents}`}
            label={`${d.label} count`}
            value={counts[d.cents] ?? ''}
            inputMode="numeric"
            maxLength={5}
            inputRef={i === 0 ? firstRef : undefined}
            onChange={(v) => onCount(d.cents, v)}
            onKeyDown={(e) => onKeyDown(e, i)}
            error={refused[d.cents]}
          />
          <span className="num count-subtotal" aria-hidden="true">
            {money(d.cents * (Number(counts[d.cents] ?? '') || 0))}
          </span>
        </div>
      ))}
    </div>
  );
}

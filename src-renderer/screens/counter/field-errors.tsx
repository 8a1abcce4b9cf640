// Which field messages to show in the transaction: a wrong value at once, an empty required
// field only after it was visited (or after the cashier tried to post), a keystroke the
// field refused (e.g. a fifth digit in "Last four digits") until the next good one, and a rule
// the core's preview reported for that field (a check on a cash-only account, a card over the
// amount due) as soon as the preview says so.
import { createContext, useContext } from 'react';
import type { FieldProblem } from './transaction';

export interface FieldErrors {
  errorFor(field: string): string | null;
  visit(field: string): void;
  refuse(field: string, message: string | null): void;
}

export function makeFieldErrors(
  problems: readonly FieldProblem[],
  visited: ReadonlySet<string>,
  showAll: boolean,
  refused: Readonly<Record<string, string>>,
  setVisited: (f: string) => void,
  setRefused: (f: string, m: string | null) => void,
  core: Readonly<Record<string, string>> = {},
): FieldErrors {
  return {
    errorFor(field) {
      if (refused[field]) return refused[field];
      const p = problems.find((x) => x.field === field);
      if (!p) return core[field] ?? null;
      return !p.empty || showAll || visited.has(field) ? p.message : null;
    },
    visit: setVisited,
    refuse: setRefused,
  };
}

export const FieldErrorsContext = createContext<FieldErrors | null>(null);

export function useFieldErrors(): FieldErrors {
  const f = useContext(FieldErrorsContext);
  if (!f) throw new Error('useFieldErrors outside the transaction');
  return f;
}

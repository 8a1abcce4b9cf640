// Keyboard movement in a list of search results: each result is a button marked data-result
// inside a container (the results table). Arrow keys, Home and End move between them, ArrowUp
// on the first and Escape go back to the search box, and Enter opens the result.
import type { KeyboardEvent } from 'react';

/** The result buttons inside `container`, in order. */
export function resultButtons(container: HTMLElement | null): HTMLButtonElement[] {
  return Array.from(container?.querySelectorAll<HTMLButtonElement>('button[data-result]') ?? []);
}

/** Handles a key pressed on the result button at `index`; `open` is called on Enter. */
export function onResultKey(e: KeyboardEvent<HTMLElement>, index: number, rows: readonly HTMLElement[], box: HTMLElement | null, open: () => void): void {
  let next: HTMLElement | null | undefined;
  if (e.key === 'ArrowDown') next = rows[Math.min(index + 1, rows.length - 1)];
  else if (e.key === 'ArrowUp') next = index === 0 ? box : rows[index - 1];
  else if (e.key === 'Home') next = rows[0];
  else if (e.key === 'End') next = rows[rows.length - 1];
  else if (e.key === 'Escape') next = box;
  else if (e.key === 'Enter') {
    // Handled here (not by the button's synthetic click) so Enter opens exactly once.
    e.preventDefault();
    open();
    return;
  } else return;
  e.preventDefault();
  next?.focus();
}

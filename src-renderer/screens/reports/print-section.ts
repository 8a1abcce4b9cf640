// Printing one report on screen: the report's section is marked as the print target and
// everything else in the screen is hidden by the print style sheet (reports.css), then the
// browser's print dialog opens. The marks go when printing ends (or at the next print).
const TARGET = 'print-target';
const BODY = 'printing-section';

function clearMarks(doc: Document): void {
  doc.body.classList.remove(BODY);
  for (const el of Array.from(doc.querySelectorAll(`.${TARGET}`))) el.classList.remove(TARGET);
}

export function printSection(el: HTMLElement | null): void {
  if (!el) return;
  const doc = el.ownerDocument;
  const win = doc.defaultView;
  clearMarks(doc);
  el.classList.add(TARGET);
  doc.body.classList.add(BODY);
  if (!win || typeof win.print !== 'function') return;
  win.addEventListener('afterprint', () => clearMarks(doc), { once: true });
  win.print();
}

// Report text shared by the drawer and day reports: over/short in words, tender labels, and the
// receipt journal's tender summary (the core sends "kind cents" pairs; money is formatted here).
import { money } from '../../ui/format';

/** A variance in words: "Balanced", "$2.00 short", "$20.00 over". */
export function varianceText(cents: number): string {
  if (cents === 0) return 'Balanced';
  return cents > 0 ? `${money(cents)} over` : `${money(-cents)} short`;
}

/** A CSS class marking a variance (over and short stand out; balanced does not). */
export function varianceClass(cents: number): string {
  return cents === 0 ? 'variance variance-even' : cents > 0 ? 'variance variance-over' : 'variance variance-short';
}

export const TENDER_NAMES: Record<string, string> = {
  cash: 'Cash',
  check: 'Check',
  card: 'Card',
  money_order: 'Money order',
  remittance: 'Remittance',
};

/** "cash 12500, check 2000" -> "Cash $125.00; Check $20.00" (anything unexpected is shown as it came). */
export function tenderSummary(tenders: ReadonlyArray<{ kind: string; amountCents: number }>): string {
  return tenders.map((t) => `${TENDER_NAMES[t.kind] ?? t.kind} ${money(t.amountCents)}`).join('; ');
}

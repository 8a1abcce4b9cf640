// Words for bank-draft values, and the routing-number check as a field message.
import { checkRoutingNumber, type DraftEnrolment } from '../../../src-shared/ipc/export-schemas';

export const ENROLMENT_STATUS_LABELS: Record<DraftEnrolment['status'], string> = {
  pending_prenote: 'Waiting for prenote',
  prenote_sent: 'Prenote sent',
  active: 'Active',
  ended: 'Ended',
};

export const ACCOUNT_TYPE_LABELS: Record<DraftEnrolment['accountType'], string> = {
  checking: 'Checking',
  savings: 'Savings',
};

/** The message for a routing number as typed, or null when it passes the ABA check. */
export function routingError(input: string): string | null {
  const r = checkRoutingNumber(input);
  if (r.ok) return null;
  if (r.reason === 'FORMAT') return 'A routing number is nine digits.';
  if (r.reason === 'PREFIX') return 'Not a routing number in use (check the first two digits).';
  return 'The check digit does not match: check the routing number on the check.';
}

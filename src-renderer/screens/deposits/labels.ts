// Words for the deposit refund criteria and letter kinds, shared by the Deposits screen and the
// account page's Deposit and Letters sections.
import type { EligibilityView, LetterView } from '../../../src-shared/ipc/deposits-schemas';

export const CRITERION_LABELS: Record<EligibilityView['criteria'][number]['key'], string> = {
  paidBills: 'Consecutive bills paid',
  lateLimit: 'Late payments within the limit',
  noDisconnect: 'No disconnection for nonpayment',
  noReturnedPayment: 'No returned payment',
  notPastDue: 'Not past due',
};

export const LETTER_LABELS: Record<LetterView['kind'], string> = {
  returned_payment: 'Returned payment',
  cutoff_notice: 'Cut-off notice',
  setoff_notice: 'Setoff notice',
  credit_reference: 'Credit reference',
  general: 'General letter',
  deposit_receipt: 'Deposit receipt',
  deposit_refund: 'Deposit refund',
  welcome: 'Welcome letter',
  arrangement: 'Arrangement',
  service_confirmation: 'Service confirmation',
  adjustment_sheet: 'Adjustment sheet',
};

/** Said on window when a letter was issued on an account, so its Letters section lists it. */
export const LETTERS_CHANGED = 'towncounter:letters-changed';

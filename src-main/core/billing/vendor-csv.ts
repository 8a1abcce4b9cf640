// The print vendor's CSV columns, one row per bill (docs/BILL-PRINT.md).
import type { Column } from '../../export/csv';
import type { BillDoc } from './bill-docs';

export const VENDOR_COLUMNS: ReadonlyArray<Column<BillDoc>> = [
  { name: 'account_number', type: 'text', value: (b) => b.accountNumber },
  { name: 'name', type: 'text', value: (b) => b.name },
  { name: 'mail_street', type: 'text', value: (b) => b.mailing.street },
  { name: 'mail_city', type: 'text', value: (b) => b.mailing.city },
  { name: 'mail_state', type: 'text', value: (b) => b.mailing.state },
  { name: 'mail_zip', type: 'text', value: (b) => b.mailing.zip },
  { name: 'service_address', type: 'text', value: (b) => b.serviceAddress },
  { name: 'route', type: 'text', value: (b) => b.routeCode },
  { name: 'read_sequence', type: 'int', value: (b) => b.readSequence },
  { name: 'bill_date', type: 'text', value: (b) => b.billDate },
  { name: 'period_from', type: 'text', value: (b) => b.periodFrom },
  { name: 'period_to', type: 'text', value: (b) => b.periodTo },
  { name: 'due_date', type: 'text', value: (b) => b.dueDate },
  { name: 'water_gallons', type: 'int', value: (b) => b.readings.filter((r) => r.service === 'water').reduce((s, r) => s + r.consumption, 0) || null },
  { name: 'electric_kwh', type: 'int', value: (b) => b.readings.filter((r) => r.service === 'electric').reduce((s, r) => s + r.consumption, 0) || null },
  { name: 'estimated', type: 'text', value: (b) => (b.estimated ? 'Y' : 'N') },
  { name: 'water', type: 'money', value: (b) => b.charges.find((c) => c.service === 'water')?.cents ?? 0 },
  { name: 'sewer', type: 'money', value: (b) => b.charges.find((c) => c.service === 'sewer')?.cents ?? 0 },
  { name: 'electric', type: 'money', value: (b) => b.charges.find((c) => c.service === 'electric')?.cents ?? 0 },
  { name: 'solid_waste', type: 'money', value: (b) => b.charges.find((c) => c.service === 'solid_waste')?.cents ?? 0 },
  { name: 'stormwater', type: 'money', value: (b) => b.charges.find((c) => c.service === 'stormwater')?.cents ?? 0 },
  { name: 'current_charges', type: 'money', value: (b) => b.currentCents },
  { name: 'previous_balance', type: 'money', value: (b) => b.previousBalanceCents },
  { name: 'payments_since', type: 'money', value: (b) => b.paymentsSinceCents },
  { name: 'other_charges_since', type: 'money', value: (b) => b.otherChargesSinceCents },
  { name: 'amount_due', type: 'money', value: (b) => b.amountDueCents },
  { name: 'scan_line', type: 'text', value: (b) => b.scanLine },
];

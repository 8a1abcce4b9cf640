// The Medical Alert report as PDF: the accounts with a certification in force (or those expiring
// within the warning days), soonest expiry first, for the clerk's follow-up calls and the crews'
// binder. Times in the town's time zone.
import type { MedicalAlertRow } from '../../src-shared/ipc/customer-schemas';
import type { PdfResult } from './day-end-pdfs';
import { PdfWriter } from './pdf';

export async function medicalAlertPdf(
  r: { today: string; warnDays: number; rows: MedicalAlertRow[]; expiring: number },
  opts: { expiringOnly: boolean },
  town: { name: string; timeZone: string },
  printedAt: string,
): Promise<PdfResult> {
  const title = opts.expiringOnly ? `Medical Alert certifications expiring within ${r.warnDays} days` : 'Medical Alert list';
  const pdf = new PdfWriter(title, { timeZone: town.timeZone });
  pdf.heading({ town: town.name, title, subtitle: `As of ${r.today} — printed ${pdf.time(printedAt)}` });
  pdf.keyValues([
    ['Accounts listed', String(r.rows.length)],
    [`Expiring within ${r.warnDays} days`, String(r.expiring)],
  ]);
  pdf.text(' ');
  pdf.table(
    [
      { header: 'Account', width: 62 },
      { header: 'Customer', width: 110 },
      { header: 'Service address', width: 110 },
      { header: 'Phone', width: 70 },
      { header: 'Expires', width: 70 },
      { header: 'Physician', width: 90 },
    ],
    r.rows.map((x) => [x.accountNumber, x.name, x.serviceAddress, x.phone ?? '', `${x.expiresOn}${x.expiring ? ' *' : ''}`, [x.physician, x.physicianPhone].filter(Boolean).join(', ')]),
  );
  if (r.expiring > 0) pdf.text(`* expires within ${r.warnDays} days: call the customer for a renewed certification.`);
  return pdf.finish(`${town.name} ${title.toLowerCase()} as of ${r.today}`);
}

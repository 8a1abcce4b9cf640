// Letters to customers (issue 14): one layout and a template per kind, English and Spanish.
//
// A letter is a row in `letters`: account_id, kind, subject, language and `details`, a JSON
// snapshot of everything the letter prints. issueLetter() adds the addressee (name and mailing
// address), the account number and the service address to that snapshot when the letter is
// issued, so rendering reads ONLY the row (+ the town's name, address, phone and time zone): a
// reprint next year is the same letter.
//
// What callers put in `details` per kind (validated by LETTER_DETAILS below):
// - service_confirmation (intake): { requestNumber, kind: 'new_service'|'transfer'|'stop'|'close_out',
//   location, services: Service[], dates: [{label, labelEs?, date}], workOrders: string[],
//   depositCents?: number|null, amounts?: [{label, labelEs?, cents}], notes?: [{en, es?}] }
//   (amounts print as a table: e.g. the close-out arithmetic "Final bill", "Deposit applied", "Refund").
// - arrangement (adjustments): { arrangementId, kind: 'extension'|'arrangement', totalCents,
//   installments: [{seq, dueDate, amountCents}], createdOn }
// - deposit_receipt, deposit_refund, welcome, credit_reference: built from the ledger by the
//   builders in core/service-desk/letter-details.ts (see their types here).
// - returned_payment letters keep their own template (returned-payment-letter.ts).
import { z } from 'zod';
import { SERVICES, type Service } from '../../src-shared/domain';
import { formatCents } from '../../src-shared/money';
import type { Db } from '../db/open-ledger';
import { CoreError } from '../core/errors';
import { formatAddress } from '../core/accounts/search-index';
import type { PdfResult } from './day-end-pdfs';
import { PdfWriter } from './pdf';

export type Language = 'en' | 'es';
export const LETTER_KINDS = ['credit_reference', 'deposit_receipt', 'deposit_refund', 'welcome', 'arrangement', 'service_confirmation', 'setoff_notice', 'cutoff_notice'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const cents = z.int();
const text = (max: number) => z.string().min(1).max(max);
const services = z.array(z.enum(SERVICES)).max(5);

export const ServiceConfirmationDetails = z.strictObject({
  requestNumber: text(40),
  kind: z.enum(['new_service', 'transfer', 'stop', 'close_out']),
  location: text(200),
  services,
  dates: z.array(z.strictObject({ label: text(80), labelEs: text(80).optional(), date })).max(10).default([]),
  workOrders: z.array(text(40)).max(10).default([]),
  depositCents: cents.nullable().optional(),
  amounts: z.array(z.strictObject({ label: text(80), labelEs: text(80).optional(), cents })).max(20).optional(),
  notes: z.array(z.strictObject({ en: text(500), es: text(500).optional() })).max(10).optional(),
});
export const ArrangementDetails = z.strictObject({
  arrangementId: z.int().positive(),
  kind: z.enum(['extension', 'arrangement']),
  totalCents: cents,
  installments: z.array(z.strictObject({ seq: z.int().positive(), dueDate: date, amountCents: cents })).min(1).max(24),
  createdOn: date,
});
export const DepositReceiptDetails = z.strictObject({
  depositCents: cents,
  paidCents: cents,
  unpaidCents: cents,
  chargedOn: date.nullable(),
  refundPaidBills: z.int(),
  refundMaxLate: z.int(),
  waivedBy: z.strictObject({ utility: text(120), receivedOn: date }).nullable().optional(),
});
export const CRITERIA_KEYS = ['paidBills', 'lateLimit', 'noDisconnect', 'noReturnedPayment', 'notPastDue'] as const;
export const Criterion = z.strictObject({ key: z.enum(CRITERIA_KEYS), met: z.boolean(), detail: text(300) });
export type Criterion = z.infer<typeof Criterion>;
export const DepositRefundDetails = z.strictObject({
  refundedOn: date,
  depositCents: cents,
  interestCents: cents,
  appliedCents: cents,
  creditCents: cents,
  criteria: z.array(Criterion),
});
export const WelcomeDetails = z.strictObject({
  services,
  openedOn: date,
  billingCycle: z.int().nullable(),
  dueDays: z.int(),
  depositCents: cents,
});
export const CreditReferenceDetails = z.strictObject({
  customerName: text(200),
  periodFrom: date,
  periodTo: date,
  months: z.int(),
  openedOn: date,
  closedOn: date.nullable(),
  bills: z.int(),
  billedCents: cents,
  payments: z.int(),
  paidCents: cents,
  latePayments: z.int(),
  returnedPayments: z.int(),
  balanceCents: cents,
});

/** The NC Debt Setoff notice (G.S. 105A-5(b); core/collections/setoff.ts). */
export const SetoffNoticeDetails = z.strictObject({
  mailedOn: date,
  /** The last day a hearing request may be filed (mailedOn + setoffHearingDays). */
  hearingDeadline: date,
  hearingDays: z.int().positive(),
  debts: z.array(z.strictObject({ type: text(60), typeEs: text(60), description: text(200), descriptionEs: text(200), accountNumber: text(25), amountCents: cents })).min(1).max(20),
  totalCents: cents,
  /** The Clearinghouse's collection assistance fee, added when the debt is submitted. */
  feeCents: cents,
});

/** The cut-off (disconnection for nonpayment) notice, one per account on a ready cut-off list (core/collections/cutoff-notices.ts). */
export const CutoffNoticeDetails = z.strictObject({
  listId: z.int().positive(),
  cutoffDate: date,
  mailedOn: date,
  /** What must be paid before the cut-off date to keep service (the list entry's past-due amount). */
  pastDueCents: cents,
  oldestDueDate: date.nullable(),
  /** The fee charged to reconnect after a cut-off (reconnectFeeCents when the notice was issued). */
  reconnectFeeCents: cents,
  /** The last day to contest the bill / ask for a hearing (the business day before the cut-off date at the latest). */
  contestBy: date,
  /** The office hours when issued (settings townOfficeHours / townOfficeHoursEs). */
  officeHours: z.strictObject({ en: z.string().max(160), es: z.string().max(160) }).optional(),
});

export const LETTER_DETAILS = {
  service_confirmation: ServiceConfirmationDetails,
  arrangement: ArrangementDetails,
  deposit_receipt: DepositReceiptDetails,
  deposit_refund: DepositRefundDetails,
  welcome: WelcomeDetails,
  credit_reference: CreditReferenceDetails,
  setoff_notice: SetoffNoticeDetails,
  cutoff_notice: CutoffNoticeDetails,
} as const satisfies Record<LetterKind, z.ZodType>;
export type LetterDetails<K extends LetterKind> = z.input<(typeof LETTER_DETAILS)[K]>;

/** What issueLetter adds to every snapshot (so no kind's details may use these names). */
interface Addressee {
  to: { name: string; street: string; city: string; state: string; zip: string };
  accountNumber: string;
  serviceAddress: string;
}

export interface IssueLetterInput<K extends LetterKind = LetterKind> {
  accountId: number;
  kind: K;
  details: LetterDetails<K>;
  /** Defaults to the customer's language. */
  language?: Language;
  /** Defaults to the kind's subject in the letter's language. */
  subject?: string;
  at: string;
  userId: number | null;
}

export interface IssuedLetter {
  letterId: number;
  kind: LetterKind;
  subject: string;
  language: Language;
  createdAt: string;
}

/** Records a letter on the account (the caller's transaction, if any, includes it). */
export function issueLetter<K extends LetterKind>(db: Db, input: IssueLetterInput<K>): IssuedLetter {
  const schema = LETTER_DETAILS[input.kind] as z.ZodType;
  if (!schema) throw new CoreError('BAD_INPUT', `No letter kind ${String(input.kind)}.`, { field: 'kind' });
  const parsed = schema.safeParse(input.details);
  if (!parsed.success) throw new CoreError('BAD_INPUT', `The ${input.kind} letter's details are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { field: 'details' });
  const a = db
    .prepare(
      `SELECT a.number, c.display_name, c.mail_street, c.mail_city, c.mail_state, c.mail_zip, c.language, l.street, l.unit, l.city
         FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id WHERE a.id = ?`,
    )
    .get(input.accountId) as
    | { number: string; display_name: string; mail_street: string; mail_city: string; mail_state: string; mail_zip: string; language: Language; street: string; unit: string | null; city: string }
    | undefined;
  if (!a) throw new CoreError('NOT_FOUND', `No account ${input.accountId}.`);
  const language = input.language ?? a.language ?? 'en';
  const snapshot: Addressee & Record<string, unknown> = {
    ...(parsed.data as Record<string, unknown>),
    to: { name: a.display_name, street: a.mail_street, city: a.mail_city, state: a.mail_state, zip: a.mail_zip },
    accountNumber: a.number,
    serviceAddress: `${formatAddress(a.street, a.unit)}, ${a.city}`,
  };
  const subject = input.subject ?? defaultSubject(input.kind, language, snapshot);
  const letterId = Number(
    db
      .prepare('INSERT INTO letters (account_id, kind, created_at, created_by, subject, details, language) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.accountId, input.kind, input.at, input.userId, subject, JSON.stringify(snapshot), language).lastInsertRowid,
  );
  return { letterId, kind: input.kind, subject, language, createdAt: input.at };
}

export interface LetterRow {
  id: number;
  account_id: number;
  kind: string;
  created_at: string;
  subject: string;
  details: string | null;
  language: Language;
  sent_at: string | null;
}

export function getLetterRow(db: Db, letterId: number): LetterRow {
  const row = db.prepare('SELECT id, account_id, kind, created_at, subject, details, language, sent_at FROM letters WHERE id = ?').get(letterId) as LetterRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', `No letter ${letterId}.`);
  return row;
}

// Words -------------------------------------------------------------------------------------

const SERVICE_NAMES: Record<Language, Record<Service, string>> = {
  en: { solid_waste: 'solid waste', sewer: 'sewer', water: 'water', electric: 'electric', stormwater: 'stormwater' },
  es: { solid_waste: 'recolección de basura', sewer: 'alcantarillado', water: 'agua', electric: 'electricidad', stormwater: 'aguas pluviales' },
};

const SUBJECTS: Record<LetterKind, Record<Language, string>> = {
  credit_reference: { en: 'Credit reference', es: 'Referencia de crédito' },
  deposit_receipt: { en: 'Deposit receipt', es: 'Recibo de depósito' },
  deposit_refund: { en: 'Deposit refund', es: 'Reembolso del depósito' },
  welcome: { en: 'Welcome to your utility service', es: 'Bienvenido a su servicio público' },
  arrangement: { en: 'Payment arrangement confirmation', es: 'Confirmación de arreglo de pago' },
  service_confirmation: { en: 'Service request confirmation', es: 'Confirmación de solicitud de servicio' },
  setoff_notice: { en: 'Notice of intent to set off your state income tax refund', es: 'Aviso de intención de compensar su reembolso de impuestos estatales' },
  cutoff_notice: { en: 'Notice of disconnection for nonpayment', es: 'Aviso de desconexión por falta de pago' },
};

function defaultSubject(kind: LetterKind, lang: Language, d: Record<string, unknown>): string {
  const base = SUBJECTS[kind][lang];
  if (kind === 'service_confirmation' && typeof d.requestNumber === 'string') return `${base} ${d.requestNumber}`;
  if (kind === 'arrangement' && d.kind === 'extension') return lang === 'es' ? 'Confirmación de extensión de pago' : 'Payment extension confirmation';
  return base;
}

const m = (c: number) => formatCents(c, { symbol: true });

/** A calendar date as words: "March 16, 2026" / "16 de marzo de 2026". */
export function longDate(day: string, lang: Language): string {
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
}

/** The calendar day of an instant in the town's time zone, as words. */
function townDay(iso: string, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
}

function serviceWords(list: readonly Service[], lang: Language): string {
  const names = list.map((s) => SERVICE_NAMES[lang][s]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${lang === 'es' ? 'y' : 'and'} ${names[names.length - 1]}`;
}

const REQUEST_KINDS: Record<z.infer<typeof ServiceConfirmationDetails>['kind'], Record<Language, string>> = {
  new_service: { en: 'New service', es: 'Servicio nuevo' },
  transfer: { en: 'Transfer of service', es: 'Traslado de servicio' },
  stop: { en: 'Stop service', es: 'Suspensión del servicio' },
  close_out: { en: 'Close-out', es: 'Cierre de cuenta' },
};

const CRITERIA_WORDS: Record<Criterion['key'], Record<Language, string>> = {
  paidBills: { en: 'Consecutive bills paid', es: 'Facturas consecutivas pagadas' },
  lateLimit: { en: 'Late payments within the limit', es: 'Pagos tardíos dentro del límite' },
  noDisconnect: { en: 'No disconnection for nonpayment', es: 'Sin desconexión por falta de pago' },
  noReturnedPayment: { en: 'No returned payment', es: 'Sin pagos devueltos' },
  notPastDue: { en: 'Not past due', es: 'Sin saldo vencido' },
};

export interface Town {
  name: string;
  address: string;
  phone: string;
  timeZone: string;
}

// The layout ----------------------------------------------------------------------------------

/** Renders a recorded letter (any kind but returned_payment) from its row alone. */
export async function renderLetterPdf(row: LetterRow, town: Town): Promise<PdfResult> {
  const pdf = new PdfWriter(`${row.subject} ${row.id}`, { timeZone: town.timeZone });
  drawLetter(pdf, row, town);
  const es = row.language === 'es';
  return pdf.finish(`${town.name} — ${row.subject} — ${es ? 'carta' : 'letter'} ${row.id}`);
}

/** Several recorded letters in one PDF (a mailing batch), each starting on a new page; each prints exactly as its reprint. */
export async function renderLettersBatchPdf(rows: readonly LetterRow[], town: Town, title: string): Promise<PdfResult> {
  if (rows.length === 0) throw new CoreError('NOT_FOUND', 'No letters to print.');
  const pdf = new PdfWriter(title, { timeZone: town.timeZone });
  rows.forEach((row, i) => {
    if (i > 0) pdf.newPage();
    drawLetter(pdf, row, town);
  });
  return pdf.finish(`${town.name} — ${title}`);
}

/**
 * A mailing batch streamed to `out` page by page (a cut-off notices batch of thousands): the
 * rows come from an iterator that reads each from the ledger as it is needed, nothing is
 * buffered, and the event loop is served every few letters. Each letter prints as its reprint
 * (renderLetterPdf) but for the page-number footer, which a streamed document can't know.
 */
export async function streamLettersPdf(rows: Iterable<LetterRow>, town: Town, out: NodeJS.WritableStream, opts: { title: string; onLetter?: (letters: number) => void }): Promise<{ pages: number; letters: number }> {
  const pdf = new PdfWriter(opts.title, { timeZone: town.timeZone, stream: out, creationDate: new Date(0) });
  let n = 0;
  for (const row of rows) {
    if (n > 0) pdf.newPage();
    drawLetter(pdf, row, town);
    n++;
    opts.onLetter?.(n);
    if (n % 20 === 0) await new Promise<void>((r) => setImmediate(r));
  }
  if (n === 0) pdf.text('No letters.');
  const { pages } = await pdf.finishStream();
  return { pages, letters: n };
}

function drawLetter(pdf: PdfWriter, row: LetterRow, town: Town): void {
  const kind = row.kind as LetterKind;
  if (!(LETTER_KINDS as readonly string[]).includes(kind)) throw new CoreError('NOT_FOUND', `Letter ${row.id} is a ${row.kind} letter, which has no template here.`);
  const lang: Language = row.language === 'es' ? 'es' : 'en';
  const d = (row.details ? JSON.parse(row.details) : {}) as Addressee & Record<string, unknown>;
  const es = lang === 'es';
  pdf.heading({ town: town.name, title: SUBJECTS[kind][lang], subtitle: `${town.address} — ${town.phone}` });
  pdf.text(townDay(row.created_at, lang, town.timeZone));
  pdf.text(' ');
  if (kind !== 'credit_reference' && d.to) {
    for (const line of [d.to.name, d.to.street, `${d.to.city}, ${d.to.state} ${d.to.zip}`]) pdf.text(line);
    pdf.text(' ');
  }
  pdf.text(`${es ? 'Cuenta' : 'Account'} ${d.accountNumber}`);
  pdf.text(`${es ? 'Dirección del servicio' : 'Service address'}: ${d.serviceAddress}`);
  pdf.text(`${es ? 'Asunto' : 'Re'}: ${row.subject}`);
  pdf.text(' ');
  if (kind === 'credit_reference') pdf.text(es ? 'A quien corresponda:' : 'To whom it may concern:');
  else pdf.text(es ? `Estimado(a) ${d.to.name}:` : `Dear ${d.to.name}:`);
  pdf.text(' ');
  BODIES[kind](pdf, d as never, lang, town);
  pdf.text(' ');
  pdf.text(es ? `Si tiene preguntas, llámenos al ${town.phone}.` : `If you have any questions, please call us at ${town.phone}.`);
  pdf.text(' ');
  pdf.text(es ? 'Atentamente,' : 'Sincerely,');
  pdf.text(' ');
  pdf.text(es ? `Oficina de Facturación de Servicios Públicos, ${town.name}` : `${town.name} Utility Billing Office`);
}

type Body<K extends LetterKind> = (pdf: PdfWriter, d: z.output<(typeof LETTER_DETAILS)[K]> & Addressee, lang: Language, town: Town) => void;

const serviceConfirmation: Body<'service_confirmation'> = (pdf, d, lang) => {
  const es = lang === 'es';
  pdf.text(
    es
      ? `Confirmamos su solicitud ${d.requestNumber} (${REQUEST_KINDS[d.kind].es.toLowerCase()}) para ${d.location}. Servicios: ${serviceWords(d.services, lang) || '—'}.`
      : `This confirms your request ${d.requestNumber} (${REQUEST_KINDS[d.kind].en.toLowerCase()}) for ${d.location}. Services: ${serviceWords(d.services, lang) || '—'}.`,
  );
  const rows: Array<[string, string]> = [[es ? 'Solicitud' : 'Request', `${d.requestNumber} — ${REQUEST_KINDS[d.kind][lang]}`]];
  for (const x of d.dates) rows.push([es ? (x.labelEs ?? x.label) : x.label, longDate(x.date, lang)]);
  if (d.workOrders.length > 0) rows.push([es ? 'Órdenes de trabajo' : 'Work orders', d.workOrders.join(', ')]);
  if (d.depositCents !== undefined && d.depositCents !== null) rows.push([es ? 'Depósito' : 'Deposit', m(d.depositCents)]);
  pdf.keyValues(rows);
  if (d.amounts && d.amounts.length > 0) {
    pdf.text(' ');
    pdf.table(
      [
        { header: es ? 'Concepto' : 'Item', width: 380 },
        { header: es ? 'Importe' : 'Amount', width: 120, align: 'right' },
      ],
      d.amounts.map((a) => [es ? (a.labelEs ?? a.label) : a.label, m(a.cents)]),
      { boldLast: true },
    );
  }
  for (const n of d.notes ?? []) {
    pdf.text(' ');
    pdf.text(es ? (n.es ?? n.en) : n.en);
  }
};

const arrangement: Body<'arrangement'> = (pdf, d, lang) => {
  const es = lang === 'es';
  const what = d.kind === 'extension' ? (es ? 'una extensión de pago' : 'a payment extension') : es ? 'un arreglo de pago' : 'a payment arrangement';
  pdf.text(
    es
      ? `El ${longDate(d.createdOn, lang)} acordamos ${what} número ${d.arrangementId} por ${m(d.totalCents)}. Por favor pague cada cuota a más tardar en su fecha:`
      : `On ${longDate(d.createdOn, lang)} we agreed to ${what}, number ${d.arrangementId}, for ${m(d.totalCents)}. Please pay each installment by its date:`,
  );
  pdf.table(
    [
      { header: es ? 'Cuota' : 'Installment', width: 120 },
      { header: es ? 'Vence' : 'Due', width: 250 },
      { header: es ? 'Importe' : 'Amount', width: 130, align: 'right' },
    ],
    [...d.installments.map((i) => [String(i.seq), longDate(i.dueDate, lang), m(i.amountCents)]), [es ? 'Total' : 'Total', '', m(d.totalCents)]],
    { boldLast: true },
  );
  pdf.text(' ');
  pdf.text(
    es
      ? 'Mientras cumpla con el arreglo, su servicio no será suspendido por estas cantidades. Si no paga una cuota a tiempo, el arreglo termina y el saldo completo vence de inmediato.'
      : 'While you keep the arrangement, your service will not be cut off for these amounts. If an installment is missed, the arrangement ends and the whole balance is due at once.',
  );
  pdf.text(es ? 'Las facturas nuevas vencen en su fecha habitual además de las cuotas.' : 'New bills are due on their usual dates in addition to the installments.');
};

const depositReceipt: Body<'deposit_receipt'> = (pdf, d, lang) => {
  const es = lang === 'es';
  if (d.waivedBy && d.depositCents === 0) {
    pdf.text(
      es
        ? `No se requiere depósito para esta cuenta: aceptamos la carta de crédito de ${d.waivedBy.utility} recibida el ${longDate(d.waivedBy.receivedOn, lang)}.`
        : `No deposit is required on this account: we accepted the letter of credit from ${d.waivedBy.utility} received on ${longDate(d.waivedBy.receivedOn, lang)}.`,
    );
    return;
  }
  pdf.text(
    es
      ? `Este es el recibo del depósito de servicio público de su cuenta${d.chargedOn ? `, cobrado el ${longDate(d.chargedOn, lang)}` : ''}.`
      : `This is the receipt for your account's utility deposit${d.chargedOn ? `, charged on ${longDate(d.chargedOn, lang)}` : ''}.`,
  );
  pdf.keyValues([
    [es ? 'Depósito' : 'Deposit', m(d.depositCents)],
    [es ? 'Pagado' : 'Paid', m(d.paidCents)],
    [es ? 'Pendiente de pago' : 'Still to pay', m(d.unpaidCents)],
  ]);
  pdf.text(' ');
  pdf.text(
    es
      ? `El pueblo guarda el depósito mientras tenga servicio. Se le acredita a su cuenta después de ${d.refundPaidBills} facturas consecutivas pagadas, con no más de ${d.refundMaxLate} pagos tardíos, sin desconexión por falta de pago, sin pagos devueltos y sin saldo vencido; al terminar el servicio se aplica a su factura final.`
      : `The town holds the deposit while you have service. It is credited to your account after ${d.refundPaidBills} consecutive bills paid, with no more than ${d.refundMaxLate} late payments, no disconnection for nonpayment, no returned payment and nothing past due; when service ends it is applied to your final bill.`,
  );
};

const depositRefund: Body<'deposit_refund'> = (pdf, d, lang) => {
  const es = lang === 'es';
  pdf.text(
    es
      ? `Su cuenta cumple con los requisitos para el reembolso del depósito. El ${longDate(d.refundedOn, lang)} acreditamos su depósito a su cuenta.`
      : `Your account meets the requirements for a deposit refund. On ${longDate(d.refundedOn, lang)} we credited your deposit to your account.`,
  );
  const rows: Array<[string, string]> = [[es ? 'Depósito reembolsado' : 'Deposit refunded', m(d.depositCents)]];
  if (d.interestCents > 0) rows.push([es ? 'Intereses' : 'Interest', m(d.interestCents)]);
  rows.push([es ? 'Aplicado a cargos pendientes' : 'Applied to open charges', m(d.appliedCents)]);
  rows.push([es ? 'Crédito en su cuenta' : 'Credit on your account', m(d.creditCents)]);
  pdf.keyValues(rows);
  pdf.text(' ');
  pdf.table(
    [
      { header: es ? 'Requisito' : 'Requirement', width: 200 },
      { header: es ? 'Cumplido' : 'Met', width: 60 },
      { header: es ? 'Detalle' : 'Detail', width: 250 },
    ],
    d.criteria.map((c) => [CRITERIA_WORDS[c.key][lang], c.met ? (es ? 'Sí' : 'Yes') : 'No', c.detail]),
  );
  pdf.text(' ');
  pdf.text(es ? 'El crédito se usará para pagar sus próximas facturas.' : 'The credit will pay your next bills.');
};

const welcome: Body<'welcome'> = (pdf, d, lang, town) => {
  const es = lang === 'es';
  pdf.text(
    es
      ? `Bienvenido(a) al servicio público de ${town.name}. Su cuenta ${d.accountNumber} para ${serviceWords(d.services, lang)} en ${d.serviceAddress} se abrió el ${longDate(d.openedOn, lang)}.`
      : `Welcome to ${town.name} utility service. Your account ${d.accountNumber} for ${serviceWords(d.services, lang)} at ${d.serviceAddress} was opened on ${longDate(d.openedOn, lang)}.`,
  );
  pdf.text(' ');
  const rows: Array<[string, string]> = [[es ? 'Servicios' : 'Services', serviceWords(d.services, lang)]];
  if (d.billingCycle !== null) rows.push([es ? 'Ciclo de facturación' : 'Billing cycle', String(d.billingCycle)]);
  rows.push([es ? 'Días para pagar cada factura' : 'Days to pay each bill', String(d.dueDays)]);
  rows.push([es ? 'Depósito' : 'Deposit', m(d.depositCents)]);
  pdf.keyValues(rows);
  pdf.text(' ');
  pdf.text(
    es
      ? `Recibirá una factura cada mes; vence ${d.dueDays} días después de la fecha de la factura. Puede pagar en la oficina del pueblo (${town.address}) en efectivo, cheque, giro postal o tarjeta, o inscribirse en el débito bancario automático.`
      : `You will receive a bill each month; it is due ${d.dueDays} days after the bill date. You can pay at the town office (${town.address}) by cash, check, money order or card, or sign up for automatic bank draft.`,
  );
};

const creditReference: Body<'credit_reference'> = (pdf, d, lang, town) => {
  const es = lang === 'es';
  pdf.text(
    es
      ? `${d.customerName} ${d.closedOn ? `tuvo servicio público con ${town.name} desde el ${longDate(d.openedOn, lang)} hasta el ${longDate(d.closedOn, lang)}` : `tiene servicio público con ${town.name} desde el ${longDate(d.openedOn, lang)}`} en ${d.serviceAddress}, cuenta ${d.accountNumber}. Este es su historial de pagos de los ${d.months} meses del ${longDate(d.periodFrom, lang)} al ${longDate(d.periodTo, lang)}:`
      : `${d.customerName} ${d.closedOn ? `had utility service with ${town.name} from ${longDate(d.openedOn, lang)} to ${longDate(d.closedOn, lang)}` : `has had utility service with ${town.name} since ${longDate(d.openedOn, lang)}`} at ${d.serviceAddress}, account ${d.accountNumber}. This is the payment history for the ${d.months} months from ${longDate(d.periodFrom, lang)} to ${longDate(d.periodTo, lang)}:`,
  );
  pdf.keyValues([
    [es ? 'Facturas emitidas' : 'Bills issued', `${d.bills} (${m(d.billedCents)})`],
    [es ? 'Pagos recibidos' : 'Payments received', `${d.payments} (${m(d.paidCents)})`],
    [es ? 'Pagos tardíos' : 'Late payments', String(d.latePayments)],
    [es ? 'Pagos devueltos' : 'Returned payments', String(d.returnedPayments)],
    [es ? 'Saldo actual' : 'Balance now', m(d.balanceCents)],
  ]);
  pdf.text(' ');
  pdf.text(es ? 'Esta carta se emite a petición del cliente.' : 'This letter is issued at the customer’s request.');
};

const setoffNotice: Body<'setoff_notice'> = (pdf, d, lang, town) => {
  const es = lang === 'es';
  pdf.text(
    es
      ? `Según nuestros registros, usted le debe a ${town.name} las deudas siguientes, que están vencidas:`
      : `Our records show that you owe ${town.name} the following debts, which are past due:`,
  );
  pdf.table(
    [
      { header: es ? 'Tipo' : 'Type', width: 110 },
      { header: es ? 'Descripción' : 'Description', width: 200 },
      { header: es ? 'Cuenta' : 'Account', width: 90 },
      { header: es ? 'Importe' : 'Amount', width: 100, align: 'right' },
    ],
    [...d.debts.map((x) => [es ? x.typeEs : x.type, es ? x.descriptionEs : x.description, x.accountNumber, m(x.amountCents)]), [es ? 'Total' : 'Total', '', '', m(d.totalCents)]],
    { boldLast: true },
  );
  pdf.text(' ');
  pdf.text(
    es
      ? `${town.name} tiene la intención de aplicar su reembolso de impuestos sobre la renta del estado de Carolina del Norte (y cualquier premio de la Lotería de Educación de Carolina del Norte) a esta deuda, según la Ley de Cobro de Deudas por Compensación (Capítulo 105A de los Estatutos Generales de Carolina del Norte).`
      : `${town.name} intends to apply your North Carolina state income tax refund (and any NC Education Lottery prize) to this debt under the Setoff Debt Collection Act (Chapter 105A of the North Carolina General Statutes).`,
  );
  pdf.text(' ');
  pdf.text(
    es
      ? `Si la deuda se presenta para compensación, se le añadirá un cargo de asistencia de cobro de ${m(d.feeCents)}.`
      : `If the debt is submitted for setoff, a collection assistance fee of ${m(d.feeCents)} will be added to it.`,
  );
  pdf.text(' ');
  pdf.text(
    es
      ? `Usted tiene derecho a impugnar esta deuda solicitando una audiencia por escrito dentro de los ${d.hearingDays} días siguientes a la fecha de envío de este aviso (${longDate(d.mailedOn, lang)}), es decir, a más tardar el ${longDate(d.hearingDeadline, lang)}. Envíe su solicitud por escrito, con su nombre, número de cuenta y el motivo por el que impugna la deuda, a: ${town.name}, ${town.address}. La solicitud se considera presentada en la fecha en que se envía por correo, con franqueo pagado y correctamente dirigida. También puede entregarla en la oficina.`
      : `You have the right to contest this debt by filing a written request for a hearing within ${d.hearingDays} days after the date this notice was mailed (${longDate(d.mailedOn, lang)}), that is, by ${longDate(d.hearingDeadline, lang)}. Send your written request, with your name, account number and why you contest the debt, to: ${town.name}, ${town.address}. A request is filed on the day it is mailed, postage prepaid and properly addressed. You may also hand it in at the office.`,
  );
  pdf.text(' ');
  pdf.text(
    es
      ? 'Si no solicita una audiencia a tiempo, la deuda se compensará con su reembolso de impuestos estatales o su premio de lotería. Si paga la deuda completa antes, no se presentará.'
      : 'If you do not request a hearing in time, the debt will be set off against your state tax refund or lottery prize. If you pay the debt in full first, it will not be submitted.',
  );
};

const cutoffNotice: Body<'cutoff_notice'> = (pdf, d, lang, town) => {
  const es = lang === 'es';
  const cut = longDate(d.cutoffDate, lang);
  pdf.text(
    es
      ? `Su cuenta tiene un saldo vencido${d.oldestDueDate ? ` desde el ${longDate(d.oldestDueDate, lang)}` : ''}. Si no paga ${m(d.pastDueCents)} antes del ${cut}, su servicio será desconectado por falta de pago a partir del ${cut}.`
      : `Your account is past due${d.oldestDueDate ? ` since ${longDate(d.oldestDueDate, lang)}` : ''}. Unless ${m(d.pastDueCents)} is paid before ${cut}, your service will be disconnected for nonpayment on or after ${cut}.`,
  );
  pdf.keyValues([
    [es ? 'Importe vencido a pagar' : 'Past-due amount to pay', m(d.pastDueCents)],
    [es ? 'Fecha de desconexión' : 'Cut-off date', cut],
    [es ? 'Cargo por reconexión después de la desconexión' : 'Reconnect fee after a disconnection', m(d.reconnectFeeCents)],
  ]);
  pdf.text(' ');
  pdf.section(es ? 'Cómo pagar' : 'How to pay');
  pdf.text(
    es
      ? `En persona en la oficina del pueblo, ${town.address}, ${d.officeHours?.es ? `en horario de oficina (${d.officeHours.es})` : 'en horario de oficina'}: efectivo, cheque, giro postal o tarjeta. Por correo: envíe un cheque o giro postal a nombre de ${town.name} a ${town.address}, con su número de cuenta ${d.accountNumber}; debe llegar antes del ${cut}. Por teléfono con tarjeta: ${town.phone}. Un pago en el buzón de la oficina se acredita el siguiente día hábil.`
      : `In person at the town office, ${town.address}, ${d.officeHours?.en ? `during office hours (${d.officeHours.en})` : 'during office hours'}: cash, check, money order or card. By mail: send a check or money order payable to ${town.name} to ${town.address} with your account number ${d.accountNumber}; it must arrive before ${cut}. By phone with a card: ${town.phone}. A payment left in the office drop box is credited the next business day.`,
  );
  pdf.text(
    es
      ? 'Si no puede pagar el total, llámenos antes de la fecha de desconexión para pedir un arreglo de pago o una extensión. Si alguien en su hogar tiene una condición médica grave, pida información sobre el certificado de alerta médica.'
      : 'If you cannot pay in full, call us before the cut-off date to ask for a payment arrangement or an extension. If someone in your household has a serious medical condition, ask about a Medical Alert certificate.',
  );
  pdf.section(es ? 'Cómo impugnar la factura y pedir una audiencia' : 'How to contest the bill and ask for a hearing');
  pdf.text(
    es
      ? `Si cree que la factura es incorrecta, tiene derecho a impugnarla y a pedir una audiencia antes de la desconexión. Llame a la Oficina de Facturación de Servicios Públicos al ${town.phone}, o escriba a ${town.name}, Oficina de Facturación de Servicios Públicos, ${town.address}, o venga a la oficina, a más tardar el ${longDate(d.contestBy, lang)}. Indique su nombre, su número de cuenta ${d.accountNumber} y por qué impugna la factura. Mientras su reclamo esté pendiente, no se desconectará el servicio por la cantidad en disputa.`
      : `If you believe the bill is wrong, you have the right to contest it and to ask for a hearing before the disconnection. Call the Utility Billing Office at ${town.phone}, or write to ${town.name}, Utility Billing Office, ${town.address}, or come to the office, no later than ${longDate(d.contestBy, lang)}. Give your name, your account number ${d.accountNumber} and why you contest the bill. While your dispute is pending, service will not be disconnected for the amount in dispute.`,
  );
  pdf.text(' ');
  pdf.text(
    es
      ? `Si el servicio se desconecta, para reconectarlo deberá pagar el saldo vencido y el cargo por reconexión de ${m(d.reconnectFeeCents)}. Si ya pagó, por favor ignore este aviso.`
      : `If service is disconnected, reconnecting it requires paying the past-due balance and the ${m(d.reconnectFeeCents)} reconnect fee. If you have already paid, please disregard this notice.`,
  );
};

const BODIES: { [K in LetterKind]: Body<K> } = {
  service_confirmation: serviceConfirmation,
  arrangement,
  deposit_receipt: depositReceipt,
  deposit_refund: depositRefund,
  welcome,
  credit_reference: creditReference,
  setoff_notice: setoffNotice,
  cutoff_notice: cutoffNotice,
};

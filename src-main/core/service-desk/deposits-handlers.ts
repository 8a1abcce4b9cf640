// Deposits and letters IPC handlers: the contract's doorway to deposits.ts, deposit-refunds.ts and
// documents/letters.ts. Every write runs in one transaction with its audit row.
import type { LetterOfCreditView, LetterView } from '../../../src-shared/ipc/deposits-schemas';
import type { Db } from '../../db/open-ledger';
import { liabilityReportPdf } from '../../documents/deposit-pdfs';
import { issueLetter } from '../../documents/letters';
import { recordAudit } from '../audit';
import { addDays } from '../deps';
import { signedIn, type CallContext, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { computeDeposit, depositPosition } from './deposits';
import { creditReferenceDetails, depositLiability, depositReceiptDetails, liabilityCsv, previewRefunds, refundEligibility, runRefunds, welcomeDetails } from './deposit-refunds';

type DepositMethods =
  | 'deposits.quote'
  | 'deposits.forAccount'
  | 'lettersOfCredit.record'
  | 'lettersOfCredit.list'
  | 'lettersOfCredit.void'
  | 'depositRefunds.preview'
  | 'depositRefunds.run'
  | 'deposits.liability'
  | 'deposits.liabilityPdf'
  | 'deposits.liabilityCsv'
  | 'letters.issue'
  | 'letters.list';

interface LocRow {
  id: number;
  customer_id: number;
  customer_name: string;
  utility: string;
  utility_account: string | null;
  received_on: string;
  letter_dated: string | null;
  good_months: number;
  note: string | null;
  created_at: string;
  voided_at: string | null;
  void_reason: string | null;
}

const LOC_SELECT = `SELECT l.id, l.customer_id, c.display_name AS customer_name, l.utility, l.utility_account, l.received_on, l.letter_dated, l.good_months, l.note, l.created_at, l.voided_at, l.void_reason
  FROM letters_of_credit l JOIN customers c ON c.id = l.customer_id`;

export function depositsHandlers(env: CoreEnv): Pick<Handlers, DepositMethods> {
  const { db } = env;
  const ctxOf = (ctx: CallContext) => {
    const s = signedIn(ctx);
    return { at: env.nowIso(), today: env.today(), userId: s.user.id, station: s.station };
  };
  const locView = (r: LocRow): LetterOfCreditView => {
    const st = env.settings();
    const today = env.today();
    return {
      id: r.id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      utility: r.utility,
      utilityAccount: r.utility_account,
      receivedOn: r.received_on,
      letterDated: r.letter_dated,
      goodMonths: r.good_months,
      note: r.note,
      createdAt: r.created_at,
      voidedAt: r.voided_at,
      voidReason: r.void_reason,
      waivesToday: r.voided_at === null && r.received_on <= today && r.received_on >= addDays(today, -st.letterOfCreditMaxAgeDays) && r.good_months >= st.letterOfCreditGoodMonths,
    };
  };
  const getLoc = (id: number) => {
    const r = db.prepare(`${LOC_SELECT} WHERE l.id = ?`).get(id) as LocRow | undefined;
    if (!r) throw new CoreError('NOT_FOUND', `No letter of credit ${id}.`);
    return r;
  };
  const accountNumber = (accountId: number) => {
    const a = db.prepare('SELECT number, customer_id FROM accounts WHERE id = ?').get(accountId) as { number: string; customer_id: number } | undefined;
    if (!a) throw new CoreError('NOT_FOUND', `No account ${accountId}.`);
    return a;
  };
  const letterViews = (db: Db, where: string, arg: number): LetterView[] =>
    (
      db
        .prepare(`SELECT l.id, l.kind, l.subject, l.language, l.created_at, u.display_name AS created_by, l.sent_at FROM letters l LEFT JOIN users u ON u.id = l.created_by WHERE ${where} ORDER BY l.created_at DESC, l.id DESC`)
        .all(arg) as Array<{ id: number; kind: LetterView['kind']; subject: string; language: 'en' | 'es'; created_at: string; created_by: string | null; sent_at: string | null }>
    ).map((r) => ({ id: r.id, kind: r.kind, subject: r.subject, language: r.language, createdAt: r.created_at, createdBy: r.created_by, sentAt: r.sent_at }));

  return {
    'deposits.quote': (input) => {
      const loc = db.prepare('SELECT service_class FROM service_locations WHERE id = ?').get(input.locationId) as { service_class: 'residential' | 'commercial' } | undefined;
      if (!loc) throw new CoreError('NOT_FOUND', `No service location ${input.locationId}.`);
      if (input.customerId !== undefined && !db.prepare('SELECT 1 FROM customers WHERE id = ?').get(input.customerId)) throw new CoreError('NOT_FOUND', `No customer ${input.customerId}.`);
      return computeDeposit(db, { locationId: input.locationId, serviceClass: input.serviceClass ?? loc.service_class, services: input.services, customerId: input.customerId ?? null }, env.settings(), env.today());
    },
    'deposits.forAccount': (input) => {
      const a = accountNumber(input.accountId);
      const pos = depositPosition(db, input.accountId);
      const rows = db.prepare(`${LOC_SELECT} WHERE l.customer_id = ? ORDER BY l.received_on DESC, l.id DESC`).all(a.customer_id) as LocRow[];
      return { ...pos, eligibility: refundEligibility(db, input.accountId, env.settings(), env.today()), lettersOfCredit: rows.map(locView) };
    },
    'lettersOfCredit.record': (input, ctx) => {
      const c = ctxOf(ctx);
      if (input.receivedOn > c.today) throw new CoreError('BAD_INPUT', `The received date ${input.receivedOn} is after today.`, { field: 'receivedOn' });
      if (input.letterDated && input.letterDated > input.receivedOn) throw new CoreError('BAD_INPUT', 'The letter is dated after it was received.', { field: 'letterDated' });
      return db.transaction(() => {
        const cust = db.prepare('SELECT id FROM customers WHERE id = ?').get(input.customerId);
        if (!cust) throw new CoreError('NOT_FOUND', `No customer ${input.customerId}.`);
        const id = Number(
          db
            .prepare('INSERT INTO letters_of_credit (customer_id, utility, utility_account, received_on, letter_dated, good_months, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
            .run(input.customerId, input.utility, input.utilityAccount || null, input.receivedOn, input.letterDated ?? null, input.goodMonths, input.note || null, c.at, c.userId).lastInsertRowid,
        );
        recordAudit(db, { at: c.at, userId: c.userId, station: c.station, action: 'letterOfCredit.record', subject: `customer ${input.customerId}`, details: { id, utility: input.utility, receivedOn: input.receivedOn, goodMonths: input.goodMonths } });
        return locView(getLoc(id));
      })();
    },
    'lettersOfCredit.list': (input) => {
      const rows = input.customerId
        ? (db.prepare(`${LOC_SELECT} WHERE l.customer_id = ? ORDER BY l.received_on DESC, l.id DESC`).all(input.customerId) as LocRow[])
        : (db.prepare(`${LOC_SELECT} ORDER BY l.received_on DESC, l.id DESC LIMIT ?`).all(input.limit ?? 50) as LocRow[]);
      return { rows: rows.map(locView) };
    },
    'lettersOfCredit.void': (input, ctx) => {
      const c = ctxOf(ctx);
      return db.transaction(() => {
        const r = getLoc(input.id);
        if (r.voided_at) throw new CoreError('CONFLICT', `Letter of credit ${input.id} was already voided.`);
        db.prepare('UPDATE letters_of_credit SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?').run(c.at, c.userId, input.reason, input.id);
        recordAudit(db, { at: c.at, userId: c.userId, station: c.station, action: 'letterOfCredit.void', subject: `letter of credit ${input.id}`, reason: input.reason });
        return locView(getLoc(input.id));
      })();
    },
    'depositRefunds.preview': () => previewRefunds(db, env.settings(), env.today()),
    'depositRefunds.run': (input, ctx) => runRefunds(db, { idempotencyKey: input.idempotencyKey, accountIds: input.accountIds }, env.settings(), ctxOf(ctx)),
    'deposits.liability': () => depositLiability(db, env.today()),
    'deposits.liabilityPdf': async () => {
      const st = env.settings();
      const r = depositLiability(db, env.today());
      const out = await liabilityReportPdf(r, { name: st.townName, timeZone: st.timeZone }, env.nowIso());
      return { filename: `deposit-liability-${r.asOf}.pdf`, contentBase64: out.bytes.toString('base64'), pages: out.pages };
    },
    'deposits.liabilityCsv': () => {
      const r = depositLiability(db, env.today());
      return { filename: `deposit-liability-${r.asOf}.csv`, content: liabilityCsv(r) };
    },
    'letters.issue': (input, ctx) => {
      const c = ctxOf(ctx);
      const st = env.settings();
      return db.transaction(() => {
        const a = accountNumber(input.accountId);
        const common = { accountId: input.accountId, language: input.language, at: c.at, userId: c.userId };
        const issued =
          input.kind === 'credit_reference'
            ? issueLetter(db, { ...common, kind: 'credit_reference', details: creditReferenceDetails(db, input.accountId, st, c.today) })
            : input.kind === 'deposit_receipt'
              ? issueLetter(db, { ...common, kind: 'deposit_receipt', details: depositReceiptDetails(db, input.accountId, st, c.today) })
              : issueLetter(db, { ...common, kind: 'welcome', details: welcomeDetails(db, input.accountId, st) });
        recordAudit(db, { at: c.at, userId: c.userId, station: c.station, action: 'letter.issue', subject: a.number, details: { letterId: issued.letterId, kind: issued.kind, language: issued.language } });
        return letterViews(db, 'l.id = ?', issued.letterId)[0]!;
      })();
    },
    'letters.list': (input) => {
      accountNumber(input.accountId);
      return { rows: letterViews(db, 'l.account_id = ?', input.accountId) };
    },
  };
}

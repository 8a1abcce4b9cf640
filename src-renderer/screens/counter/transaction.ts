// The transaction being keyed at the counter: account and revenue lines, tenders, and the
// idempotency key made when the transaction started (sent again on every retry). Kept in a
// store per app, so looking at another screen mid-transaction loses nothing; a new signed-in
// user starts with an empty one. checkTransaction turns the typed text into the request the
// core previews and posts, with a message for every field that is not right yet.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountDetail, AccountSummary, MethodInput } from '../../../src-shared/ipc/contract';
import type { TenderInput } from '../../../src-shared/ipc/counter-schemas';
import { useServices } from '../../app/context';
import type { AppStore } from '../../state/app-store';
import { checkAmount } from '../../ui/amount';
import { newIdempotencyKey } from '../../ui/idempotency-key';

export type PaymentRequestInput = MethodInput<'payments.preview'>;
export type TenderKind = TenderInput['kind'];

export const TENDER_KINDS: ReadonlyArray<{ kind: TenderKind; label: string }> = [
  { kind: 'cash', label: 'Cash' },
  { kind: 'check', label: 'Check' },
  { kind: 'card', label: 'Card' },
  { kind: 'money_order', label: 'Money order' },
  { kind: 'remittance', label: 'Remittance' },
];

export function tenderLabel(kind: TenderKind): string {
  return TENDER_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

export type DueFigures = Pick<AccountDetail, 'pastDueCents' | 'currentDueCents' | 'nextDueDate'>;

export interface AccountLine {
  key: string;
  type: 'account';
  account: AccountSummary;
  /** Past due and due date, filled in from accounts.get after the account is picked. */
  due: DueFigures | null;
  amount: string;
  fromStub: boolean;
}

export interface RevenueLine {
  key: string;
  type: 'revenue';
  code: string;
  amount: string;
  billRef: string;
  taxYear: string;
  department: string;
  description: string;
}

export type Line = AccountLine | RevenueLine;

export interface Tender {
  key: string;
  kind: TenderKind;
  amount: string;
  checkNumber: string;
  payer: string;
  brand: string;
  last4: string;
  authCode: string;
  reference: string;
}

export interface TransactionState {
  idempotencyKey: string;
  lines: Line[];
  tenders: Tender[];
  seq: number;
  addAccount(account: AccountSummary, amount: string, fromStub: boolean): string;
  setDue(accountId: number, due: DueFigures): void;
  addRevenue(): string;
  updateLine(key: string, patch: Partial<Omit<AccountLine, 'key' | 'type'>> | Partial<Omit<RevenueLine, 'key' | 'type'>>): void;
  removeLine(key: string): void;
  addTender(kind: TenderKind, amount: string, payer: string): string;
  updateTender(key: string, patch: Partial<Omit<Tender, 'key' | 'kind'>>): void;
  removeTender(key: string): void;
  /** Starts a new transaction (and a new idempotency key). */
  reset(): void;
}

export type TransactionStore = StoreApi<TransactionState>;

export function createTransactionStore(): TransactionStore {
  return createStore<TransactionState>()((set, get) => ({
    idempotencyKey: newIdempotencyKey(),
    lines: [],
    tenders: [],
    seq: 0,
    addAccount(account, amount, fromStub) {
      const key = `l${get().seq + 1}`;
      set((s) => ({ seq: s.seq + 1, lines: [...s.lines, { key, type: 'account', account, due: null, amount, fromStub }] }));
      return key;
    },
    setDue: (accountId, due) => set((s) => ({ lines: s.lines.map((l) => (l.type === 'account' && l.account.id === accountId ? { ...l, due } : l)) })),
    addRevenue() {
      const key = `l${get().seq + 1}`;
      set((s) => ({ seq: s.seq + 1, lines: [...s.lines, { key, type: 'revenue', code: '', amount: '', billRef: '', taxYear: '', department: '', description: '' }] }));
      return key;
    },
    updateLine: (key, patch) => set((s) => ({ lines: s.lines.map((l) => (l.key === key ? { ...l, ...patch } : l)) })),
    removeLine: (key) => set((s) => ({ lines: s.lines.filter((l) => l.key !== key) })),
    addTender(kind, amount, payer) {
      const key = `t${get().seq + 1}`;
      set((s) => ({ seq: s.seq + 1, tenders: [...s.tenders, { key, kind, amount, checkNumber: '', payer, brand: '', last4: '', authCode: '', reference: '' }] }));
      return key;
    },
    updateTender: (key, patch) => set((s) => ({ tenders: s.tenders.map((t) => (t.key === key ? { ...t, ...patch } : t)) })),
    removeTender: (key) => set((s) => ({ tenders: s.tenders.filter((t) => t.key !== key) })),
    reset: () => set({ idempotencyKey: newIdempotencyKey(), lines: [], tenders: [] }),
  }));
}

const stores = new WeakMap<AppStore, TransactionStore>();

/** The transaction store of one running app (made on first use, emptied when the user changes). */
export function transactionStoreFor(app: AppStore): TransactionStore {
  let store = stores.get(app);
  if (!store) {
    const created = createTransactionStore();
    app.subscribe((next, prev) => {
      if (next.session?.token !== prev.session?.token) created.getState().reset();
    });
    stores.set(app, created);
    store = created;
  }
  return store;
}

export function useTransactionStore(): TransactionStore {
  return transactionStoreFor(useServices().store);
}

export function useTransaction<T>(selector: (s: TransactionState) => T): T {
  return useStore(useTransactionStore(), selector);
}

export interface RevenueCode {
  code: string;
  name: string;
  needsBillRef: boolean;
  needsDepartment: boolean;
  needsDescription: boolean;
}

export interface FieldProblem {
  /** The field's id (see fieldId). */
  field: string;
  /** Where, in words: "Line 2 (revenue)", "Tender 1 (check)". */
  where: string;
  message: string;
  /** True when the field is simply empty: shown at the field only once it has been visited. */
  empty: boolean;
}

export interface CheckedTransaction {
  problems: FieldProblem[];
  /** What to preview: every amount is good (details not yet complete are stood in for). */
  preview: PaymentRequestInput | null;
  /** What to post: everything is complete. Equal to preview when set. */
  post: PaymentRequestInput | null;
  /** Sum of the lines' good amounts and of the tenders' good amounts, for default tender amounts. */
  linesCents: number;
  tenderedCents: number;
  /** The line and tender keys in the order of the preview request (a core problem's `line` / `tender` index). */
  previewLineKeys: string[];
  previewTenderKeys: string[];
}

export function fieldId(key: string, name: string): string {
  return `txn-${key}-${name}`;
}

const CHECK_NUMBER = /^\d{1,10}$/;
const AUTH_CODE = /^[A-Za-z0-9]{2,8}$/;
const LAST4 = /^\d{4}$/;

export function checkTransaction(lines: readonly Line[], tenders: readonly Tender[], codes: readonly RevenueCode[]): CheckedTransaction {
  const problems: FieldProblem[] = [];
  let amountsOk = lines.length > 0;
  let linesCents = 0;
  let tenderedCents = 0;
  const add = (key: string, name: string, where: string, message: string, empty = false) => problems.push({ field: fieldId(key, name), where, message, empty });

  const reqLines: PaymentRequestInput['lines'] = [];
  const previewLineKeys: string[] = [];
  const previewTenderKeys: string[] = [];
  lines.forEach((l, i) => {
    const where = `Line ${i + 1}${l.type === 'account' ? ` (${l.account.number})` : ' (revenue)'}`;
    const amt = checkAmount(l.amount);
    if (amt.ok) linesCents += amt.cents;
    else {
      amountsOk = false;
      add(l.key, 'amount', where, amt.message, amt.empty);
    }
    if (l.type === 'account') {
      if (amt.ok) {
        reqLines.push({ type: 'account', accountId: l.account.id, amountCents: amt.cents });
        previewLineKeys.push(l.key);
      }
      return;
    }
    const code = codes.find((c) => c.code === l.code);
    if (!code) {
      amountsOk = false;
      add(l.key, 'code', where, 'Choose the revenue code.', true);
      return;
    }
    const line: Extract<PaymentRequestInput['lines'][number], { type: 'revenue' }> = { type: 'revenue', revenueCode: code.code, amountCents: amt.ok ? amt.cents : 0 };
    // Missing details are left out of the preview request: the core names them as problems.
    if (code.needsBillRef) {
      if (l.billRef.trim() === '') add(l.key, 'billRef', where, 'Enter the tax bill number.', true);
      else line.billRef = l.billRef.trim();
      if (l.taxYear.trim() === '') add(l.key, 'taxYear', where, 'Enter the tax year.', true);
      else if (!/^\d{4}$/.test(l.taxYear.trim()) || Number(l.taxYear) < 1900 || Number(l.taxYear) > 2200) add(l.key, 'taxYear', where, 'Enter the tax year as four digits, like 2025.');
      else line.taxYear = Number(l.taxYear.trim());
    }
    if (code.needsDepartment) {
      if (l.department.trim() === '') add(l.key, 'department', where, 'Enter the department.', true);
      else line.department = l.department.trim();
    }
    if (l.description.trim() !== '') line.description = l.description.trim();
    else if (code.needsDescription) add(l.key, 'description', where, 'Enter a description of what is paid.', true);
    if (amt.ok) {
      reqLines.push(line);
      previewLineKeys.push(l.key);
    }
  });

  const reqTenders: TenderInput[] = [];
  const previewTenders: TenderInput[] = [];
  tenders.forEach((t, i) => {
    const where = `Tender ${i + 1} (${tenderLabel(t.kind).toLowerCase()})`;
    const amt = checkAmount(t.amount);
    if (!amt.ok) {
      amountsOk = false;
      add(t.key, 'amount', where, amt.message, amt.empty);
      return;
    }
    tenderedCents += amt.cents;
    const amountCents = amt.cents;
    const before = problems.length;
    const text = (v: string) => v.trim();
    let real: TenderInput;
    // The preview needs only each tender's kind and amount; details still being typed are stood in for.
    let stand: TenderInput;
    switch (t.kind) {
      case 'cash':
        real = stand = { kind: 'cash', amountCents };
        break;
      case 'check': {
        if (text(t.checkNumber) === '') add(t.key, 'checkNumber', where, 'Enter the check number.', true);
        else if (!CHECK_NUMBER.test(text(t.checkNumber))) add(t.key, 'checkNumber', where, 'The check number is 1 to 10 digits.');
        if (text(t.payer) === '') add(t.key, 'payer', where, 'Enter who wrote the check.', true);
        real = { kind: 'check', amountCents, checkNumber: text(t.checkNumber), payer: text(t.payer) };
        stand = { kind: 'check', amountCents, checkNumber: '0', payer: 'payer' };
        break;
      }
      case 'card': {
        if (t.brand === '') add(t.key, 'brand', where, 'Choose the card brand.', true);
        if (t.last4 === '') add(t.key, 'last4', where, 'Enter the last four digits of the card.', true);
        else if (!LAST4.test(t.last4)) add(t.key, 'last4', where, 'Enter exactly four digits: the last four of the card.');
        if (text(t.authCode) === '') add(t.key, 'authCode', where, 'Enter the authorization code from the terminal.', true);
        else if (!AUTH_CODE.test(text(t.authCode))) add(t.key, 'authCode', where, 'The authorization code is 2 to 8 letters or digits.');
        real = { kind: 'card', amountCents, brand: t.brand as Extract<TenderInput, { kind: 'card' }>['brand'], last4: t.last4, authCode: text(t.authCode) };
        stand = { kind: 'card', amountCents, brand: 'OTHER', last4: '0000', authCode: 'XX' };
        break;
      }
      case 'money_order':
        real = stand = text(t.reference) === '' ? { kind: 'money_order', amountCents } : { kind: 'money_order', amountCents, reference: text(t.reference) };
        break;
      case 'remittance': {
        if (text(t.reference) === '') add(t.key, 'reference', where, 'Enter the remittance reference.', true);
        real = text(t.payer) === '' ? { kind: 'remittance', amountCents, reference: text(t.reference) } : { kind: 'remittance', amountCents, reference: text(t.reference), payer: text(t.payer) };
        stand = { kind: 'remittance', amountCents, reference: 'REF' };
        break;
      }
    }
    reqTenders.push(real);
    previewTenders.push(problems.length === before ? real : stand);
    previewTenderKeys.push(t.key);
  });

  const preview = amountsOk ? { lines: reqLines, tenders: previewTenders } : null;
  const post = preview && problems.length === 0 ? { lines: reqLines, tenders: reqTenders } : null;
  return { problems, preview, post, linesCents, tenderedCents, previewLineKeys, previewTenderKeys };
}

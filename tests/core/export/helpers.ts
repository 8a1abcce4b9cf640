// Busy business days generated through the contract (drawer, payments with every tender, other
// revenue, voids, a returned check, a mail batch, a blind count $1.00 short, day close), an
// independent RFC 4180 reader, and a file system that fails like a full disk.
import fs from 'node:fs';
import path from 'node:path';
import type { ExportDeps, ExportTimers } from '../../../src-main/core/export/exporter';
import type { ExportFs } from '../../../src-main/export/atomic';
import { nodeExportFs } from '../../../src-main/export/atomic';
import { makeTestCore, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK, type FixtureAccount } from '../../helpers/fixtures';

/** A test core with the export's injected parts and a key file, at the export tests' default time. */
export function makeExportCore(o: { file?: string; now?: string; station?: string; exporting?: ExportDeps; keyFile?: string | null; log?: (m: string, e?: unknown) => void } = {}): Promise<TestCore> {
  return makeTestCore({
    file: o.file,
    now: o.now ?? '2026-03-16T13:00:00Z',
    station: o.station,
    boot: { appVersion: '9.9.9-test', log: o.log ?? (() => {}), exporting: o.exporting, keyFile: o.keyFile ?? null },
  });
}

/** Timers the test fires by hand. */
export function manualTimers(): ExportTimers & { pending: Array<{ ms: number; fire(): void }>; fireNext(): number } {
  const pending: Array<{ ms: number; fire(): void; cancelled: boolean }> = [];
  return {
    pending,
    setTimer(fn, ms) {
      const t = { ms, cancelled: false, fire: () => {
        pending.splice(pending.indexOf(t), 1);
        if (!t.cancelled) fn();
      } };
      pending.push(t);
      return () => {
        t.cancelled = true;
        const k = pending.indexOf(t);
        if (k >= 0) pending.splice(k, 1);
      };
    },
    fireNext() {
      const t = pending[0];
      if (!t) throw new Error('no timer is armed');
      t.fire();
      return t.ms;
    },
  };
}

export const SUP = { username: 'supervisor', secret: '9999' };

export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeTownAccounts(t: TestCore, n: number, billDate = '2026-02-20'): FixtureAccount[] {
  const db = t.core.deps.db;
  return Array.from({ length: n }, (_, i) => {
    const a = makeAccount(db, { first: `Pat${i}`, last: `Doe${i}`, street: `${100 + i} Main St` });
    billAccount(db, a.id, billDate, { water: 2000 + i * 13, sewer: 2500, solid_waste: 1800 });
    return a;
  });
}

export interface DayOptions {
  payments: number;
  seed: number;
  /** Record a returned check (from this day's receipts) before closing. */
  returnCheck?: boolean;
  /** Cash counted short, in cents (under the $5.00 limit). */
  shortCents?: number;
  /** Put spreadsheet-formula text in a MISC description and a payer. */
  formulaText?: boolean;
}

/** Works one whole business day at station S1 through the contract and closes it. */
export async function workDay(t: TestCore, date: string, accounts: FixtureAccount[], o: DayOptions): Promise<{ receipts: string[] }> {
  t.clock.set(`${date}T14:00:00Z`);
  const cashier = await t.signIn('cashier');
  const sup = await t.signIn('supervisor');
  await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
  const random = prng(o.seed);
  const receipts: string[] = [];
  for (let i = 0; i < o.payments; i++) {
    t.clock.set(new Date(Date.parse(`${date}T14:00:00Z`) + i * 20_000).toISOString());
    const acct = accounts[Math.floor(random() * accounts.length)]!;
    const amount = 500 + Math.floor(random() * 15000);
    const kind = random();
    const tenders =
      kind < 0.45
        ? [{ kind: 'cash' as const, amountCents: amount + Math.floor(random() * 2000) }]
        : kind < 0.7
          ? [{ kind: 'check' as const, amountCents: amount, checkNumber: String(1000 + i), payer: o.formulaText && i === 1 ? '@SUM(1+1)' : 'Payer, Jr.' }]
          : kind < 0.88
            ? [{ kind: 'card' as const, amountCents: amount, brand: 'VISA' as const, last4: '4242', authCode: `A${i}` }]
            : [{ kind: 'cash' as const, amountCents: Math.floor(amount / 2) }, { kind: 'money_order' as const, amountCents: amount - Math.floor(amount / 2), reference: `MO${i}` }];
    const r = random();
    const lines =
      o.formulaText && i === 0
        ? [{ type: 'revenue' as const, revenueCode: 'MISC', amountCents: amount, description: '=HYPERLINK("http://x","click"), "quoted"' }]
        : r < 0.1
          ? [{ type: 'revenue' as const, revenueCode: 'REC', amountCents: amount, description: 'Pool pass' }]
          : r < 0.15
            ? [
                { type: 'account' as const, accountId: acct.id, amountCents: amount - 300 },
                { type: 'revenue' as const, revenueCode: 'PERMIT', amountCents: 300 },
              ]
            : [{ type: 'account' as const, accountId: acct.id, amountCents: amount }];
    const posted = await t.must('payments.post', { idempotencyKey: `${date}-pay-${String(i).padStart(5, '0')}`, lines, tenders }, cashier);
    receipts.push(posted.receipt.number);
  }
  for (let i = 3; i < receipts.length; i += 11) {
    const reason = o.formulaText && i === 3 ? '=HYPERLINK("http://x","click"), "quoted"' : 'keyed in error';
    await t.must('receipts.void', { number: receipts[i]!, reason, override: SUP }, cashier);
  }
  if (o.returnCheck) {
    const row = t.core.deps.db
      .prepare(
        `SELECT r.number FROM receipts r JOIN receipt_tenders tt ON tt.receipt_id = r.id JOIN receipt_lines l ON l.receipt_id = r.id
          WHERE r.business_date = ? AND tt.kind = 'check' AND l.account_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM journal_entries v WHERE v.reverses_entry_id = r.entry_id) ORDER BY r.id LIMIT 1`,
      )
      .get(date) as { number: string } | undefined;
    if (row) await t.must('payments.return', { receiptNumber: row.number, reason: o.formulaText ? '-NSF @bank' : 'NSF', returnedOn: date, override: SUP }, cashier);
  }
  // A mail batch of two checks.
  const clerk = await t.signIn('clerk');
  const batch = await t.must('mailBatches.open', { controlCount: 2, controlTotalCents: 7000 }, clerk);
  await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: accounts[0]!.number, amountCents: 3000, checkNumber: '7001' }, clerk);
  await t.must('mailBatches.addItem', { batchId: batch.id, accountNumber: accounts[1]!.number, amountCents: 4000, checkNumber: '7002' }, clerk);
  await t.must('mailBatches.post', { batchId: batch.id }, clerk);
  // Blind count, short by shortCents in cash.
  const drawerId = (await t.must('drawer.current', {}, cashier)).drawer!.id;
  const rep = await t.must('reports.drawer', { drawerId }, sup);
  const cash = rep.expected!.cash - (o.shortCents ?? 0);
  const counts = [
    { denominationCents: 100, count: Math.floor(cash / 100) },
    { denominationCents: 1, count: cash % 100 },
  ];
  // Every check of the drawer ticked off its list (check numbers are digits only).
  const checks = (await t.must('drawer.checks', {}, cashier)).checks.map((c) => ({ receiptNumber: c.receiptNumber, tenderLineNo: c.tenderLineNo }));
  const count = await t.must('drawer.count', { counts, checks, cardBatchCents: rep.expected!.card }, cashier);
  await t.must('drawer.close', { countId: count.countId }, cashier);
  t.clock.set(`${date}T22:30:00Z`);
  await t.must('day.close', { businessDate: date }, sup);
  return { receipts };
}

/** RFC 4180 reader, written apart from the exporter's writer: records of fields, CRLF required. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

/** A CSV file as objects keyed by its header. */
export function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  return rows.map((r) => {
    if (r.length !== header!.length) throw new Error(`${path.basename(file)}: a row of ${r.length} fields under a header of ${header!.length}`);
    return Object.fromEntries(header!.map((h, k) => [h, r[k]!]));
  });
}

/** "-12.50" → -1250, refusing anything that is not a plain decimal with two places. */
export function cents(v: string): number {
  if (!/^-?\d+\.\d{2}$/.test(v)) throw new Error(`not a plain money value: "${v}"`);
  const neg = v.startsWith('-');
  const [w, f] = v.replace('-', '').split('.') as [string, string];
  return (neg ? -1 : 1) * (Number(w) * 100 + Number(f));
}

/** Like the real file system, except that writing `failOn` stops half-way with ENOSPC. */
export function fullDiskFs(failOn: string): ExportFs & { failures: number } {
  const f = {
    ...nodeExportFs,
    failures: 0,
    async writeFile(p: string, data: Buffer) {
      if (path.basename(p) !== failOn) return nodeExportFs.writeFile(p, data);
      f.failures++;
      fs.writeFileSync(p, data.subarray(0, Math.floor(data.length / 2)), { flag: 'wx' });
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${p}'`), { code: 'ENOSPC' });
    },
  };
  return f;
}

/** Every entry in a target folder (including hidden temporary folders). */
export function listTarget(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

// Late penalty run and aging IPC handlers: the contract's doorway to penalties.ts and aging.ts.
// Long walks report their progress through collections.progress (polled by the screens).
import type { AgingBucketsView, AgingRowView, PenaltyRunView, WalkProgressView } from '../../../src-shared/ipc/penalty-schemas';
import { formatCents } from '../../../src-shared/money';
import { PdfWriter } from '../../documents/pdf';
import type { Db } from '../../db/open-ledger';
import { recordAudit } from '../audit';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { CoreError } from '../errors';
import { accountAgingItems, AgingCache, filterAging, type AgingAccount } from './aging';
import { accountOpen } from './open-items';
import { getPenaltyRun, listPenaltyRuns, previewPenalties, runPenalties, type PenaltyRunRow, type PenaltyTuning } from './penalties';

type PenaltyMethods =
  | 'collections.penalties.preview'
  | 'collections.penalties.run'
  | 'collections.penalties.runs'
  | 'collections.progress'
  | 'collections.aging'
  | 'collections.agingPdf'
  | 'collections.accountAging';

/** Accounts per aging PDF part. */
export const AGING_PDF_PART_ROWS = 5_000;

function maxAccountId(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS m FROM accounts').get() as { m: number }).m;
}

function runView(db: Db, r: PenaltyRunRow): PenaltyRunView {
  const max = maxAccountId(db);
  const { lastAccountId: _l, ...rest } = r;
  return { ...rest, progress: r.status === 'done' ? 1 : max === 0 ? 0 : Math.min(1, r.lastAccountId / max) };
}

export function penaltyHandlers(env: CoreEnv, tuning: Partial<PenaltyTuning> = {}): Pick<Handlers, PenaltyMethods> {
  const { db } = env;
  const named = db.prepare('SELECT a.number AS accountNumber, c.display_name AS name, a.status FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?');
  const nameOf = (id: number) => named.get(id) as { accountNumber: string; name: string; status: AgingRowView['status'] };
  const progress: WalkProgressView = { job: null, date: null, doneAccounts: 0, totalAccounts: 0 };
  let walking = false;
  const walk = async <T>(job: NonNullable<WalkProgressView['job']>, date: string, fn: (onProgress: (done: number, max: number) => void) => Promise<T>): Promise<T> => {
    if (walking) throw new CoreError('CONFLICT', progress.job === 'penalty_run' ? 'The late penalty run is running now; try again when it is done.' : 'Another collections walk is running now; try again in a moment.');
    walking = true;
    Object.assign(progress, { job, date, doneAccounts: 0, totalAccounts: maxAccountId(db) });
    try {
      return await fn((done, max) => Object.assign(progress, { doneAccounts: done, totalAccounts: max }));
    } finally {
      walking = false;
      Object.assign(progress, { job: null, date: null, doneAccounts: 0, totalAccounts: 0 });
    }
  };
  const aging = new AgingCache(db);
  const agingOf = async (asOf: string) => {
    // Aging walks share the progress bar; a second caller while one walks waits for it (the same
    // date shares the walk), a penalty preview or run makes it try again later.
    if (walking && progress.job === 'aging') return aging.get(asOf);
    if (walking) throw new CoreError('CONFLICT', 'The late penalty run or its preview is walking the accounts now; try again in a moment.');
    walking = true;
    Object.assign(progress, { job: 'aging', date: asOf, doneAccounts: 0, totalAccounts: maxAccountId(db) });
    try {
      return await aging.get(asOf, { onProgress: (done, max) => Object.assign(progress, { doneAccounts: done, totalAccounts: max }) });
    } finally {
      walking = false;
      Object.assign(progress, { job: null, date: null, doneAccounts: 0, totalAccounts: 0 });
    }
  };
  const rowView = (a: AgingAccount): AgingRowView => {
    const n = nameOf(a.accountId);
    return { accountId: a.accountId, accountNumber: n.accountNumber, name: n.name, status: n.status, buckets: a.buckets, openCents: a.openCents, pastDueCents: a.pastDueCents };
  };
  const money = (c: number) => formatCents(c, { symbol: true });

  return {
    'collections.penalties.preview': async () => {
      const runDate = env.today();
      const p = await walk('penalty_preview', runDate, (onProgress) => previewPenalties(db, { runDate, settings: env.settings(), tuning, onProgress }));
      const done = db.prepare("SELECT 1 FROM penalty_runs WHERE run_date = ? AND status = 'done'").get(runDate) !== undefined;
      return { ...p, samples: p.samples.map((s) => ({ ...s, ...pick(nameOf(s.accountId)) })), alreadyRun: done };
    },
    'collections.penalties.run': async (_input, ctx) => {
      const s = signedIn(ctx);
      const runDate = env.today();
      const r = await walk('penalty_run', runDate, (onProgress) =>
        runPenalties(db, { runDate, settings: env.settings(), tuning, onProgress, at: env.nowIso(), now: env.nowIso, userId: s.user.id, station: s.station }),
      );
      db.transaction(() =>
          recordAudit(db, {
            at: env.nowIso(),
            userId: s.user.id,
            station: s.station,
            action: 'penalties.run',
            subject: `penalty run ${r.run.id}`,
            details: { runDate, penalizedNow: r.penalizedNow, penalizedCentsNow: r.penalizedCentsNow, penalized: r.run.penalizedCount, skipped: r.run.skippedCount },
          }),
        )();
      return { run: runView(db, getPenaltyRun(db, r.run.id)), penalizedNow: r.penalizedNow, penalizedCentsNow: r.penalizedCentsNow };
    },
    'collections.penalties.runs': (input) => ({ runs: listPenaltyRuns(db, input.limit ?? 20).map((r) => runView(db, r)) }),
    'collections.progress': () => ({ ...progress }),
    'collections.aging': async (input) => {
      const { walk: w, cached } = await agingOf(input.asOf);
      const f = filterAging(w, input);
      const offset = input.offset ?? 0;
      const limit = input.limit ?? 100;
      return {
        asOf: w.asOf,
        totals: w.totals,
        openCents: w.openCents,
        accounts: w.accounts.length,
        matching: f.rows.length,
        matchingTotals: f.totals,
        rows: f.rows.slice(offset, offset + limit).map(rowView),
        walkMs: cached ? 0 : w.walkMs,
      };
    },
    'collections.agingPdf': async (input) => {
      const { walk: w } = await agingOf(input.asOf);
      const f = filterAging(w, input);
      const parts = Math.max(1, Math.ceil(f.rows.length / AGING_PDF_PART_ROWS));
      const part = input.part ?? 1;
      if (part > parts) throw new CoreError('NOT_FOUND', `The aging PDF has ${parts} part${parts === 1 ? '' : 's'}.`);
      const st = env.settings();
      const title = `Aging as of ${w.asOf}`;
      const pdf = new PdfWriter(title, { timeZone: st.timeZone });
      const which = [input.minCents !== undefined ? `at least ${money(input.minCents)} open` : null, input.bucket ? `something in the ${input.bucket === 'current' ? 'current' : `${input.bucket}${input.bucket === '90' ? '+' : ''} days`} bucket` : null, input.status ? `status ${input.status.replace('_', ' ')}` : null]
        .filter(Boolean)
        .join(', ');
      pdf.heading({ town: st.townName, title, subtitle: `Printed ${pdf.time(env.nowIso())}${which ? ` — accounts with ${which}` : ' — all accounts with anything open'}${parts > 1 ? `, part ${part} of ${parts}` : ''}` });
      const bucketRow = (label: string, b: AgingBucketsView) => [label, money(b.currentCents), money(b.days30Cents), money(b.days60Cents), money(b.days90Cents), money(b.currentCents + b.days30Cents + b.days60Cents + b.days90Cents)];
      const cols = [
        { header: '', width: 132 },
        { header: 'Current', width: 76, align: 'right' as const },
        { header: '30 days', width: 76, align: 'right' as const },
        { header: '60 days', width: 76, align: 'right' as const },
        { header: '90+ days', width: 76, align: 'right' as const },
        { header: 'Total', width: 76, align: 'right' as const },
      ];
      pdf.section('Totals');
      pdf.table(cols, [bucketRow(`All (${w.accounts.length} accounts)`, w.totals), bucketRow(`Listed (${f.rows.length} accounts)`, f.totals)]);
      pdf.section('Accounts');
      pdf.table(
        [
          { header: 'Account', width: 60 },
          { header: 'Customer', width: 112 },
          { header: 'Status', width: 52 },
          { header: 'Current', width: 58, align: 'right' },
          { header: '30', width: 58, align: 'right' },
          { header: '60', width: 58, align: 'right' },
          { header: '90+', width: 58, align: 'right' },
          { header: 'Past due', width: 56, align: 'right' },
        ],
        f.rows.slice((part - 1) * AGING_PDF_PART_ROWS, part * AGING_PDF_PART_ROWS).map((a) => {
          const r = rowView(a);
          return [r.accountNumber, r.name, r.status.replace('_', ' '), money(a.buckets.currentCents), money(a.buckets.days30Cents), money(a.buckets.days60Cents), money(a.buckets.days90Cents), money(a.pastDueCents)];
        }),
      );
      const out = await pdf.finish(`${st.townName} aging as of ${w.asOf}`);
      return { filename: `aging-${w.asOf}${parts > 1 ? `-part${String(part).padStart(3, '0')}` : ''}.pdf`, contentBase64: out.bytes.toString('base64'), pages: out.pages };
    },
    'collections.accountAging': (input) => {
      const asOf = input.asOf ?? env.today();
      if (!db.prepare('SELECT 1 FROM accounts WHERE id = ?').get(input.accountId)) throw new CoreError('NOT_FOUND', `No account ${input.accountId}.`);
      const o = accountOpen(db, input.accountId, asOf);
      const penalties = db
        .prepare(
          `SELECT p.bill_id AS billId, b.due_date AS billDueDate, r.run_date AS runDate, p.past_due_cents AS pastDueCents, p.penalty_cents AS penaltyCents
             FROM bill_penalties p JOIN bills b ON b.id = p.bill_id JOIN penalty_runs r ON r.id = p.run_id WHERE p.account_id = ? ORDER BY r.run_date DESC, p.bill_id DESC`,
        )
        .all(input.accountId) as Array<{ billId: number; billDueDate: string; runDate: string; pastDueCents: number; penaltyCents: number }>;
      return { accountId: input.accountId, asOf, buckets: o.buckets, openCents: o.openCents, pastDueCents: o.pastDueCents, items: accountAgingItems(db, input.accountId, asOf), penalties };
    },
  };
}

function pick(n: { accountNumber: string; name: string }) {
  return { accountNumber: n.accountNumber, name: n.name };
}

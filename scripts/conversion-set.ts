// npm run conversion-set -- --out DIR [--accounts N] [--seed S] [--today YYYY-MM-DD] [--errors] [--json]
// Writes a demo conversion set (the CSV files of docs/IMPORT.md) for an N-account town into DIR,
// deterministic for the same seed, day and size, with progress on stderr and the control totals
// on stdout (what the importer's summary must show). --errors then applies the fixed list of
// deliberate errors and writes ERRORS.md and expected-rejects.csv beside the files.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeConversionErrors } from '../src-main/demo/conversion-errors';
import { writeConversionSet, type ConversionSetTotals } from '../src-main/demo/conversion-set';

export class ConversionSetArgsError extends Error {}

export interface ConversionSetArgs {
  out: string;
  accounts: number;
  seed: number;
  today: string;
  errors: boolean;
  json: boolean;
  help: boolean;
}

export function parseConversionSetArgs(argv: string[]): ConversionSetArgs {
  const o: ConversionSetArgs = { out: '', accounts: 300, seed: 1, today: '2026-03-16', errors: false, json: false, help: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const value = () => {
      const v = argv[++k];
      if (v === undefined) throw new ConversionSetArgsError(`${a} needs a value`);
      return v;
    };
    if (a === '--out') o.out = value();
    else if (a === '--accounts') o.accounts = Number(value().replace(/[_,]/g, ''));
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--today') o.today = value();
    else if (a === '--errors') o.errors = true;
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new ConversionSetArgsError(`unknown option ${a}`);
  }
  if (o.help) return o;
  if (!o.out) throw new ConversionSetArgsError('--out DIR is required');
  if (!Number.isInteger(o.accounts) || o.accounts < 1 || o.accounts > 9_999_999) throw new ConversionSetArgsError('--accounts must be a whole number from 1 to 9,999,999');
  if (o.errors && o.accounts > 20_000) throw new ConversionSetArgsError('--errors is for small sets (at most 20,000 accounts): it edits the files in memory');
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) throw new ConversionSetArgsError('--seed must be a whole number from 0 to 4294967295');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.today) || new Date(`${o.today}T00:00:00Z`).toISOString().slice(0, 10) !== o.today) throw new ConversionSetArgsError('--today must be a date like 2026-03-16');
  return o;
}

const USAGE = 'usage: npm run conversion-set -- --out DIR [--accounts N (300)] [--seed S (1)] [--today YYYY-MM-DD (2026-03-16)] [--errors] [--json]';

export function formatTotals(t: ConversionSetTotals): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const $ = (c: number) => `$${(c / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return [
    `Control totals as of ${t.asOf}:`,
    `  customers ${n(t.customers)}, locations ${n(t.locations)}, meters ${n(t.meters)}`,
    `  accounts ${n(t.accounts)} (${Object.entries(t.accountsByStatus).map(([k, v]) => `${k} ${n(v)}`).join(', ')})`,
    `  open charges ${n(t.openChargesCount)}: ${Object.entries(t.balanceByService).map(([k, v]) => `${k} ${$(v)}`).join(', ')}; penalties ${$(t.penaltiesCents)}, fees ${$(t.feesCents)}, balances forward ${$(t.balanceForwardCents)}`,
    `  credits ${n(t.creditsCount)}: ${$(t.creditsCents)}; receivable ${$(t.receivableCents)}`,
    `  aging: current ${$(t.aging.currentCents)}, 30 ${$(t.aging.days30Cents)}, 60 ${$(t.aging.days60Cents)}, 90+ ${$(t.aging.days90Cents)}`,
    `  deposits ${n(t.depositsCount)}: ${$(t.depositsCents)}`,
    `  history bills ${n(t.historyBills)}: ${$(t.historyBilledCents)}; bank drafts ${n(t.bankDrafts)}, Medical Alert ${n(t.medicalAlerts)}, notes ${n(t.notes)}`,
  ].join('\n');
}

function main(): number {
  let o: ConversionSetArgs;
  try {
    o = parseConversionSetArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`conversion-set: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  const dir = path.resolve(o.out);
  const t0 = performance.now();
  console.error(`Writing a conversion set of ${o.accounts.toLocaleString('en-US')} accounts (seed ${o.seed}, today ${o.today}) into ${dir}`);
  const totals = writeConversionSet({
    dir,
    accounts: o.accounts,
    seed: o.seed,
    today: o.today,
    onProgress: (done, total) => console.error(`  ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} accounts  (${((performance.now() - t0) / 1000).toFixed(1)} s)`),
  });
  console.error(`Done in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${((process.resourceUsage().maxRSS * 1024) / 2 ** 20).toFixed(0)} MiB.`);
  if (o.errors) {
    const r = writeConversionErrors(dir);
    console.error(`Deliberate errors: ${r.edits.length} edits, ${r.expected.length} expected rejects (ERRORS.md, expected-rejects.csv); the totals below are the clean set's.`);
  }
  console.log(o.json ? JSON.stringify(totals) : formatTotals(totals));
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (err) {
    console.error(`conversion-set: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  }
}

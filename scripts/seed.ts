// npm run seed -- --db PATH [--accounts N] [--seed S] [--today YYYY-MM-DD] [--force]
// Creates a NEW demo ledger: the schema, the demo users, and a generated town of N accounts
// (deterministic for the same seed, today and N). Refuses an existing file unless --force,
// which deletes it (and its -wal/-shm) first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { localDate } from '../src-main/core/deps';
import { createDemoLedger } from '../src-main/demo/demo-ledger';
import type { GenerateSummary } from '../src-main/demo/generate';
import type { DemoReadingsFile } from '../src-main/demo/readings-file';
import { DEMO_USERS, demoUserRoles } from '../src-main/demo/users';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MIGRATIONS_DIR = path.join(ROOT, 'migrations');
/** The bills worker, run by tsx like this script. */
export const BILLS_WORKER = pathToFileURL(path.join(ROOT, 'src-main/demo/bills-worker.ts'));

export interface SeedOptions {
  file: string;
  accounts: number;
  seed: number;
  today: string;
  force?: boolean;
  /** Write bills and charges on a worker thread (default true). */
  parallel?: boolean;
  onProgress?: (message: string) => void;
}

export class SeedError extends Error {}

/**
 * Creates a new demo ledger file (the seed command, and the benchmark's cached ledgers).
 * createDemoLedger generates it under a temporary name and renames it into place when complete.
 */
export async function seedLedger(o: SeedOptions): Promise<{ summary: GenerateSummary; seconds: number; readings?: DemoReadingsFile }> {
  if (fs.existsSync(o.file) && !o.force) throw new SeedError(`${o.file} already exists; pass --force to replace it`);
  const r = await createDemoLedger({
    file: o.file,
    migrationsDir: MIGRATIONS_DIR,
    accounts: o.accounts,
    seed: o.seed,
    today: o.today,
    force: o.force,
    billsWorker: o.parallel === false ? undefined : BILLS_WORKER,
    onProgress: o.onProgress,
  });
  return { summary: r.summary!, seconds: r.seconds, readings: r.readings };
}

function parseArgs(argv: string[]): SeedOptions & { help?: boolean; json?: boolean } {
  const out: SeedOptions & { help?: boolean; json?: boolean } = { file: '', accounts: 5000, seed: 1, today: localDate(new Date(), 'America/New_York') };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const value = () => {
      const v = argv[++k];
      if (v === undefined) throw new SeedError(`${a} needs a value`);
      return v;
    };
    if (a === '--db') out.file = value();
    else if (a === '--accounts') out.accounts = Number(value().replace(/_/g, ''));
    else if (a === '--seed') out.seed = Number(value());
    else if (a === '--today') out.today = value();
    else if (a === '--force') out.force = true;
    else if (a === '--no-worker') out.parallel = false;
    else if (a === '--json') out.json = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else throw new SeedError(`unknown option ${a}`);
  }
  if (out.help) return out;
  if (!out.file) throw new SeedError('--db PATH is required');
  if (!Number.isInteger(out.accounts) || out.accounts < 1 || out.accounts > 9_999_999) throw new SeedError('--accounts must be a whole number from 1 to 9,999,999');
  if (!Number.isInteger(out.seed) || out.seed < 0 || out.seed > 0xffffffff) throw new SeedError('--seed must be a whole number from 0 to 4294967295');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.today) || Number.isNaN(Date.parse(out.today))) throw new SeedError('--today must be a date like 2026-03-16');
  return out;
}

const USAGE = 'usage: npm run seed -- --db PATH [--accounts N (5000)] [--seed S (1)] [--today YYYY-MM-DD (today, America/New_York)] [--force] [--no-worker] [--json]';

async function main(): Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`seed: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  if (fs.existsSync(opts.file) && !opts.force) {
    console.error(`seed: ${opts.file} already exists; pass --force to replace it`);
    return 1;
  }
  const fmt = (n: number) => n.toLocaleString('en-US');
  console.log(`Seeding ${opts.file}: ${fmt(opts.accounts)} accounts, seed ${opts.seed}, today ${opts.today}`);
  const t0 = performance.now();
  let lastAt = -Infinity;
  let lastPhase = '';
  try {
    const { summary: s, seconds, readings } = await seedLedger({
      ...opts,
      onProgress: (message) => {
        // At most one line a second within a phase; every change of phase.
        const now = performance.now();
        const phase = message.replace(/[\d,]+ of [\d,]+$/, '');
        if (phase === lastPhase && now - lastAt < 1000) return;
        lastPhase = phase;
        lastAt = now;
        console.log(`  ${message}  (${((now - t0) / 1000).toFixed(1)} s)`);
      },
    });
    const pct = (n: number) => `${((100 * n) / s.accounts).toFixed(1)}%`;
    console.log(`Done in ${seconds.toFixed(1)} s.`);
    console.log(`  accounts ${fmt(s.accounts)} (${Object.entries(s.byStatus).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}), commercial ${fmt(s.commercial)}, medical alert ${fmt(s.medicalAlert)}`);
    console.log(`  customers ${fmt(s.customers)}, service locations ${fmt(s.locations)}, notes ${fmt(s.notes)}`);
    console.log(`  bills ${fmt(s.bills)}, charges ${fmt(s.charges)}, journal entries ${fmt(s.journalEntries)} (payments ${fmt(s.payments)}), lines ${fmt(s.journalLines)}, allocations ${fmt(s.allocations)}`);
    console.log(`  conversion from the previous system on ${s.conversionDate}; past due >30 days ${fmt(s.pastDue30)} (${pct(s.pastDue30)}), >60 ${fmt(s.pastDue60)} (${pct(s.pastDue60)}), >90 ${fmt(s.pastDue90)} (${pct(s.pastDue90)})`);
    if (readings) console.log(`  meter readings to import (cycle ${readings.cycle}, ${readings.period}, ${fmt(readings.rows)} rows): ${readings.file}`);
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    console.log(`  peak RSS ${(peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
    console.log('Demo users (username / PIN):');
    for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(11)} ${u.secret}   ${u.displayName} (${demoUserRoles(u)})`);
    // For the benchmark: one machine-readable line.
    if (opts.json) console.log(JSON.stringify({ seconds, peakRssBytes, summary: s }));
    return 0;
  } catch (err) {
    console.error(`seed: ${err instanceof SeedError ? err.message : ((err as Error).stack ?? String(err))}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

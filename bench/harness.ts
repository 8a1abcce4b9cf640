// The benchmark harness: cached demo towns, named sections, latency statistics and the table.
// A section measures one thing on one town and returns rows ("ours" beside "raw" where there is
// a raw better-sqlite3 baseline). Add a section by writing a file under bench/sections/ and
// listing it in bench/run.ts.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

export interface Town {
  accounts: number;
  seed: number;
  today: string;
  file: string;
  sizeBytes: number;
  /** How long `npm run seed` took to make it, and its peak RSS. */
  seedSeconds: number;
  seedPeakRssBytes: number;
  /** True when the file was made by an earlier run and reused. */
  cached: boolean;
  createdAt: string;
}

export interface Row {
  metric: string;
  ours: string;
  raw?: string;
  ratio?: string;
  note?: string;
}

export interface SectionContext {
  /** The demo town (a section with needsTown false gets only its size, seed and day). */
  town: Town;
  /** The bench's data folder (cached towns and sets, scratch files; default: the town file's folder). */
  dataDir?: string;
  /** A scratch copy of the town for sections that write (made once per town and run). */
  scratchCopy(): string;
  log(message: string): void;
}

export interface Section {
  name: string;
  /** False: the section makes its own data and needs no seeded demo town (default true). */
  needsTown?: boolean;
  run(ctx: SectionContext): Promise<Row[]>;
}

export interface LatencyStats {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function stats(samplesMs: number[]): LatencyStats {
  const s = [...samplesMs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { n: s.length, p50: at(50), p99: at(99), max: s[s.length - 1]!, mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(3)} ms`);
export const ratio = (ours: number, raw: number) => (raw > 0 ? `${(ours / raw).toFixed(1)}×` : '');
export const mib = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`);

/** Rows comparing our latency with the raw baseline at p50, p99 and max. */
export function latencyRows(label: string, ours: number[], raw?: number[]): Row[] {
  const o = stats(ours);
  const r = raw ? stats(raw) : null;
  return (['p50', 'p99', 'max'] as const).map((k) => ({
    metric: `${label} ${k}`,
    ours: ms(o[k]),
    raw: r ? ms(r[k]) : undefined,
    ratio: r ? ratio(o[k], r[k]) : undefined,
    note: k === 'p50' ? `n=${o.n}` : undefined,
  }));
}

function hashFiles(files: string[]): string {
  const h = crypto.createHash('sha256');
  for (const f of files.sort()) h.update(f).update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

/** What a cached town depends on: the schema and the generator (and the index it builds). */
export function townFingerprint(): string {
  const dir = (d: string) => fs.readdirSync(path.join(ROOT, d)).map((f) => path.join(ROOT, d, f));
  // The conversion-set writers (conversion-*.ts) make no town: changing them keeps cached towns.
  const demo = dir('src-main/demo').filter((f) => f.endsWith('.ts') && !path.basename(f).startsWith('conversion-'));
  return hashFiles([...dir('migrations').filter((f) => f.endsWith('.sql')), ...demo, path.join(ROOT, 'src-main/core/accounts/search-index.ts')]);
}

interface TownMeta {
  accounts: number;
  seed: number;
  today: string;
  fingerprint: string;
  seconds: number;
  peakRssBytes: number;
  createdAt: string;
}

/**
 * The town's ledger file in dataDir: reused when an earlier run made it with the same
 * accounts, seed, day, schema and generator; otherwise made with `npm run seed` (in a child
 * process, so its time and memory are its own).
 */
export function ensureTown(dataDir: string, accounts: number, seed: number, today: string, fresh: boolean, log: (m: string) => void): Town {
  fs.mkdirSync(dataDir, { recursive: true });
  const base = path.join(dataDir, `town-${accounts}-s${seed}-${today}`);
  const file = `${base}.sqlite`;
  const metaFile = `${base}.json`;
  const fingerprint = townFingerprint();
  let meta: TownMeta | null = null;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as TownMeta;
  } catch {
    meta = null;
  }
  const usable = !fresh && meta !== null && meta.fingerprint === fingerprint && fs.existsSync(file) && !fs.existsSync(`${file}-wal`);
  if (usable && meta) {
    log(`reusing ${file} (made ${meta.createdAt} in ${meta.seconds.toFixed(1)} s)`);
    return { accounts, seed, today, file, sizeBytes: fs.statSync(file).size, seedSeconds: meta.seconds, seedPeakRssBytes: meta.peakRssBytes, cached: true, createdAt: meta.createdAt };
  }
  fs.rmSync(metaFile, { force: true });
  log(`seeding ${accounts.toLocaleString('en-US')} accounts into ${file} …`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/seed.ts'), '--db', file, '--accounts', String(accounts), '--seed', String(seed), '--today', today, '--force', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`seeding failed (exit ${r.status}):\n${r.stdout}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  const out = JSON.parse(last) as { seconds: number; peakRssBytes: number };
  const made: TownMeta = { accounts, seed, today, fingerprint, seconds: out.seconds, peakRssBytes: out.peakRssBytes, createdAt: new Date().toISOString() };
  fs.writeFileSync(metaFile, JSON.stringify(made, null, 2));
  log(`seeded in ${out.seconds.toFixed(1)} s`);
  return { accounts, seed, today, file, sizeBytes: fs.statSync(file).size, seedSeconds: out.seconds, seedPeakRssBytes: out.peakRssBytes, cached: false, createdAt: made.createdAt };
}

export function printTable(title: string, rows: Array<Row & { section: string }>): void {
  const header = { section: 'section', metric: 'metric', ours: 'TownCounter', raw: 'raw better-sqlite3', ratio: 'ratio', note: '' };
  const all = [header, ...rows];
  const w = (k: keyof typeof header) => Math.max(...all.map((r) => (r[k] ?? '').length));
  const widths = { section: w('section'), metric: w('metric'), ours: w('ours'), raw: w('raw'), ratio: w('ratio') };
  const line = (r: Row & { section: string }) =>
    `| ${r.section.padEnd(widths.section)} | ${r.metric.padEnd(widths.metric)} | ${r.ours.padStart(widths.ours)} | ${(r.raw ?? '').padStart(widths.raw)} | ${(r.ratio ?? '').padStart(widths.ratio)} |${r.note ? ` ${r.note}` : ''}`;
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(`|${'-'.repeat(widths.section + 2)}|${'-'.repeat(widths.metric + 2)}|${'-'.repeat(widths.ours + 1)}:|${'-'.repeat(widths.raw + 1)}:|${'-'.repeat(widths.ratio + 1)}:|`);
  for (const r of rows) console.log(line(r));
}

/**
 * A cashier posting a counter payment every `everyMs` while bulk work runs, and the RSS sampled
 * meanwhile. Each payment's latency counts from when it was due, so a wait behind the bulk work
 * (a chunk's lock, a blocked event loop) is in the number. `stop()` ends both and returns them.
 */
export function cashierDuringBulk(everyMs: number, postOne: (k: number) => Promise<void>): { stop(): Promise<{ latencies: number[]; peakRss: number; rssBefore: number }> } {
  const latencies: number[] = [];
  let stopped = false;
  const loop = (async () => {
    let due = performance.now() + everyMs;
    for (let k = 0; !stopped; k++) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (stopped) break;
      await postOne(k);
      latencies.push(performance.now() - due);
      due = Math.max(due + everyMs, performance.now());
    }
  })();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  return {
    async stop() {
      clearInterval(sampler);
      stopped = true;
      await loop;
      return { latencies, peakRss, rssBefore };
    },
  };
}

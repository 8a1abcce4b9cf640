// The conversion import at town size (issue 16). The demo conversion set of the bench's size is
// written once (npm run conversion-set in a child process; timed, not counted) and cached under
// the data folder while the generator is unchanged. Then, on a fresh migrated ledger:
// runConversion as a dry run (every file read and checked, the report written, nothing loaded)
// and as the load (checked again, the four groups loaded, one transaction each) — wall time,
// rows of the set per second and the peak RSS of each (VmHWM, reset before each phase). Beside
// raw better-sqlite3 inserting the same rows into the same tables of a second fresh ledger:
// every row the load added (read back from the loaded ledger) through prepared statements in
// one transaction, no checking, plus the account search index; the time to read the rows back
// is measured alone and taken off.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { bootLedger } from '../../src-main/boot';
import { numberTerms, phoneTerms } from '../../src-main/core/accounts/search-index';
import { runConversion } from '../../src-main/core/conversion/run';
import { createSecrets } from '../../src-main/core/secrets';
import { readSettings } from '../../src-main/core/settings';
import type { ConversionSetTotals } from '../../src-main/demo/conversion-set';
import type { ConversionResult } from '../../src-shared/ipc/conversion-schemas';
import { mib, ratio, ROOT, type Row, type Section, type SectionContext } from '../harness';

/** Milliseconds as seconds (one decimal). */
const secs = (v: number) => `${(v / 1000).toFixed(v >= 10_000 ? 1 : 2)} s`;

interface SetMeta {
  accounts: number;
  seed: number;
  today: string;
  fingerprint: string;
  seconds: number;
  peakRssBytes: number;
  bytes: number;
  totals: ConversionSetTotals;
}

function generatorFingerprint(): string {
  const h = crypto.createHash('sha256');
  for (const f of ['src-main/demo/conversion-set.ts', 'scripts/conversion-set.ts']) h.update(fs.readFileSync(path.join(ROOT, f)));
  return h.digest('hex').slice(0, 16);
}

/** The conversion set of this size in dataDir: reused while the generator is unchanged. */
export function ensureConversionSet(dataDir: string, accounts: number, seed: number, today: string, log: (m: string) => void): SetMeta & { dir: string; cached: boolean } {
  const dir = path.join(dataDir, `conversion-set-${accounts}-s${seed}-${today}`);
  const metaFile = `${dir}.json`;
  const fingerprint = generatorFingerprint();
  try {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as SetMeta;
    if (meta.fingerprint === fingerprint && fs.existsSync(path.join(dir, 'history.csv'))) {
      log(`import: reusing the conversion set ${dir}`);
      return { ...meta, dir, cached: true };
    }
  } catch {
    // none yet
  }
  fs.rmSync(metaFile, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  log(`import: writing the ${accounts.toLocaleString('en-US')}-account conversion set into ${dir} …`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/conversion-set.ts'), '--out', dir, '--accounts', String(accounts), '--seed', String(seed), '--today', today, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`writing the conversion set failed (exit ${r.status}):\n${r.stderr}`);
  const seconds = (performance.now() - t0) / 1000;
  const totals = JSON.parse(r.stdout.trim().split('\n').pop()!) as ConversionSetTotals;
  const peak = /peak RSS (\d+) MiB/.exec(r.stderr);
  const bytes = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
  const meta: SetMeta = { accounts, seed, today, fingerprint, seconds, peakRssBytes: peak ? Number(peak[1]) * 2 ** 20 : 0, bytes, totals };
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { ...meta, dir, cached: false };
}

/** Peak RSS since the last reset: Linux VmHWM, reset through /proc/self/clear_refs; else sampled. */
class PeakRss {
  private readonly hwm: boolean;
  private sampled = 0;

  constructor() {
    let ok = false;
    try {
      fs.writeFileSync('/proc/self/clear_refs', '5');
      ok = /VmHWM/.test(fs.readFileSync('/proc/self/status', 'utf8'));
    } catch {
      ok = false;
    }
    this.hwm = ok;
  }

  reset(): void {
    this.sampled = process.memoryUsage().rss;
    if (this.hwm) fs.writeFileSync('/proc/self/clear_refs', '5');
  }

  sample(): void {
    this.sampled = Math.max(this.sampled, process.memoryUsage().rss);
  }

  peak(): number {
    if (!this.hwm) return this.sampled;
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.max(this.sampled, Number(m[1]) * 1024) : this.sampled;
  }
}

/** A new ledger, created and migrated as `npm run import -- --new` does. */
async function freshLedger(file: string, keyFile: string) {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(`${file}${s}`, { force: true });
  return bootLedger({ file, create: true, migrationsDir: path.join(ROOT, 'migrations'), station: 'S1', appVersion: 'bench', keyFile, pepperFile: `${keyFile}.pepper`, createPepper: true, check: 'inline' });
}

interface TableRows {
  name: string;
  columns: string[];
  /** rowids above this were added by the load. */
  after: number;
  rows: number;
}

/** Plain tables (not FTS and its shadow tables) and their largest rowid. */
function tableMarks(db: Database.Database): Map<string, number> {
  const all = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; sql: string }>;
  const virtual = all.filter((t) => /CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const marks = new Map<string, number>();
  for (const t of all) {
    if (virtual.includes(t.name) || virtual.some((v) => t.name.startsWith(`${v}_`)) || /WITHOUT ROWID/i.test(t.sql)) continue;
    marks.set(t.name, (db.prepare(`SELECT coalesce(max(rowid), 0) FROM "${t.name}"`).pluck().get() as number) ?? 0);
  }
  return marks;
}

export interface ImportBenchResult {
  rows: Row[];
  dry: ConversionResult;
  load: ConversionResult;
  setRows: number;
  rawTables: TableRows[];
}

/** Runs the dry run, the load and the raw baseline on a conversion set in `set`, files in `work`. */
export async function benchImport(setDir: string, setRows: number, today: string, work: string, log: (m: string) => void): Promise<ImportBenchResult> {
  fs.mkdirSync(work, { recursive: true });
  const fileA = path.join(work, 'import-a.sqlite');
  const fileB = path.join(work, 'import-raw.sqlite');
  const keyFile = path.join(work, 'import.key');
  const peak = new PeakRss();
  const rows: Row[] = [];
  const core = await freshLedger(fileA, keyFile);
  let closed = false;
  try {
    const db = core.deps.db;
    const settings = readSettings(db);
    const options = (dryRun: boolean) => ({
      dir: setDir,
      dryRun,
      acceptRejects: false,
      asOf: today,
      checkDigit: settings.conversionCheckDigit,
      timeZone: settings.timeZone,
      userId: null,
      station: 'S1',
      secrets: createSecrets(db, keyFile),
      reportDir: path.join(work, dryRun ? 'report-dry-run' : 'report-load'),
      now: () => new Date(`${today}T15:00:00Z`),
      onProgress: () => peak.sample(),
    });
    log(`import: dry run of ${setDir}`);
    peak.reset();
    let t = performance.now();
    const dry = runConversion(db, options(true));
    const dryMs = performance.now() - t;
    const dryPeak = peak.peak();
    if (dry.rejectCount > 0) throw new Error(`the demo conversion set has ${dry.rejectCount} rejects: ${JSON.stringify(dry.rejects.slice(0, 5))}`);
    const before = tableMarks(db);
    log(`import: dry run ${(dryMs / 1000).toFixed(1)} s; loading`);
    peak.reset();
    t = performance.now();
    const load = runConversion(db, options(false));
    const loadMs = performance.now() - t;
    const loadPeak = peak.peak();
    if (load.status !== 'loaded') throw new Error(`the load did not finish: ${load.status} ${load.message}`);
    log(`import: load ${(loadMs / 1000).toFixed(1)} s`);
    const perSec = (msv: number) => `${Math.round(setRows / (msv / 1000)).toLocaleString('en-US')} rows/s`;
    rows.push({ metric: 'conversion dry run, runConversion (read + check + report)', ours: `${secs(dryMs)}, ${perSec(dryMs)}`, note: `${setRows.toLocaleString('en-US')} rows in 10 files, 0 rejects; peak RSS ${mib(dryPeak)}` });
    rows.push({ metric: 'conversion load, runConversion (check again + 4 groups)', ours: `${secs(loadMs)}, ${perSec(loadMs)}`, note: `peak RSS ${mib(loadPeak)}; ${load.groups.map((g) => `${g.group} ${g.rows.toLocaleString('en-US')}`).join(', ')}` });
    rows.push({ metric: 'conversion peak RSS (dry run / load)', ours: `${mib(dryPeak)} / ${mib(loadPeak)}` });

    // Raw: the rows the load added, into the same tables of a second fresh ledger.
    const after = tableMarks(db);
    const tables: TableRows[] = [];
    for (const [name, mark] of after) {
      const from = before.get(name) ?? 0;
      if (mark <= from) continue;
      const columns = (db.prepare(`SELECT name FROM pragma_table_xinfo('${name}') WHERE hidden = 0`).pluck().all() as string[]).map((c) => `"${c}"`);
      const n = db.prepare(`SELECT count(*) FROM "${name}" WHERE rowid > ?`).pluck().get(from) as number;
      tables.push({ name, columns, after: from, rows: n });
    }
    core.close();
    closed = true;
    const rawB = await freshLedger(fileB, `${keyFile}-raw`);
    rawB.close();
    const a = new Database(fileA, { readonly: true, fileMustExist: true });
    const b = new Database(fileB, { fileMustExist: true });
    try {
      b.pragma('journal_mode = WAL');
      b.pragma('synchronous = FULL');
      b.pragma('foreign_keys = OFF');
      // Triggers that guard history stay; the parents go first so the order is the load's.
      const order = ['customers', 'service_locations', 'accounts'];
      tables.sort((x, y) => (order.indexOf(x.name) + 1 || 99) - (order.indexOf(y.name) + 1 || 99));
      const readAll = () => {
        let n = 0;
        for (const tr of tables) for (const r of a.prepare(`SELECT ${tr.columns.join(', ')} FROM "${tr.name}" WHERE rowid > ? ORDER BY rowid`).raw().iterate(tr.after)) if (r) n++;
        return n;
      };
      t = performance.now();
      const readRows = readAll();
      const readMs = performance.now() - t;
      log(`import: raw baseline: ${readRows.toLocaleString('en-US')} rows in ${tables.length} tables (read back in ${(readMs / 1000).toFixed(1)} s)`);
      peak.reset();
      t = performance.now();
      b.transaction(() => {
        for (const tr of tables) {
          const ins = b.prepare(`INSERT INTO "${tr.name}" (${tr.columns.join(', ')}) VALUES (${tr.columns.map(() => '?').join(', ')})`);
          for (const r of a.prepare(`SELECT ${tr.columns.join(', ')} FROM "${tr.name}" WHERE rowid > ? ORDER BY rowid`).raw().iterate(tr.after)) ins.run(r);
        }
        const fts = b.prepare('INSERT INTO account_search (rowid, number, name, address, phone) VALUES (?, ?, ?, ?, ?)');
        const src = a.prepare(
          `SELECT a.id, a.number, c.display_name, l.street || coalesce(' ' || l.unit, '') || ' ' || l.city, c.phone
             FROM accounts a JOIN customers c ON c.id = a.customer_id JOIN service_locations l ON l.id = a.location_id ORDER BY a.id`,
        );
        for (const r of src.raw().iterate() as Iterable<[number, string, string, string, string | null]>) fts.run(r[0], numberTerms(r[1]), r[2], r[3], phoneTerms(r[4]));
      })();
      const copyMs = performance.now() - t;
      const rawPeak = peak.peak();
      const rawMs = Math.max(1, copyMs - readMs);
      rows.push({
        metric: 'raw better-sqlite3: the same rows into the same tables',
        ours: '',
        raw: `${secs(rawMs)}, ${perSec(rawMs)}`,
        ratio: ratio(loadMs, rawMs),
        note: `${readRows.toLocaleString('en-US')} ledger rows in ${tables.length} tables (${tables.map((x) => `${x.name} ${x.rows.toLocaleString('en-US')}`).join(', ')}) + search index, one transaction; ${secs(copyMs)} less ${secs(readMs)} to read them back; peak RSS ${mib(rawPeak)}; ratio = load / raw`,
      });
      return { rows, dry, load, setRows, rawTables: tables };
    } finally {
      a.close();
      b.close();
    }
  } finally {
    if (!closed) core.close();
  }
}

export const importSection: Section = {
  name: 'import',
  needsTown: false,
  async run({ town, dataDir = path.dirname(town.file), log }: SectionContext): Promise<Row[]> {
    const set = ensureConversionSet(dataDir, town.accounts, town.seed, town.today, log);
    const setRows = Object.values(set.totals.rows).reduce((s, n) => s + n, 0);
    const work = path.join(dataDir, `import-${town.accounts}`);
    try {
      const r = await benchImport(set.dir, setRows, town.today, work, log);
      return [
        {
          metric: 'write the conversion set (npm run conversion-set; not counted)',
          ours: `${set.seconds.toFixed(1)} s`,
          note: `${setRows.toLocaleString('en-US')} rows, ${mib(set.bytes)}, peak RSS ${mib(set.peakRssBytes)}${set.cached ? ' (cached from an earlier run)' : ''}`,
        },
        ...r.rows,
      ];
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};

// Start-up: from opening the ledger to the first answered account search, as the app does it
// (open with the ledger pragmas, migrations checked, the integrity check started on a worker
// thread, the core built, then accounts.search), beside raw better-sqlite3 opening the file and
// running the same FTS5 MATCH. Also how long the background integrity check took to finish.
// Runs on the scratch copy with a fixed clock (the town's day), never the wall-clock date.
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bootLedger } from '../../src-main/boot';
import { fixedClock } from '../../src-main/core/deps';
import { type Row, type Section, type SectionContext } from '../harness';

const ROOT = path.resolve(import.meta.dirname, '../..');
const QUERY = 'smith';

export const startupSection: Section = {
  name: 'startup',
  async run({ town, scratchCopy, log }: SectionContext): Promise<Row[]> {
    const file = scratchCopy();
    log(`startup: boot to first search on ${file}`);
    const t0 = performance.now();
    const core = await bootLedger({ file, migrationsDir: path.join(ROOT, 'migrations'), station: 'S9', appVersion: 'bench', clock: fixedClock(`${town.today}T15:00:00Z`), sqliteModule: createRequire(import.meta.url).resolve('better-sqlite3'), log: () => {} });
    const booted = performance.now();
    const found = core.handlers['accounts.search']({ query: QUERY, limit: 20 }, { session: null }) as { results: unknown[] };
    const answered = performance.now();
    await core.whenChecked();
    const checked = performance.now();
    const healthy = core.isHealthy();
    core.close();

    const r0 = performance.now();
    const raw = new Database(file, { readonly: true, fileMustExist: true });
    const rawHits = raw.prepare('SELECT rowid FROM account_search WHERE account_search MATCH ? LIMIT 20').all(`"${QUERY}"*`);
    const r1 = performance.now();
    raw.close();

    const ms = (v: number) => `${v.toFixed(0)} ms`;
    return [
      { metric: 'start-up to first answered search', ours: ms(answered - t0), raw: ms(r1 - r0), ratio: `${((answered - t0) / Math.max(0.001, r1 - r0)).toFixed(1)}×`, note: `boot ${ms(booted - t0)}; ${found.results.length} / ${rawHits.length} results for "${QUERY}"; raw = open + the FTS5 MATCH alone` },
      { metric: 'background integrity check (quick_check on a worker)', ours: ms(checked - t0), note: healthy ? 'passed; the app answered meanwhile' : 'FAILED' },
    ];
  },
};

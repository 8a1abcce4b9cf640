// The import bench section runs end to end on a small conversion set (written by the generator
// in a child process, as at 500,000 accounts): the dry run and the load through runConversion on
// a fresh ledger, and the raw baseline putting the same rows into the same tables of another.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { benchImport, ensureConversionSet, importSection } from '../../bench/sections/import';
import { tempDir } from '../helpers/core';

const TODAY = '2026-03-16';

describe('the import bench section', () => {
  it('writes the set once, then times the dry run, the load and the raw inserts of the same rows', async () => {
    const dataDir = tempDir('tc-bench-import-');
    try {
      const town = { accounts: 200, seed: 1, today: TODAY, file: path.join(dataDir, '(no town)'), sizeBytes: 0, seedSeconds: 0, seedPeakRssBytes: 0, cached: true, createdAt: '' };
      expect(importSection.needsTown).toBe(false);
      const rows = await importSection.run({ town, dataDir, scratchCopy: () => '', log: () => {} });
      expect(rows.map((r) => r.metric)).toEqual([
        'write the conversion set (npm run conversion-set; not counted)',
        'conversion dry run, runConversion (read + check + report)',
        'conversion load, runConversion (check again + 4 groups)',
        'conversion peak RSS (dry run / load)',
        'raw better-sqlite3: the same rows into the same tables',
      ]);
      expect(rows[1]!.ours).toMatch(/rows\/s$/);
      expect(rows[4]!.raw).toMatch(/rows\/s$/);
      expect(rows[4]!.ratio).toMatch(/×$/);
      // The set is cached: a second ensure reuses it.
      const again = ensureConversionSet(dataDir, 200, 1, TODAY, () => {});
      expect(again.cached).toBe(true);
      expect(again.totals.accounts).toBe(200);
      // The work files are gone afterwards.
      expect(fs.existsSync(path.join(dataDir, 'import-200'))).toBe(false);

      // The raw ledger holds the same rows as the loaded one, table by table.
      const work = path.join(dataDir, 'work');
      const setRows = Object.values(again.totals.rows).reduce((s, n) => s + n, 0);
      const r = await benchImport(again.dir, setRows, TODAY, work, () => {});
      expect(r.load.status).toBe('loaded');
      const names = r.rawTables.map((x) => x.name);
      for (const t of ['customers', 'service_locations', 'accounts', 'meters']) expect(names).toContain(t);
      const a = new Database(path.join(work, 'import-a.sqlite'), { readonly: true });
      const b = new Database(path.join(work, 'import-raw.sqlite'), { readonly: true });
      try {
        for (const t of r.rawTables) {
          const q = `SELECT count(*) FROM "${t.name}" WHERE rowid > ${t.after}`;
          expect(b.prepare(q).pluck().get(), t.name).toBe(a.prepare(q).pluck().get());
        }
        expect(b.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(200);
        expect(b.prepare("SELECT count(*) FROM account_search WHERE account_search MATCH 'name:' || ?").pluck().get(a.prepare('SELECT display_name FROM customers ORDER BY id LIMIT 1').pluck().get()) as number).toBeGreaterThan(0);
      } finally {
        a.close();
        b.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

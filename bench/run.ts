// npm run bench -- [--accounts 5000,500000] [--sections search,post,billing,import] [--seed 1] [--today 2026-03-16]
//                  [--data-dir DIR] [--fresh]
// Benchmarks TownCounter on demo towns of the given sizes. Each town is seeded once into a
// cached ledger under DIR (default: <os tmp>/towncounter-bench, outside git) and reused while
// its size, seed, day, schema and generator are unchanged (--fresh re-seeds). Prints one table
// per town: each section's numbers beside raw better-sqlite3 doing the same work, the seed time
// and peak memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureTown, mib, printTable, type Row, type Section } from './harness';
import { exportSection } from './sections/export';
import { paymentSection } from './sections/payment';
import { postEntrySection } from './sections/post-entry';
import { searchSection } from './sections/search';
import { startupSection } from './sections/startup';
import { workOrdersSection } from './sections/work-orders';
import { billingSection } from './sections/billing';
import { readingsSection } from './sections/readings';
import { cutoffSection } from './sections/cutoff';
import { agingSection, penaltiesSection } from './sections/penalties';
import { setoffSection } from './sections/setoff';
import { importSection } from './sections/import';

const SECTIONS: Section[] = [startupSection, searchSection, postEntrySection, paymentSection, exportSection, workOrdersSection, readingsSection, billingSection, cutoffSection, setoffSection, penaltiesSection, agingSection, importSection];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '5000,500000' },
      sections: { type: 'string', default: SECTIONS.map((s) => s.name).join(',') },
      seed: { type: 'string', default: '1' },
      today: { type: 'string', default: '2026-03-16' },
      'data-dir': { type: 'string', default: path.join(os.tmpdir(), 'towncounter-bench') },
      fresh: { type: 'boolean', default: false },
    },
  });
  const sizes = values.accounts.split(',').map((s) => Number(s.replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--accounts must be a list of whole numbers, got ${values.accounts}`);
  const wanted = values.sections.split(',');
  const sections = SECTIONS.filter((s) => wanted.includes(s.name));
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`);
  const dataDir = values['data-dir'];
  const log = (m: string) => console.error(`[bench] ${m}`);
  console.log(`TownCounter benchmark: node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${new Date().toISOString()}`);

  for (const accounts of sizes) {
    // Sections that make their own data (import) need no seeded town.
    const needTown = sections.some((s) => s.needsTown !== false);
    const town = needTown
      ? ensureTown(dataDir, accounts, Number(values.seed), values.today, values.fresh, log)
      : { accounts, seed: Number(values.seed), today: values.today, file: path.join(dataDir, '(no town)'), sizeBytes: 0, seedSeconds: 0, seedPeakRssBytes: 0, cached: true, createdAt: '' };
    const scratch = { file: null as string | null };
    const scratchCopy = () => {
      if (!scratch.file) {
        scratch.file = path.join(dataDir, `scratch-${accounts}.sqlite`);
        for (const s of ['', '-wal', '-shm']) fs.rmSync(`${scratch.file}${s}`, { force: true });
        fs.copyFileSync(town.file, scratch.file);
      }
      return scratch.file;
    };
    const rows: Array<Row & { section: string }> = [];
    try {
      for (const s of sections) {
        for (const r of await s.run({ town, dataDir, scratchCopy, log })) rows.push({ section: s.name, ...r });
      }
    } finally {
      if (scratch.file) for (const s of ['', '-wal', '-shm']) fs.rmSync(`${scratch.file}${s}`, { force: true });
    }
    if (needTown) {
      rows.push({ section: 'seed', metric: 'npm run seed (wall time)', ours: `${town.seedSeconds.toFixed(1)} s`, note: town.cached ? `cached town made ${town.createdAt}` : 'seeded in this run' });
      rows.push({ section: 'seed', metric: 'seed peak RSS', ours: mib(town.seedPeakRssBytes) });
    }
    rows.push({ section: 'process', metric: 'bench peak RSS so far', ours: mib(process.resourceUsage().maxRSS * 1024) });
    printTable(needTown ? `Town of ${accounts.toLocaleString('en-US')} accounts (seed ${town.seed}, today ${town.today}), ledger ${mib(town.sizeBytes)}: ${town.file}` : `${accounts.toLocaleString('en-US')} accounts (seed ${town.seed}, today ${town.today}), no demo town`, rows);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});

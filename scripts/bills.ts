// npm run bills -- --db PATH --cycle N --period YYYY-MM --to DIR
// Writes a posted (or partly posted) billing run's documents into DIR for the print shop or the
// mailing vendor: every PDF part (500 bills each, route order) and the vendor CSV
// (docs/BILL-PRINT.md), with progress on stderr. Memory stays bounded however big the run (pages
// are streamed into their files); a part already in DIR is kept, so an interrupted write
// continues where it stopped. Exit codes: 0 written, 2 usage, 3 no such run, 1 anything else.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bootLedger } from '../src-main/boot';
import { writeRunFiles } from '../src-main/core/billing/bill-files';
import { readSettings } from '../src-main/core/settings';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, cycle: { type: 'string' }, period: { type: 'string' }, to: { type: 'string' } } });
  if (!values.db || !values.cycle || !/^[1-4]$/.test(values.cycle) || !values.period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period) || !values.to) {
    process.stderr.write('usage: npm run bills -- --db PATH --cycle 1..4 --period YYYY-MM --to DIR\n');
    return 2;
  }
  const core = await bootLedger({ file: values.db, migrationsDir: path.join(ROOT, 'migrations'), log: () => {}, createPepper: false, check: 'inline' });
  try {
    const db = core.deps.db;
    const run = db.prepare('SELECT id FROM billing_runs WHERE cycle = ? AND period = ?').get(Number(values.cycle), values.period) as { id: number } | undefined;
    if (!run) {
      process.stderr.write(`no billing run for cycle ${values.cycle} ${values.period}\n`);
      return 3;
    }
    const s = readSettings(db);
    let last = 0;
    const out = await writeRunFiles(db, run.id, path.resolve(values.to), { name: s.townName, address: s.townAddress, phone: s.townPhone, timeZone: s.timeZone }, (p) => {
      if (p.bills - last >= 500 || p.bills === p.total) {
        last = p.bills;
        process.stderr.write(`${p.file}: ${p.bills.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} bills\n`);
      }
    });
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  } finally {
    core.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

// npm run import -- --db PATH --from DIR [--dry-run] [--accept-rejects] [--as-of YYYY-MM-DD]
//                   [--report DIR] [--new --admin NAME] [--station S1]
// The conversion import (docs/IMPORT.md): checks every file of a conversion set, writes the
// rejects report and the summary (control totals), and — without --dry-run, when nothing was
// rejected or --accept-rejects is given — loads the four file groups, each in one transaction.
// A re-run loads only the groups not yet loaded. --new creates the ledger (refused if the file
// exists) and, with --admin NAME, its first administrator (PIN from TOWNCOUNTER_ADMIN_PIN or
// typed at the prompt). Progress goes to stderr; the summary to stdout.
// Exit codes: 0 checked clean / loaded, 2 usage, 3 rejects (or a changed group) stopped the
// load or the dry run found rejects, 1 anything else.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readPin } from './read-pin';
import { isCalendarDate } from '../src-shared/ipc/calendar';
import { bootLedger } from '../src-main/boot';
import { createUser } from '../src-main/core/auth/users';
import { defaultPepperFile } from '../src-main/core/auth/pepper';
import { runConversion, summaryText } from '../src-main/core/conversion/run';
import { localDate, localStamp } from '../src-main/core/deps';
import { defaultKeyFile } from '../src-main/core/drafts/keyring';
import { createSecrets } from '../src-main/core/secrets';
import { readSettings } from '../src-main/core/settings';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATION_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;
export const EXIT = { ok: 0, failed: 1, usage: 2, rejects: 3 } as const;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        from: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'accept-rejects': { type: 'boolean', default: false },
        'as-of': { type: 'string' },
        report: { type: 'string' },
        new: { type: 'boolean', default: false },
        admin: { type: 'string' },
        station: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    console.log('npm run import -- --db PATH --from DIR [--dry-run] [--accept-rejects] [--as-of YYYY-MM-DD] [--report DIR] [--new --admin NAME] [--station S1]');
    return EXIT.ok;
  }
  if (!values.db) throw new UsageError('--db PATH is required (the ledger file)');
  if (!values.from) throw new UsageError('--from DIR is required (the folder with the conversion files)');
  const from = path.resolve(values.from);
  if (!fs.existsSync(from) || !fs.statSync(from).isDirectory()) throw new UsageError(`--from ${from} is not a folder`);
  if (values['as-of'] !== undefined && !isCalendarDate(values['as-of'])) throw new UsageError(`--as-of must be a date YYYY-MM-DD on the calendar, got ${values['as-of']}`);
  if (values.admin !== undefined && !values.new) throw new UsageError('--admin creates the first administrator of a NEW ledger: use it with --new');
  if (values.admin !== undefined && !/^[a-z][a-z0-9._-]{1,31}$/i.test(values.admin)) throw new UsageError('--admin NAME: 2–32 letters, digits, ".", "_" or "-", starting with a letter');
  const station = values.station ?? process.env.TOWNCOUNTER_STATION ?? 'S1';
  if (!STATION_RE.test(station)) throw new UsageError(`--station must be 1-16 letters, digits, "-" or "_", got ${station}`);
  const file = path.resolve(values.db);
  if (values.new && fs.existsSync(file)) throw new UsageError(`--new: ${file} already exists; a conversion into an existing ledger leaves out --new`);
  if (!values.new && !fs.existsSync(file)) throw new UsageError(`${file} does not exist; pass --new to create the ledger`);

  const keyFile = defaultKeyFile(process.env, path.dirname(file));
  const pepperFile = defaultPepperFile(process.env, keyFile);
  const core = await bootLedger({ file, create: values.new, migrationsDir: path.join(ROOT, 'migrations'), station, keyFile, pepperFile, createPepper: values.new, check: 'inline', log: (m, e) => console.error(`import: ${m}`, e ?? '') });
  try {
    if (!core.isHealthy()) throw new Error(`the ledger failed its start-up check: ${core.healthProblems().join('; ')}`);
    const db = core.deps.db;
    const settings = readSettings(db);
    const now = new Date();
    if (values.new) console.error(`import: created a new ledger at ${file}`);
    if (values.admin) {
      const pin = await readPin('TOWNCOUNTER_ADMIN_PIN', `PIN for the administrator ${values.admin}: `, (m) => new UsageError(`--admin: ${m}`));
      db.transaction(() => createUser(db, { username: values.admin!, displayName: values.admin!, role: 'admin', secret: pin, at: now.toISOString() }, { pins: core.pins, minLength: settings.pinMinLength.admin })).immediate();
      console.error(`import: administrator ${values.admin.toLowerCase()} created`);
    }
    const reportDir = path.resolve(values.report ?? path.join(path.dirname(file), 'conversion-reports', localStamp(now, settings.timeZone)));
    let lastLine = '';
    const result = runConversion(db, {
      dir: from,
      dryRun: values['dry-run'],
      acceptRejects: values['accept-rejects'],
      asOf: values['as-of'] ?? localDate(now, settings.timeZone),
      checkDigit: settings.conversionCheckDigit,
      timeZone: settings.timeZone,
      userId: null,
      station,
      secrets: createSecrets(db, keyFile),
      reportDir,
      now: () => new Date(),
      onProgress: (p) => {
        const pct = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
        const line = `${p.message} ${pct}%`;
        if (line !== lastLine) {
          lastLine = line;
          if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(60)}`);
          else if (pct % 25 === 0 || p.phase === 'done') process.stderr.write(`${line}\n`);
        }
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(summaryText(result.summary, result.rejectCount));
    for (const g of result.groups) console.log(`Group ${g.group}: ${g.outcome.replace('_', ' ')} — ${g.message}`);
    if (result.rejectCount > 0) {
      console.log(`\nFirst rejects (all ${result.rejectCount} are in the report):`);
      for (const r of result.rejects.slice(0, 20)) console.log(`  ${r.file} line ${r.line}${r.column ? `, ${r.column}` : ''}: ${r.code} — ${r.reason}`);
    }
    console.log(`\n${result.message}`);
    if (result.report) console.log(`Report: ${result.report.rejectsCsv}\n        ${result.report.summaryTxt}`);
    if (result.status === 'refused' || (result.dryRun && result.rejectCount > 0)) return EXIT.rejects;
    return EXIT.ok;
  } finally {
    core.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`import: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = err instanceof UsageError ? EXIT.usage : EXIT.failed;
  },
);

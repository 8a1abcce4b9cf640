// npm run export -- --db PATH (--day YYYY-MM-DD | --pending) [--to DIR] [--station S1]
//                   [--force --supervisor NAME [--reason TEXT]]
// Exports closed business days to the central system outside the app (a scheduled task): the
// same package, the same exactly-once rules and the same export log as the app's nightly run.
// --day exports one day; --pending exports every closed day not yet delivered, oldest first,
// stopping at the first failure. --to overrides the export folder set in the ledger. --force
// re-sends a delivered day and needs a supervisor: --supervisor NAME with the PIN in
// TOWNCOUNTER_SUPERVISOR_PIN (or typed at the prompt).
// Exit codes: 0 done (or nothing to do), 2 usage, 3 no such day / day not closed, 4 already
// delivered, 5 export folder missing, unwritable or full, 6 supervisor approval failed,
// 1 anything else.
import { hasRole } from '../src-shared/domain';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readPin } from './read-pin';
import { bootLedger } from '../src-main/boot';
import { checkCredentials } from '../src-main/core/auth/users';
import { defaultPepperFile } from '../src-main/core/auth/pepper';
import { defaultKeyFile } from '../src-main/core/drafts/keyring';
import type { Core } from '../src-main/core/create-core';
import { CoreError } from '../src-main/core/errors';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATION_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;

export const EXIT = { ok: 0, failed: 1, usage: 2, notClosed: 3, delivered: 4, target: 5, approval: 6 } as const;

class UsageError extends Error {}

function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) return EXIT.usage;
  if (!(err instanceof CoreError)) return EXIT.failed;
  switch (err.code) {
    case 'NOT_FOUND':
    case 'DAY_NOT_CLOSED':
      return EXIT.notClosed;
    case 'ALREADY_DELIVERED':
      return EXIT.delivered;
    case 'EXPORT_TARGET_UNAVAILABLE':
    case 'EXPORT_FAILED':
      return EXIT.target;
    case 'NEEDS_SUPERVISOR':
    case 'BAD_CREDENTIALS':
    case 'USER_LOCKED':
      return EXIT.approval;
    default:
      return EXIT.failed;
  }
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        day: { type: 'string' },
        pending: { type: 'boolean', default: false },
        to: { type: 'string' },
        station: { type: 'string' },
        force: { type: 'boolean', default: false },
        supervisor: { type: 'string' },
        reason: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) {
    console.log('npm run export -- --db PATH (--day YYYY-MM-DD | --pending) [--to DIR] [--station S1] [--force --supervisor NAME [--reason TEXT]]');
    return EXIT.ok;
  }
  if (!values.db) throw new UsageError('--db PATH is required (the ledger file)');
  if (!values.day === !values.pending) throw new UsageError('give either --day YYYY-MM-DD or --pending');
  if (values.day && !/^\d{4}-\d{2}-\d{2}$/.test(values.day)) throw new UsageError(`--day must be YYYY-MM-DD, got ${values.day}`);
  if (values.force && !values.day) throw new UsageError('--force re-sends one day: use it with --day');
  if (values.force && !values.supervisor) throw new UsageError('--force needs --supervisor NAME (a re-send is approved by a supervisor)');
  const station = values.station ?? process.env.TOWNCOUNTER_STATION ?? 'S1';
  if (!STATION_RE.test(station)) throw new UsageError(`--station must be 1-16 letters, digits, "-" or "_", got ${station}`);
  const target = values.to ? path.resolve(values.to) : undefined;

  // The PIN pepper sits beside the bank-number key (TOWNCOUNTER_PEPPER_FILE, else next to the ledger's key file); never created here.
  const pepperFile = defaultPepperFile(process.env, defaultKeyFile(process.env, path.dirname(path.resolve(values.db))));
  const core: Core = await bootLedger({ file: path.resolve(values.db), migrationsDir: path.join(ROOT, 'migrations'), station, appVersion: process.env.npm_package_version ?? '0.0.0', log: (m, e) => console.error(`export: ${m}`, e ?? ''), pepperFile, createPepper: false });
  try {
    if (!core.isHealthy()) throw new CoreError('INTERNAL', `the ledger failed its start-up check: ${core.healthProblems().join('; ')}`);
    const db = core.deps.db;
    if (values.pending) {
      const days = core.exporter.pendingDays();
      if (days.length === 0) {
        console.log('Nothing to export: every closed business day is delivered.');
        return EXIT.ok;
      }
      for (const day of days) {
        const r = await core.exporter.exportDay({ businessDate: day, source: 'cli', target });
        console.log(`Delivered ${r.businessDate} to ${r.folder} (${r.files.length} files)`);
      }
      return EXIT.ok;
    }
    let approvedBy: number | null = null;
    if (values.force) {
      const pin = await readPin('TOWNCOUNTER_SUPERVISOR_PIN', `PIN for ${values.supervisor!}: `, (m) => new UsageError(`--force: ${m}`));
      try {
        const user = checkCredentials(db, values.supervisor!.toLowerCase(), pin, new Date(), core.lockPolicy());
        if (!hasRole(user, 'supervisor')) throw new CoreError('NEEDS_SUPERVISOR', `${user.username} is not a supervisor`);
        approvedBy = user.id;
      } catch (err) {
        // A refused re-send leaves its row in the export log and the audit.
        if (err instanceof CoreError) core.exporter.recordRefusedResend({ businessDate: values.day!, source: 'cli', target, force: true, reason: values.reason ?? null }, `Supervisor approval failed: ${err.message}`);
        throw err;
      }
    }
    const r = await core.exporter.exportDay({ businessDate: values.day!, source: 'cli', target, force: values.force, userId: approvedBy, approvedBy, reason: values.reason ?? (values.force ? 'Re-sent from the command line' : null) });
    const verb = r.outcome === 'redelivered' ? `Re-sent (${r.identical ? 'identical to' : 'DIFFERENT from'} the first delivery)` : r.outcome === 'recovered' ? 'Already in place; recorded as delivered' : 'Delivered';
    console.log(`${verb}: ${r.businessDate} to ${r.folder} (${r.files.length} files, manifest SHA-256 ${r.manifestSha256})`);
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
    console.error(`export: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = exitCodeOf(err);
  },
);

// Conversion IPC handlers (the Conversion admin screen): start a check or a load of a
// conversion set on a worker thread, follow its progress, download its reports, and list the
// runs and the groups loaded. The run itself is runConversion (run.ts); jobs.ts runs it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConversionGroupView, ConversionRunView } from '../../../src-shared/ipc/conversion-schemas';
import { recordAudit } from '../audit';
import { openBusinessDate } from '../counter/day';
import { signedIn, type CoreEnv, type Handlers } from '../env';
import { localStamp } from '../deps';
import { CoreError } from '../errors';
import { ConversionJobs, checkConversionFolder } from './jobs';
import type { ConversionWorkerSpec } from './worker-location';

type ConversionMethods = 'conversion.start' | 'conversion.status' | 'conversion.report' | 'conversion.runs';

export interface ConversionHandlerDeps {
  ledgerFile: string;
  keyFile: string | null;
  /** Where report folders go (default: conversion-reports beside the ledger file). */
  reportRoot?: string;
  /** The worker module (see ConversionJobs); null runs in-process. */
  worker?: ConversionWorkerSpec | null;
  log: (message: string, err?: unknown) => void;
}

/** A report is sent to the screen whole; a bigger one is opened from its folder instead. */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;


export function defaultReportRoot(ledgerFile: string): string {
  return ledgerFile === ':memory:' ? path.join(os.tmpdir(), 'towncounter-conversion-reports') : path.join(path.dirname(path.resolve(ledgerFile)), 'conversion-reports');
}

export function conversionHandlers(env: CoreEnv, deps: ConversionHandlerDeps): { handlers: Pick<Handlers, ConversionMethods>; jobs: ConversionJobs } {
  const { db } = env;
  const reportRoot = deps.reportRoot ?? defaultReportRoot(deps.ledgerFile);
  const jobs = new ConversionJobs({
    db,
    clock: env.clock,
    ledgerFile: deps.ledgerFile,
    keyFile: deps.keyFile,
    secrets: env.secrets ?? { keyFile: null, keyring: () => { throw new CoreError('KEY_UNAVAILABLE', 'No key file is configured for encrypted values.'); } },
    reportRoot,
    worker: deps.worker,
    log: deps.log,
    onFinished: (job, userId, station) =>
      db.transaction(() =>
        recordAudit(db, {
          at: env.nowIso(),
          userId,
          station,
          action: 'conversion.finish',
          subject: job.folder,
          details: job.result
            ? { jobId: job.jobId, dryRun: job.dryRun, runId: job.result.runId, status: job.result.status, rejectCount: job.result.rejectCount, groups: job.result.groups.map((g) => ({ group: g.group, outcome: g.outcome, rows: g.rows })) }
            : { jobId: job.jobId, dryRun: job.dryRun, error: job.error },
        }),
      )(),
  });

  const handlers: Pick<Handlers, ConversionMethods> = {
    'conversion.start': (input, ctx) => {
      const s = signedIn(ctx);
      jobs.assertIdle();
      const dir = checkConversionFolder(input.folder, reportRoot);
      const settings = env.settings();
      const asOf = input.asOf ?? openBusinessDate(db) ?? env.today();
      const now = env.clock.now();
      const job = jobs.start(
        {
          label: localStamp(now, settings.timeZone),
          options: { dir, dryRun: input.dryRun, acceptRejects: input.acceptRejects, asOf, checkDigit: settings.conversionCheckDigit, timeZone: settings.timeZone, userId: s.user.id, station: s.station },
        },
        { userId: s.user.id, station: s.station },
      );
      db.transaction(() =>
        recordAudit(db, {
          at: env.nowIso(),
          userId: s.user.id,
          station: s.station,
          action: 'conversion.start',
          subject: dir,
          details: { jobId: job.jobId, dryRun: input.dryRun, acceptRejects: input.acceptRejects, asOf, checkDigit: settings.conversionCheckDigit },
        }),
      )();
      return { jobId: job.jobId };
    },
    'conversion.status': (input) => jobs.get(input.jobId),
    'conversion.report': (input) => {
      const job = jobs.get(input.jobId);
      if (job.state === 'running') throw new CoreError('CONVERSION_RUNNING', 'The run has not finished yet; its reports are written at the end.');
      const report = job.result?.report;
      if (!report) throw new CoreError('NOT_FOUND', `Job ${input.jobId} wrote no reports${job.error ? ` (${job.error.message})` : ''}.`);
      const file = input.which === 'rejects' ? report.rejectsCsv : report.summaryTxt;
      let size: number;
      try {
        size = fs.statSync(file).size;
      } catch {
        throw new CoreError('NOT_FOUND', `The report ${file} is no longer there.`);
      }
      if (size > MAX_REPORT_BYTES) throw new CoreError('BAD_INPUT', `The report is too large to show here (${Math.round(size / 1024 / 1024)} MB); open it from ${file}.`);
      const stamp = `${job.asOf}-run${job.result?.runId ?? job.jobId}`;
      return { fileName: input.which === 'rejects' ? `conversion-rejects-${stamp}.csv` : `conversion-summary-${stamp}.txt`, text: fs.readFileSync(file, 'utf8'), path: file };
    },
    'conversion.runs': (input) => {
      const runs = (
        db
          .prepare(
            `SELECT r.id, r.started_at, r.finished_at, u.username, r.source, r.as_of, r.dry_run, r.status, r.reject_count, r.message
               FROM conversion_runs r LEFT JOIN users u ON u.id = r.user_id ORDER BY r.id DESC LIMIT ?`,
          )
          .all(input.limit ?? 50) as Array<{ id: number; started_at: string; finished_at: string | null; username: string | null; source: string; as_of: string; dry_run: number; status: ConversionRunView['status']; reject_count: number | null; message: string | null }>
      ).map(
        (r): ConversionRunView => ({ id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, by: r.username, source: r.source, asOf: r.as_of, dryRun: r.dry_run === 1, status: r.status, rejectCount: r.reject_count, message: r.message }),
      );
      const groups = (db.prepare('SELECT group_name, run_id, rows_loaded, entry_id, loaded_at FROM conversion_groups ORDER BY loaded_at, run_id').all() as Array<{ group_name: ConversionGroupView['group']; run_id: number; rows_loaded: number; entry_id: number | null; loaded_at: string }>).map(
        (g): ConversionGroupView => ({ group: g.group_name, runId: g.run_id, rowsLoaded: g.rows_loaded, entryId: g.entry_id, loadedAt: g.loaded_at }),
      );
      return { runs, groups, running: jobs.runningId() };
    },
  };
  return { handlers, jobs };
}

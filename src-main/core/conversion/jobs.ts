// Conversion jobs of this app (the Conversion screen): one at a time, each a runConversion on a
// worker thread with its own connection to the ledger file, so the app keeps answering while a
// set is checked or loaded; its progress, result or error are kept here for the screen to poll.
// An in-memory ledger (a test core) has no file a second connection could open: the run goes
// in-process there, after the start call has answered.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConversionJobView, ConversionProgress, ConversionResult } from '../../../src-shared/ipc/conversion-schemas';
import type { Db } from '../../db/open-ledger';
import type { Clock } from '../deps';
import { CoreError } from '../errors';
import type { Secrets } from '../secrets';
import { runConversion } from './run';
import { defaultConversionWorker, type ConversionWorkerSpec } from './worker-location';
import { describeConversionError, type ConversionWorkerData, type ConversionWorkerMessage, type ConversionWorkerOptions } from './worker-protocol';
import { conversionClaimFileFor, releaseClaimOfThread } from '../../db/ledger-claim';
import { settlesWithin } from '../../settles-within';

export interface ConversionJobsDeps {
  db: Db;
  clock: Clock;
  ledgerFile: string;
  keyFile: string | null;
  secrets: Secrets;
  /** Where each run's report folder is made (default: conversion-reports beside the ledger). */
  reportRoot: string;
  /** The worker module (default: defaultConversionWorker()); null runs in-process (as for ':memory:'). */
  worker?: ConversionWorkerSpec | null;
  log: (message: string, err?: unknown) => void;
  /** Called once a job has finished (done or failed), e.g. to audit the outcome. */
  onFinished?: (job: ConversionJobView, userId: number | null, station: string | null) => void;
}

export interface StartJob {
  options: Omit<ConversionWorkerOptions, 'reportDir'>;
  /** A label for the job's report folder (the town's local date and time). */
  label: string;
}

interface Job {
  view: ConversionJobView;
  userId: number | null;
  station: string | null;
  worker: Worker | null;
  /** Settles once the worker has opened the ledger (or ended). */
  opened?: Promise<void>;
}

/** Jobs kept for the screen to ask about (the oldest finished ones are forgotten). */
const KEEP_JOBS = 20;

const STARTING: ConversionProgress = { phase: 'reading', step: null, done: 0, total: 0, message: 'Starting…' };

/** Checks the folder a conversion set is in: it exists, is a folder and can be read. */
export function checkConversionFolder(folder: string, reportRoot: string): string {
  const dir = path.resolve(folder);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CoreError('NOT_FOUND', `There is no folder ${folder} on this computer.`);
    if (code === 'EACCES' || code === 'EPERM') throw new CoreError('BAD_INPUT', `The folder ${folder} cannot be read by TownCounter (permission denied).`);
    throw new CoreError('BAD_INPUT', `The folder ${folder} cannot be read (${code ?? 'error'}).`);
  }
  if (!st.isDirectory()) throw new CoreError('BAD_INPUT', `${folder} is a file, not a folder: give the folder that holds the conversion files.`);
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.X_OK);
  } catch {
    throw new CoreError('BAD_INPUT', `The folder ${folder} cannot be read by TownCounter (permission denied).`);
  }
  const rel = path.relative(dir, path.resolve(reportRoot));
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new CoreError('BAD_INPUT', `The folder ${folder} holds the ledger's own files: put the conversion files in a folder of their own.`);
  }
  return dir;
}

export class ConversionJobs {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private current: Job | null = null;

  constructor(private readonly deps: ConversionJobsDeps) {}

  runningId(): number | null {
    return this.current?.view.jobId ?? null;
  }

  get(jobId: number): ConversionJobView {
    const job = this.jobs.get(jobId);
    if (!job) throw new CoreError('NOT_FOUND', `No conversion job ${jobId} in this app (jobs are kept until the app closes).`);
    // A snapshot: the job's view goes on changing as progress arrives.
    return { ...job.view };
  }

  /** Refuses (CONVERSION_RUNNING) while a job runs. */
  assertIdle(): void {
    if (this.current) throw new CoreError('CONVERSION_RUNNING', `A conversion is already running in this app (job ${this.current.view.jobId}, ${this.current.view.dryRun ? 'a check' : 'a load'} of ${this.current.view.folder}); wait for it to finish.`);
  }

  /** Starts a job; refuses while another one runs. The folder must have been checked (checkConversionFolder). */
  start(req: StartJob, who: { userId: number | null; station: string | null }): ConversionJobView {
    this.assertIdle();
    const jobId = this.nextId++;
    const reportDir = this.reportDirFor(req.label, jobId);
    const options: ConversionWorkerOptions = { ...req.options, reportDir };
    const view: ConversionJobView = {
      jobId,
      state: 'running',
      folder: options.dir,
      dryRun: options.dryRun,
      acceptRejects: options.acceptRejects,
      asOf: options.asOf,
      startedAt: this.deps.clock.now().toISOString(),
      finishedAt: null,
      progress: STARTING,
      result: null,
      error: null,
    };
    const job: Job = { view, userId: who.userId, station: who.station, worker: null };
    this.jobs.set(jobId, job);
    this.current = job;
    this.forgetOld();
    const worker = this.deps.ledgerFile === ':memory:' ? null : this.deps.worker === undefined ? defaultConversionWorker() : this.deps.worker;
    if (worker) this.runOnWorker(job, options, worker);
    else setImmediate(() => this.runInProcess(job, options));
    return { ...view };
  }

  /**
   * Stops a running worker (the app is closing): its open group's transaction rolls back. Never
   * while the worker is still loading better-sqlite3's native module (a thread terminated inside
   * that load aborts the whole process): it waits for the worker's "opened" (at most 10 s).
   */
  async stop(): Promise<void> {
    const job = this.current;
    const w = job?.worker;
    if (!w || !job) return;
    await settlesWithin(job.opened ?? Promise.resolve(), 10_000);
    await w.terminate();
  }

  private reportDirFor(label: string, jobId: number): string {
    fs.mkdirSync(this.deps.reportRoot, { recursive: true, mode: 0o700 });
    const base = path.join(this.deps.reportRoot, `${label}-job${jobId}`);
    let dir = base;
    for (let n = 2; fs.existsSync(dir); n++) dir = `${base}-${n}`;
    return dir;
  }

  private runInProcess(job: Job, options: ConversionWorkerOptions): void {
    const offset = this.deps.clock.now().getTime() - Date.now();
    try {
      const result = runConversion(this.deps.db, {
        ...options,
        secrets: this.deps.secrets,
        now: () => new Date(Date.now() + offset),
        onProgress: (p) => {
          job.view.progress = p;
        },
      });
      this.finish(job, result, null);
    } catch (err) {
      const d = describeConversionError(err);
      if (d.detail) this.deps.log('conversion run failed', d.detail);
      this.finish(job, null, d.error);
    }
  }

  private runOnWorker(job: Job, options: ConversionWorkerOptions, spec: ConversionWorkerSpec): void {
    const data: ConversionWorkerData = { file: this.deps.ledgerFile, keyFile: this.deps.keyFile, options, clockOffsetMs: this.deps.clock.now().getTime() - Date.now() };
    let w: Worker;
    try {
      w = new Worker(spec.url, { workerData: data, ...(spec.execArgv ? { execArgv: spec.execArgv } : {}) });
    } catch (err) {
      this.deps.log('could not start the conversion worker', err);
      this.finish(job, null, { code: 'INTERNAL', message: 'The conversion could not start; the problem was logged.' });
      return;
    }
    job.worker = w;
    let markOpened: () => void = () => {};
    job.opened = new Promise<void>((resolve) => (markOpened = resolve));
    w.once('exit', () => markOpened());
    w.on('message', (m: ConversionWorkerMessage) => {
      markOpened();
      if (m.type === 'opened') return;
      if (job.view.state !== 'running') return;
      if (m.type === 'progress') job.view.progress = m.progress;
      else if (m.type === 'done') this.finish(job, m.result, null);
      else {
        if (m.detail) this.deps.log('conversion run failed', m.detail);
        this.finish(job, null, m.error);
      }
    });
    w.on('error', (err) => {
      this.deps.log('the conversion worker failed', err);
      this.finish(job, null, { code: 'INTERNAL', message: 'The conversion stopped on an unexpected error; the problem was logged.' });
    });
    const workerThread = w.threadId;
    w.on('exit', (code) => {
      job.worker = null;
      // A worker ended mid-run (the app closing) never released its claim on the ledger.
      releaseClaimOfThread(conversionClaimFileFor(this.deps.ledgerFile), workerThread);
      this.finish(job, null, { code: 'INTERNAL', message: `The conversion stopped before it finished (worker exit code ${code}); a group being loaded was rolled back. Run it again.` });
    });
  }

  private finish(job: Job, result: ConversionResult | null, error: { code: string; message: string } | null): void {
    if (job.view.state !== 'running') return;
    const at = this.deps.clock.now().toISOString();
    const progress: ConversionProgress = result ? { ...job.view.progress, phase: 'done', step: null, message: result.message } : job.view.progress;
    job.view = { ...job.view, state: result ? 'done' : 'failed', finishedAt: at, progress, result, error };
    if (this.current === job) this.current = null;
    try {
      this.deps.onFinished?.(job.view, job.userId, job.station);
    } catch (err) {
      this.deps.log('could not record the end of a conversion job', err);
    }
  }

  private forgetOld(): void {
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= KEEP_JOBS) break;
      if (j !== this.current) this.jobs.delete(id);
    }
  }
}

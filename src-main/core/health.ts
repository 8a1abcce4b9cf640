// The ledger's health as the app sees it: the start-up integrity check (which runs in the
// background on a big ledger: running → ok | failed, with its progress), whether the file can
// be written at all, and the last storage fault a write met (disk full, I/O error). Posting
// stops only when the check failed or the ledger is read-only; a disk-full fault is shown until
// a later write succeeds.
import type { QuickCheckResult } from '../db/open-ledger';
import type { StorageFault, StorageFaultCode } from '../db/sqlite-faults';

export type CheckState = 'running' | 'ok' | 'failed';

export interface CheckStatus {
  state: CheckState;
  /** 0..1; 1 once finished. */
  progress: number;
  problems: string[];
  startedAt: string | null;
  finishedAt: string | null;
}

export interface HealthSnapshot {
  /** False when the check failed, the ledger is read-only or a write just met a storage fault. */
  healthy: boolean;
  /** What the banner lists. */
  problems: string[];
  check: CheckStatus;
  fault: { code: StorageFaultCode; message: string; at: string } | null;
  readOnly: boolean;
}

export class LedgerHealth {
  private checkStatus: CheckStatus;
  private lastFault: HealthSnapshot['fault'] = null;
  private readOnly = false;
  /** Problems found at start-up other than the integrity check (a missing PIN pepper file): posting stops. */
  private readonly blocking: string[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(initial?: QuickCheckResult, private readonly now: () => string = () => new Date().toISOString()) {
    this.checkStatus = initial
      ? { state: initial.ok ? 'ok' : 'failed', progress: 1, problems: initial.problems, startedAt: null, finishedAt: null }
      : { state: 'running', progress: 0, problems: [], startedAt: now(), finishedAt: null };
  }

  checkProgress(progress: number): void {
    if (this.checkStatus.state !== 'running') return;
    this.checkStatus = { ...this.checkStatus, progress: Math.max(this.checkStatus.progress, Math.min(1, Math.max(0, progress))) };
  }

  checkFinished(result: QuickCheckResult): void {
    this.checkStatus = { ...this.checkStatus, state: result.ok ? 'ok' : 'failed', progress: 1, problems: result.problems, finishedAt: this.now() };
    for (const l of this.listeners) l();
  }

  /** Called when the check ends (tests wait on it). */
  onCheckFinished(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A start-up problem that must stop posting until an administrator fixes it. */
  stopPosting(problem: string): void {
    this.blocking.push(problem);
  }

  markReadOnly(fault: StorageFault): void {
    this.readOnly = true;
    this.lastFault = { ...fault, at: this.now() };
  }

  /** A write failed on the storage: remembered for ledger.status and the banner (busy is not a fault of the ledger). */
  recordFault(fault: StorageFault): void {
    if (fault.code === 'LEDGER_BUSY') return;
    if (fault.code === 'LEDGER_READ_ONLY') this.readOnly = true;
    this.lastFault = { ...fault, at: this.now() };
  }

  /** A write succeeded: a disk-full or I/O fault is over. */
  writeSucceeded(): void {
    if (this.lastFault && !this.readOnly) this.lastFault = null;
  }

  /** Whether anything may be posted, and if not, why (the error code and message the bridge answers). */
  postingRefusal(): { code: 'LEDGER_UNHEALTHY' | 'LEDGER_READ_ONLY'; message: string } | null {
    if (this.checkStatus.state === 'failed') {
      return { code: 'LEDGER_UNHEALTHY', message: `The ledger failed its start-up check, so nothing can be posted. Call your administrator. (${this.checkStatus.problems.slice(0, 2).join('; ')})` };
    }
    if (this.blocking.length > 0) return { code: 'LEDGER_UNHEALTHY', message: `Nothing can be posted until an administrator fixes this: ${this.blocking.join('; ')}` };
    if (this.readOnly) return { code: 'LEDGER_READ_ONLY', message: this.lastFault?.message ?? 'The ledger file cannot be written; nothing can be posted. Call your administrator.' };
    return null;
  }

  checkState(): CheckState {
    return this.checkStatus.state;
  }

  snapshot(): HealthSnapshot {
    const problems = [...(this.checkStatus.state === 'failed' ? this.checkStatus.problems : []), ...this.blocking, ...(this.lastFault ? [this.lastFault.message] : [])];
    return { healthy: this.checkStatus.state !== 'failed' && this.blocking.length === 0 && !this.readOnly && this.lastFault === null, problems, check: { ...this.checkStatus, problems: [...this.checkStatus.problems] }, fault: this.lastFault, readOnly: this.readOnly };
  }
}

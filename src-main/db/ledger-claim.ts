// One interactive app per ledger. The desktop app and browser mode each claim the ledger with a
// small file beside it (`<ledger>.lock`: process id, kind, since when, host); a second one is
// refused at start-up with a message naming the first. A claim left by a process that no longer
// runs (killed, crashed, power cut) is stale and taken over. The CLIs (export, seed) do not
// claim: they write through IMMEDIATE transactions beside a running app.
import fs from 'node:fs';
import os from 'node:os';
import { threadId } from 'node:worker_threads';

export type ClaimKind = 'desktop app' | 'browser mode' | 'conversion';

export interface ClaimHolder {
  pid: number;
  kind: ClaimKind;
  /** ISO time the claim was made. */
  since: string;
  host: string;
  /** Linux process start time (clock ticks since boot), so a reused process id is not mistaken for the holder. */
  startTicks?: number | null;
  /** The worker thread that holds it (0: the main thread) — a conversion runs on a worker. */
  threadId?: number;
}

export class LedgerInUseError extends Error {
  readonly code = 'LEDGER_IN_USE';
  constructor(
    readonly holder: ClaimHolder,
    readonly lockFile: string,
  ) {
    super(
      `This ledger is already open in another TownCounter (${holder.kind}, process ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
        `Only one app may use a ledger at a time: use that one, or close it and start again. ` +
        `(If that process is no longer running, delete ${lockFile}.)`,
    );
    this.name = 'LedgerInUseError';
  }
}

export interface LedgerClaim {
  readonly lockFile: string;
  readonly holder: ClaimHolder;
  release(): void;
}

export function claimFileFor(ledgerFile: string): string {
  return `${ledgerFile}.lock`;
}

/** Start time of a process (field 22 of /proc/PID/stat), or null where there is no /proc. */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

function isRunning(holder: ClaimHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (holder.startTicks != null) {
    const ticks = processStartTicks(holder.pid);
    if (ticks !== null && ticks !== holder.startTicks) return false;
  }
  return true;
}

function readHolder(lockFile: string): ClaimHolder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Partial<ClaimHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.kind !== 'string' || typeof parsed.since !== 'string' || typeof parsed.host !== 'string') return null;
    return parsed as ClaimHolder;
  } catch {
    return null;
  }
}

/** The claim a conversion run holds while it runs (one at a time per ledger, across processes). */
export function conversionClaimFileFor(ledgerFile: string): string {
  return `${ledgerFile}.conversion-lock`;
}

export function claimLedger(ledgerFile: string, kind: ClaimKind, now: () => Date = () => new Date(), lockFile = claimFileFor(ledgerFile)): LedgerClaim {
  const holder: ClaimHolder = { pid: process.pid, kind, since: now().toISOString(), host: os.hostname(), startTicks: processStartTicks(process.pid), threadId };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      // 'wx': create only if absent, atomically, so two apps starting together can't both win.
      fs.writeFileSync(lockFile, `${JSON.stringify(holder)}\n`, { flag: 'wx', mode: 0o600 });
      return {
        lockFile,
        holder,
        release: () => {
          const current = readHolder(lockFile);
          if (current && current.pid === holder.pid && current.since === holder.since) fs.rmSync(lockFile, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const other = readHolder(lockFile);
    if (other === null) {
      // Being written right now by another starting app, or garbage: garbage older than a few seconds is stale.
      const age = Date.now() - (fs.statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age < 2000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        continue;
      }
    } else if (other.host !== os.hostname() || isRunning(other)) {
      // Another machine's claim can't be checked from here: refuse too (the message says how to clear it).
      throw new LedgerInUseError(other, lockFile);
    }
    fs.rmSync(lockFile, { force: true });
  }
  throw new Error(`could not claim the ledger ${ledgerFile}: ${lockFile} keeps changing`);
}

/**
 * Removes a claim left by a worker thread of this process that has ended (terminated while it
 * held it: its own release never ran). A claim of another process or thread is left alone.
 */
export function releaseClaimOfThread(lockFile: string, endedThreadId: number): void {
  const holder = readHolder(lockFile);
  if (holder && holder.pid === process.pid && holder.host === os.hostname() && holder.threadId === endedThreadId) fs.rmSync(lockFile, { force: true });
}

// What the app and the conversion worker thread send each other (worker.ts runs the import).
import type { ConversionProgress, ConversionResult } from '../../../src-shared/ipc/conversion-schemas';
import { LedgerOpenError } from '../../db/open-ledger';
import { storageFault } from '../../db/sqlite-faults';
import { CoreError } from '../errors';
import type { ConversionOptions } from './types';

export type ConversionWorkerOptions = Omit<ConversionOptions, 'secrets' | 'now' | 'onProgress' | 'afterGroupWrite'>;

export interface ConversionWorkerData {
  file: string;
  keyFile: string | null;
  options: ConversionWorkerOptions;
  /** The app's clock less the system clock (a test core's fixed clock), added to Date.now(). */
  clockOffsetMs: number;
}

export type ConversionWorkerMessage =
  /** The ledger is open (better-sqlite3's native module loaded): the thread may be terminated safely from now on. */
  | { type: 'opened' }
  | { type: 'progress'; progress: ConversionProgress }
  | { type: 'done'; result: ConversionResult }
  | { type: 'failed'; error: { code: string; message: string }; detail?: string };

/** An error as the app reports it: expected failures keep their code; anything else is INTERNAL (the detail is logged, not shown). */
export function describeConversionError(err: unknown): { error: { code: string; message: string }; detail?: string } {
  if (err instanceof CoreError) return { error: { code: err.code, message: err.message } };
  if (err instanceof LedgerOpenError) return { error: { code: 'LEDGER_IO_ERROR', message: `The conversion could not open the ledger: ${err.message}` } };
  const fault = storageFault(err);
  if (fault) return { error: { code: fault.code, message: fault.message } };
  return { error: { code: 'INTERNAL', message: 'The conversion stopped on an unexpected error; the problem was logged.' }, detail: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}


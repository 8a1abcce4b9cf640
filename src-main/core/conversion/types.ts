// The conversion import's entry point options (issue 16; layouts in docs/IMPORT.md). The run is
// synchronous (better-sqlite3): the CLI calls it directly; the app runs it on a worker thread
// with its own connection and relays the progress.
import type { CheckDigitRule } from '../../../src-shared/legacy-number';
import type { ConversionProgress } from '../../../src-shared/ipc/conversion-schemas';
import type { Secrets } from '../secrets';

export interface ConversionOptions {
  /** The folder holding the conversion set (absolute). */
  dir: string;
  /** Check and report only; write nothing but the conversion_runs row and the report files. */
  dryRun: boolean;
  /** Load the accepted rows even though some were rejected. */
  acceptRejects: boolean;
  /** The conversion date (YYYY-MM-DD): opening balances are dated it; aging counts to it. */
  asOf: string;
  checkDigit: CheckDigitRule;
  /** The town's IANA zone (note times without a zone are town time). */
  timeZone: string;
  userId: number | null;
  station: string | null;
  /** Encrypts tax ids and bank account numbers on the way in. */
  secrets: Secrets;
  /** Where rejects.csv, summary.txt and summary.json go (created 0700); null: not written. */
  reportDir: string | null;
  now: () => Date;
  onProgress?: (p: ConversionProgress) => void;
  /** Test hook: called after each group's rows are written, inside its transaction. */
  afterGroupWrite?: (group: string) => void;
}

// Child process for the conversion SIGKILL test: loads a conversion set into a ledger file and
// prints "IN <group>" from inside each group's transaction (before it commits) and "DONE" at the
// end. argv: ledger file, folder, key file, and the group to stop inside ("-" for none: the
// parent kills it at a moment of its choosing).
import path from 'node:path';
import { openLedger } from '../../src-main/db/open-ledger';
import { runConversion } from '../../src-main/core/conversion/run';
import { createSecrets } from '../../src-main/core/secrets';

const [file, dir, keyFile, stopIn] = process.argv.slice(2) as [string, string, string, string];
const db = openLedger(file);
process.stdout.write('START\n');
runConversion(db, {
  dir,
  dryRun: false,
  acceptRejects: false,
  asOf: '2026-03-16',
  checkDigit: 'luhn',
  timeZone: 'America/New_York',
  userId: null,
  station: 'S1',
  secrets: createSecrets(db, keyFile),
  reportDir: path.join(path.dirname(file), `report-${process.pid}`),
  now: () => new Date('2026-03-16T15:00:00Z'),
  afterGroupWrite: (g) => {
    process.stdout.write(`IN ${g}\n`);
    // Hold the transaction open until killed.
    if (g === stopIn) for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  },
});
process.stdout.write('DONE\n');

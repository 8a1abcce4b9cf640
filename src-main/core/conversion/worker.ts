// The conversion worker thread: runs runConversion on its own connection to the ledger file, so
// the app's event loop (and its own connection) keeps answering the counter while a conversion
// set is read, checked and loaded. Progress goes to the app as messages (at most ten a second,
// and at every change of phase or step); the result, or the error, is the last message.
import { parentPort, workerData } from 'node:worker_threads';
import { openLedger, type Db } from '../../db/open-ledger';
import { createSecrets } from '../secrets';
import { runConversion } from './run';
import { describeConversionError, type ConversionWorkerData, type ConversionWorkerMessage } from './worker-protocol';

const PROGRESS_EVERY_MS = 100;

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('the conversion worker runs on a worker thread');
  const data = workerData as ConversionWorkerData;
  const post = (m: ConversionWorkerMessage) => port.postMessage(m);
  let db: Db | null = null;
  let last = { at: 0, key: '' };
  try {
    db = openLedger(data.file);
    post({ type: 'opened' });
    const result = runConversion(db, {
      ...data.options,
      secrets: createSecrets(db, data.keyFile),
      now: () => new Date(Date.now() + data.clockOffsetMs),
      onProgress: (progress) => {
        const key = `${progress.phase}|${progress.step ?? ''}`;
        const now = Date.now();
        if (key === last.key && now - last.at < PROGRESS_EVERY_MS && progress.done < progress.total) return;
        last = { at: now, key };
        post({ type: 'progress', progress });
      },
    });
    post({ type: 'done', result });
  } catch (err) {
    post({ type: 'failed', ...describeConversionError(err) });
  } finally {
    db?.close();
  }
}

main();

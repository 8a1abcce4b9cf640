// The "Cut-off notices" panel of the Cut-off list screen: for a ready list, the mail date, Print
// notices (the core issues one notice per account on the list, recorded on the account, while a
// progress bar follows collections.cutoffNotices.status; then the batch PDF is fetched part by
// part and saved), and the batch's state. The core refuses a mail date too close to the cut-off.
import { useState } from 'react';
import type { CutoffListView } from '../../../src-shared/ipc/cutoff-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { NoticeBatchView } from '../../../src-shared/ipc/notices-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatCount, formatDate } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';

const POLL_MS = 300;

export function CutoffNoticesPanel({ list }: { list: CutoffListView }) {
  const api = useApi();
  const businessDate = useAppState((s) => s.status?.businessDate ?? '');
  const [mailedOn, setMailedOn] = useState('');
  const [busy, setBusy] = useState<null | { phase: 'issuing' | 'printing'; done: number; total: number }>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [part, setPart] = useState('1');
  const status = useLoad(() => api.call('collections.cutoffNotices.status', { listId: list.id }), `notices-${list.id}`);
  const mail = mailedOn || businessDate;
  const b = status.value;

  async function savePart(p: number): Promise<boolean> {
    const env = await api.call('collections.cutoffNotices.pdf', { listId: list.id, part: p });
    if (!env.ok) {
      setError(env.error);
      return false;
    }
    saveDocument(env.value);
    return true;
  }

  async function print() {
    setError(null);
    setDone(null);
    setBusy({ phase: 'issuing', done: b?.issued ?? 0, total: list.onListCount });
    const timer = setInterval(() => {
      void api.call('collections.cutoffNotices.status', { listId: list.id }).then((env) => {
        if (env.ok) setBusy((x) => (x && x.phase === 'issuing' ? { ...x, done: env.value.issued } : x));
      });
    }, POLL_MS);
    const env = await api.call('collections.cutoffNotices.issue', { listId: list.id, mailedOn: mail });
    clearInterval(timer);
    if (!env.ok) {
      setBusy(null);
      setError(env.error);
      await status.reload();
      return;
    }
    const batch: NoticeBatchView = env.value.batch;
    for (let p = 1; p <= batch.parts; p++) {
      setBusy({ phase: 'printing', done: p - 1, total: batch.parts });
      if (!(await savePart(p))) break;
    }
    setBusy(null);
    setDone(`${formatCount(env.value.issuedNow)} new notice${env.value.issuedNow === 1 ? '' : 's'} issued; ${formatCount(batch.issued)} in the batch PDF${batch.parts > 1 ? ` (${batch.parts} parts)` : ''}.`);
    await status.reload();
  }

  const pct = busy && busy.total > 0 ? Math.round((busy.done / busy.total) * 100) : 0;
  return (
    <section className="card" aria-labelledby="cutoff-notices-heading">
      <h3 id="cutoff-notices-heading">Cut-off notices</h3>
      {b && (
        <p role="status" aria-label="Notices batch">
          {formatCount(b.issued)} of {formatCount(b.onListCount)} notices issued
          {b.mailedOn.length > 0 ? ` (mailed ${b.mailedOn.map(formatDate).join(', ')})` : ''}.{b.problemToday ? ` Too late to mail today: ${b.problemToday}.` : ''}
        </p>
      )}
      <ErrorAlert error={status.error} />
      <div className="cutoff-filters">
        <TextField label="Mail date" type="date" value={mail} onChange={setMailedOn} required hint="At least the cut-off notice days (a setting) before the cut-off date." />
        <button type="button" className="primary" disabled={busy !== null || list.status !== 'ready' || list.onListCount === 0 || !mail} onClick={() => void print()}>
          Print notices
        </button>
        {b && b.issued > 0 && (
          <>
            {b.parts > 1 && (
              <SelectField
                label="Notices PDF part"
                value={part}
                onChange={setPart}
                options={Array.from({ length: b.parts }, (_, i) => ({ value: String(i + 1), label: `Part ${i + 1}: notices ${formatCount(i * b.perPart + 1)}–${formatCount(Math.min((i + 1) * b.perPart, b.issued))}` }))}
              />
            )}
            <button type="button" disabled={busy !== null} onClick={() => void savePart(Number(part) || 1)}>
              Save notices PDF
            </button>
          </>
        )}
      </div>
      {busy && (
        <div>
          <label htmlFor="cutoff-notices-progress">{busy.phase === 'issuing' ? 'Issuing notices' : 'Printing notices'}</label>
          <progress id="cutoff-notices-progress" aria-label="Cut-off notices progress" max={100} value={pct} />
          <p role="status" aria-label="Notices progress">
            {busy.phase === 'issuing' ? `${formatCount(busy.done)} of ${formatCount(busy.total)} notices issued` : `PDF part ${busy.done + 1} of ${busy.total}`}
          </p>
        </div>
      )}
      {done && (
        <p role="status" aria-label="Notices printed">
          {done}
        </p>
      )}
      <ErrorAlert error={error} prefix="Notices not printed:" />
    </section>
  );
}

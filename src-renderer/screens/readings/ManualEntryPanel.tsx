// One reading keyed by hand (a call-in, a final read, a card left at the door): meter number,
// date, value and code go through the same checks as a file row. A reading that can't be one
// of that meter is refused at its field; one that fails a check is held as an exception.
import { useRef, useState } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { ROW_CODES, type RowCode } from '../../../src-shared/ipc/reading-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate } from '../../ui/format';
import { CODE_LABELS, REASON_LABELS } from './labels';

type Field = 'meterNumber' | 'readOn' | 'value';

export function ManualEntryPanel() {
  const api = useApi();
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const [meter, setMeter] = useState('');
  const [readOn, setReadOn] = useState(today);
  const [value, setValue] = useState('');
  const [code, setCode] = useState<RowCode>('ok');
  const [comment, setComment] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const meterRef = useRef<HTMLInputElement>(null);

  async function submit() {
    setError(null);
    setResult(null);
    const errs: Partial<Record<Field, string>> = {};
    if (!meter.trim()) errs.meterNumber = 'The meter number.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(readOn)) errs.readOn = 'The day read, YYYY-MM-DD.';
    if (code !== 'no_access' && !/^\d{1,10}$/.test(value.trim())) errs.value = 'The register as read: digits only.';
    setFieldErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    const env = await api.call('readings.enter', { meterNumber: meter.trim(), readOn, value: value.trim(), readCode: code, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    setBusy(false);
    if (!env.ok) {
      const field = (env.error.details as { field?: Field } | undefined)?.field;
      if (env.error.code === 'BAD_INPUT' && field && ['meterNumber', 'readOn', 'value'].includes(field)) setFieldErrors({ [field]: env.error.message });
      else setError(env.error);
      return;
    }
    const r = env.value;
    if (r.outcome === 'accepted') setResult(`Recorded: meter ${r.reading!.meterNumber}, ${r.reading!.value.toLocaleString('en-US')} on ${formatDate(r.reading!.readOn)}.`);
    else if (r.outcome === 'held') setResult(`Held as an exception (${REASON_LABELS[r.exception!.reason]}): ${r.exception!.detail} Resolve it under Exceptions.`);
    else setResult('That reading is already recorded; nothing changed.');
    setValue('');
    setComment('');
    meterRef.current?.focus();
  }

  return (
    <section aria-labelledby="rd-manual" className="card rd-manual">
      <h2 id="rd-manual">Key in one reading</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void submit();
        }}
      >
        <div className="rd-import-fields">
          <TextField label="Meter number" value={meter} onChange={setMeter} inputRef={meterRef} autoFocus error={fieldErrors.meterNumber} />
          <TextField label="Read date" type="date" value={readOn} onChange={setReadOn} error={fieldErrors.readOn} />
          <TextField label="Reading" value={value} onChange={setValue} inputMode="numeric" error={fieldErrors.value} hint="The register as read, leading zeros and all." />
          <SelectField label="Read code" value={code} onChange={(v) => setCode(v as RowCode)} options={ROW_CODES.map((c) => ({ value: c, label: CODE_LABELS[c] }))} />
          <TextField label="Comment (optional)" value={comment} onChange={setComment} />
        </div>
        <div className="dialog-actions">
          <button type="submit" disabled={busy}>
            Record reading
          </button>
        </div>
      </form>
      {result && (
        <p role="status" className="alert alert-info">
          {result}
        </p>
      )}
      <ErrorAlert error={error} />
    </section>
  );
}

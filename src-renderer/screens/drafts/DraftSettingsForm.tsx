// The bank and company fields of the NACHA files (administrator), from the town's bank: the
// immediate destination and origin, the company name and id, the ODFI routing number, the entry
// description, whether new enrolments get a prenote, and the folder the files are written to.
// Only the fields changed are sent, with a reason (audited).
import { useEffect, useState, type FormEvent } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { DraftSettings } from '../../../src-shared/ipc/export-schemas';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { useLoad } from '../../ui/use-load';
import { routingError } from './labels';
import { SettingsSaveFooter } from '../../ui/SettingsSaveFooter';

type TextKey = Exclude<keyof DraftSettings, 'prenote' | 'folder'>;

const TEXT_FIELDS: ReadonlyArray<{ key: TextKey; label: string; max: number; hint?: string }> = [
  { key: 'immediateDestination', label: 'Immediate destination (bank routing number)', max: 9 },
  { key: 'bankName', label: 'Bank name', max: 23 },
  { key: 'immediateOrigin', label: 'Immediate origin', max: 10, hint: 'Ten characters from the bank (usually 1 and the EIN).' },
  { key: 'originName', label: 'Origin name', max: 23 },
  { key: 'companyName', label: 'Company name', max: 16, hint: 'On the customer’s bank statement.' },
  { key: 'companyId', label: 'Company identification', max: 10 },
  { key: 'odfiRouting', label: 'Town’s bank (ODFI) routing number', max: 9 },
  { key: 'entryDescription', label: 'Entry description', max: 10 },
];

type Draft = Record<TextKey, string> & { prenote: boolean; folder: string };
const toDraft = (s: DraftSettings): Draft => ({ ...s, folder: s.folder ?? '' });

function fieldError(key: TextKey, v: string): string | null {
  if (key === 'immediateDestination' || key === 'odfiRouting') return routingError(v);
  if (key === 'immediateOrigin' || key === 'companyId') return /^[A-Za-z0-9 ]{10}$/.test(v) ? null : 'Ten letters, digits or spaces.';
  if (key === 'entryDescription') return v.trim() === '' ? 'Required (for example UTIL BILL).' : null;
  return null;
}

export function DraftSettingsForm() {
  const api = useApi();
  const loaded = useLoad(() => api.call('drafts.getSettings', {}), 'draft-settings');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [saved, setSaved] = useState<Draft | null>(null);

  useEffect(() => {
    if (loaded.value) {
      setDraft(toDraft(loaded.value));
      setSaved(toDraft(loaded.value));
    }
  }, [loaded.value]);

  if (!draft || !saved) return <ErrorAlert error={loaded.error} prefix="Could not load the bank settings:" />;

  const changedText = TEXT_FIELDS.filter((f) => draft[f.key] !== saved[f.key]);
  const errors = Object.fromEntries(changedText.map((f) => [f.key, fieldError(f.key, draft[f.key])])) as Partial<Record<TextKey, string | null>>;
  const reasonError = reason.trim().length < 3 ? 'Say why the settings change (at least 3 characters).' : null;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft || !saved || busy) return;
    setAttempted(true);
    setDone('');
    if (Object.values(errors).some(Boolean) || reasonError) return;
    const values: Record<string, unknown> = Object.fromEntries(changedText.map((f) => [f.key, draft[f.key]]));
    if (draft.prenote !== saved.prenote) values.prenote = draft.prenote;
    if (draft.folder !== saved.folder) values.folder = draft.folder.trim() === '' ? null : draft.folder.trim();
    if (Object.keys(values).length === 0) return setError({ code: 'BAD_INPUT', message: 'Nothing was changed.' });
    setBusy(true);
    const env = await api.call('drafts.updateSettings', { values, reason: reason.trim() });
    setBusy(false);
    if (!env.ok) return setError(env.error);
    setError(null);
    setReason('');
    setAttempted(false);
    setDraft(toDraft(env.value));
    setSaved(toDraft(env.value));
    setDone('Bank settings saved.');
  }

  return (
    <section aria-labelledby="draft-settings" className="card">
      <h2 id="draft-settings">Bank settings</h2>
      <form onSubmit={(e) => void save(e)} aria-label="Bank settings" noValidate>
        {TEXT_FIELDS.map((f) => (
          <TextField key={f.key} label={f.label} value={draft[f.key]} maxLength={f.max} hint={f.hint} error={attempted ? errors[f.key] : null} onChange={(v) => setDraft({ ...draft, [f.key]: v })} />
        ))}
        <div className="field field-check">
          <input id="draft-prenote" type="checkbox" checked={draft.prenote} onChange={(e) => setDraft({ ...draft, prenote: e.target.checked })} />
          <label htmlFor="draft-prenote">Send a prenote before the first draft of a new enrolment</label>
        </div>
        <TextField label="Folder for NACHA files" value={draft.folder} maxLength={1000} hint="Empty: the export folder." onChange={(folder) => setDraft({ ...draft, folder })} />
        <SettingsSaveFooter reason={reason} onReason={setReason} reasonError={attempted ? reasonError : null} error={error} busy={busy} saveLabel="Save bank settings" done={done} />
      </form>
    </section>
  );
}

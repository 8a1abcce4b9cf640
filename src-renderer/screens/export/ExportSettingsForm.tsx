// The export settings (administrator): the folder the packages go to (a full path on a mounted
// share), the nightly time, whether the schedule and start-up catch-up run, and the first day
// exported automatically. Saved with a reason (audited); the schedule follows at once.
import { useEffect, useState, type FormEvent } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { EXPORT_TIME_RE, type ExportSettings } from '../../../src-shared/ipc/export-schemas';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { useLoad } from '../../ui/use-load';
import { SettingsSaveFooter } from '../../ui/SettingsSaveFooter';

interface Draft {
  folder: string;
  time: string;
  enabled: boolean;
  fromDate: string;
}

const toDraft = (s: ExportSettings): Draft => ({ folder: s.folder ?? '', time: s.time, enabled: s.enabled, fromDate: s.fromDate ?? '' });

export function ExportSettingsForm({ onSaved }: { onSaved: () => void }) {
  const api = useApi();
  const loaded = useLoad(() => api.call('export.getSettings', {}), 'export-settings');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  useEffect(() => {
    if (loaded.value) setDraft(toDraft(loaded.value));
  }, [loaded.value]);

  const errors = draft
    ? {
        time: EXPORT_TIME_RE.test(draft.time) ? null : 'The time is HH:MM, 24-hour (22:00).',
        fromDate: draft.fromDate === '' || /^\d{4}-\d{2}-\d{2}$/.test(draft.fromDate) ? null : 'A date, YYYY-MM-DD, or empty.',
        reason: reason.trim().length < 3 ? 'Say why the settings change (at least 3 characters).' : null,
      }
    : null;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft || !errors || busy) return;
    setAttempted(true);
    setDone('');
    if (errors.time || errors.fromDate || errors.reason) return;
    setBusy(true);
    const values = { folder: draft.folder.trim() === '' ? null : draft.folder.trim(), time: draft.time, enabled: draft.enabled, fromDate: draft.fromDate === '' ? null : draft.fromDate };
    const env = await api.call('export.updateSettings', { values, reason: reason.trim() });
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setReason('');
    setAttempted(false);
    setDraft(toDraft(env.value));
    setDone('Export settings saved.');
    onSaved();
  }

  return (
    <section aria-labelledby="export-settings" className="card">
      <h2 id="export-settings">Export settings</h2>
      <ErrorAlert error={loaded.error} prefix="Could not load the export settings:" />
      {draft && errors && (
        <form onSubmit={(e) => void save(e)} aria-label="Export settings" noValidate>
          <TextField label="Export folder" value={draft.folder} maxLength={1000} hint="A full path on the mounted share; TownCounter never creates it." onChange={(folder) => setDraft({ ...draft, folder })} />
          <TextField label="Nightly export time" value={draft.time} maxLength={5} inputMode="numeric" error={attempted ? errors.time : null} onChange={(time) => setDraft({ ...draft, time })} />
          <div className="field field-check">
            <input id="export-enabled" type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
            <label htmlFor="export-enabled">Export each night and catch up at start-up</label>
          </div>
          <TextField label="Export automatically from" type="date" value={draft.fromDate} error={attempted ? errors.fromDate : null} hint="Closed days before this date are left alone (empty: every closed day)." onChange={(fromDate) => setDraft({ ...draft, fromDate })} />
          <SettingsSaveFooter reason={reason} onReason={setReason} reasonError={attempted ? (errors.reason ?? null) : null} error={error} busy={busy} saveLabel="Save export settings" done={done} />
        </form>
      )}
    </section>
  );
}

// The vendor profiles (the readingProfiles setting): each one's column mapping, delimiter, date
// formats and read codes, so a clerk can see what a file must look like. An administrator edits
// them as JSON with a reason (settings.update, audited); the core checks them for meaning and
// its refusal is shown at the field.
import { useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { READING_FIELDS, REQUIRED_FIELDS, type ReadingProfile } from '../../../src-shared/ipc/reading-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { useLoad } from '../../ui/use-load';
import { CODE_LABELS } from './labels';

const DELIMITER_LABELS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'vertical bar' };

export function ProfilesPanel() {
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canEdit = role !== null && roleHas(role, 'settings.write');
  const profiles = useLoad(() => api.call('readings.profiles', {}), 'profiles');
  const [editing, setEditing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function save() {
    setError(null);
    setJsonError(null);
    let value: unknown;
    try {
      value = JSON.parse(editing ?? '');
    } catch (e) {
      setJsonError(`Not valid JSON: ${(e as Error).message}`);
      return;
    }
    const env = await api.call('settings.update', { values: { readingProfiles: value as ReadingProfile[] }, reason });
    if (env.ok) {
      setEditing(null);
      setReason('');
      setNotice('Vendor profiles saved.');
      await profiles.reload();
    } else if (env.error.code === 'BAD_INPUT') setJsonError(env.error.message);
    else setError(env.error);
  }

  const list = profiles.value?.profiles ?? [];
  return (
    <section aria-labelledby="rd-profiles" className="card rd-profiles">
      <h2 id="rd-profiles">Vendor profiles</h2>
      <p className="hint">
        A reading file needs a header row with at least its profile's meter number, read date and reading columns (column names match ignoring case); other columns are optional, and columns the profile doesn't name are ignored.
      </p>
      {notice && (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      )}
      <ErrorAlert error={profiles.error} prefix="Could not load the profiles:" />
      {list.map((p) => (
        <table key={p.name} className="data rd-profile">
          <caption>
            {p.label} (<code>{p.name}</code>): {DELIMITER_LABELS[p.delimiter]}-separated, dates {p.dateFormats.join(' or ')}
          </caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Vendor's column</th>
            </tr>
          </thead>
          <tbody>
            {READING_FIELDS.filter((f) => p.columns[f]).map((f) => (
              <tr key={f}>
                <th scope="row">
                  {f.replace('_', ' ')}
                  {(REQUIRED_FIELDS as readonly string[]).includes(f) ? ' (required)' : ''}
                </th>
                <td>
                  <code>{p.columns[f]}</code>
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">read codes</th>
              <td>
                {Object.entries(p.codes)
                  .map(([k, v]) => `${k} = ${CODE_LABELS[v]}`)
                  .join(', ')}
                ; blank = OK
              </td>
            </tr>
          </tbody>
        </table>
      ))}
      {canEdit && editing === null && (
        <button type="button" onClick={() => (setNotice(null), setEditing(JSON.stringify(list, null, 2)))}>
          Edit profiles (JSON)
        </button>
      )}
      {canEdit && editing !== null && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="field">
            <label htmlFor="rd-profiles-json">Profiles (JSON)</label>
            <textarea id="rd-profiles-json" rows={20} value={editing} onChange={(e) => setEditing(e.target.value)} spellCheck={false} aria-invalid={jsonError ? true : undefined} aria-describedby={jsonError ? 'rd-profiles-json-error' : undefined} />
            {jsonError && (
              <p id="rd-profiles-json-error" className="field-error">
                {jsonError}
              </p>
            )}
          </div>
          <TextField label="Reason for the change" value={reason} onChange={setReason} />
          <ErrorAlert error={error} />
          <div className="dialog-actions">
            <button type="submit">Save profiles</button>
            <button type="button" onClick={() => (setEditing(null), setJsonError(null))}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

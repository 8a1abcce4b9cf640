// The end of an audited settings form: the required reason, the refusal if any, the save
// button and the "saved" status line.
import type { AppError } from '../../src-shared/ipc/envelope';
import { ErrorAlert } from './ErrorAlert';
import { TextField } from './fields';

export function SettingsSaveFooter(p: { reason: string; onReason: (v: string) => void; reasonError: string | null; error: AppError | null; busy: boolean; saveLabel: string; done: string }) {
  return (
    <>
      <TextField label="Reason for the change" value={p.reason} maxLength={500} error={p.reasonError} onChange={p.onReason} />
      <ErrorAlert error={p.error} prefix="Not saved:" />
      <div className="form-actions">
        <button type="submit" disabled={p.busy} aria-busy={p.busy}>
          {p.saveLabel}
        </button>
      </div>
      <p role="status" className="done">
        {p.done}
      </p>
    </>
  );
}

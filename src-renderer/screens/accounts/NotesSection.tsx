// Notes on an account, newest first: add a note (optionally flagged for follow-up, with a due
// date and an owner) and resolve open follow-ups. Enter adds the note; Shift+Enter starts a new line.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Note } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate, useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

export function NotesSection({ accountId, notes, canWrite, onChanged }: { accountId: number; notes: Note[]; canWrite: boolean; onChanged: () => Promise<void> }) {
  const { stamp } = useTownTime();
  const api = useApi();
  const [text, setText] = useState('');
  const [followUp, setFollowUp] = useState(false);
  const [dueOn, setDueOn] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const me = useAppState((s) => s.session?.user.id ?? null);
  const owners = useLoad(() => (canWrite ? api.call('followUps.owners', {}) : Promise.resolve({ ok: true as const, value: { owners: [] } })), `owners-${canWrite}`);
  // The one who flags a note owns it unless they choose someone else (or Anyone) — also when the
  // list of owners arrives after the box was ticked.
  const [ownerChosen, setOwnerChosen] = useState(false);
  const ownerList = owners.value?.owners;
  useEffect(() => {
    if (followUp && !ownerChosen && ownerId === '' && me !== null && ownerList?.some((o) => o.id === me)) setOwnerId(String(me));
  }, [followUp, ownerChosen, ownerId, me, ownerList]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const openFollowUps = notes.filter((n) => n.followUp && !n.resolvedAt).length;

  async function add(e?: FormEvent) {
    e?.preventDefault();
    if (busy) return;
    if (text.trim() === '') {
      setError({ code: 'BAD_INPUT', message: 'Write the note first.' });
      return;
    }
    setBusy(true);
    setDone('');
    const env = await api.call('accounts.addNote', {
      accountId,
      text,
      followUp,
      ...(followUp && dueOn !== '' ? { dueOn } : {}),
      ...(followUp && ownerId !== '' ? { ownerId: Number(ownerId) } : {}),
    });
    if (env.ok) {
      setText('');
      setFollowUp(false);
      setDueOn('');
      setOwnerId('');
      setOwnerChosen(false);
      setError(null);
      await onChanged();
      setDone(env.value.followUp ? 'Note added and flagged for follow-up.' : 'Note added.');
    } else setError(env.error);
    setBusy(false);
  }

  async function resolve(note: Note) {
    if (busy) return;
    setBusy(true);
    setDone('');
    const env = await api.call('accounts.resolveNote', { noteId: note.id });
    if (env.ok) {
      setError(null);
      await onChanged();
      setDone('Follow-up resolved.');
      // The Resolve button that had focus is gone; keep the user in the notes.
      headingRef.current?.focus();
    } else setError(env.error);
    setBusy(false);
  }

  function onTextKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void add();
    }
  }

  return (
    <section aria-labelledby="acct-notes" className="card notes">
      <h2 ref={headingRef} tabIndex={-1}>
        <span id="acct-notes">Notes</span>
        {openFollowUps > 0 && (
          <span className="badge badge-warn heading-badge">
            {openFollowUps} open follow-up{openFollowUps === 1 ? '' : 's'}
          </span>
        )}
      </h2>
      {canWrite && (
        <form className="note-form" onSubmit={(e) => void add(e)} aria-label="Add a note">
          <div className="field">
            <label htmlFor="note-text">Note</label>
            <textarea id="note-text" rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onTextKeyDown} aria-describedby="note-hint" />
            <p id="note-hint" className="hint">
              Enter adds the note; Shift+Enter starts a new line.
            </p>
          </div>
          <div className="note-actions">
            <label className="check">
              <input
                type="checkbox"
                checked={followUp}
                onChange={(e) => setFollowUp(e.target.checked)}
              />{' '}
              Flag for follow-up
            </label>
            <button type="submit" className="primary" disabled={busy}>
              Add note
            </button>
          </div>
          {followUp && (
            <div className="follow-up-fields">
              <TextField label="Follow-up due" type="date" value={dueOn} onChange={setDueOn} />
              <SelectField
                label="Follow-up owner"
                value={ownerId}
                placeholder="Anyone"
                options={(owners.value?.owners ?? []).map((o) => ({ value: String(o.id), label: o.displayName }))}
                onChange={(v) => {
                  setOwnerChosen(true);
                  setOwnerId(v);
                }}
              />
            </div>
          )}
        </form>
      )}
      <ErrorAlert error={error} />
      <p role="status" className="done">
        {done}
      </p>
      {notes.length === 0 ? (
        <p className="muted">No notes on this account.</p>
      ) : (
        <ul className="note-list" aria-label="Account notes">
          {notes.map((n) => (
            <li key={n.id} className={`note${n.followUp && !n.resolvedAt ? ' note-open' : ''}`}>
              <div className="note-meta">
                <span>{stamp(n.at)}</span>
                <span>{n.author ?? 'Unknown user'}</span>
                {n.followUp && !n.resolvedAt && <span className="badge badge-warn">Follow-up open</span>}
                {n.overdue && <span className="badge badge-alert">Overdue</span>}
                {n.followUp && n.dueOn && <span>Due {formatDate(n.dueOn)}</span>}
                {n.followUp && n.ownerName && <span>Owner: {n.ownerName}</span>}
                {n.followUp && n.resolvedAt && <span className="badge badge-ok">Resolved {stamp(n.resolvedAt)}</span>}
              </div>
              <p className="note-text">{n.text}</p>
              {canWrite && n.followUp && !n.resolvedAt && (
                <button type="button" onClick={() => void resolve(n)} disabled={busy} aria-label={`Resolve follow-up: ${snippet(n.text)}`}>
                  Resolve
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

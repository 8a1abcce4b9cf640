// The Bank drafts screen: the prenote run, the debit file of a draft date (saved from here as
// well as written to the draft folder), the files made so far (download again, post a settled
// debit file as payments) and importing the bank's returns file. An administrator sets the bank
// and company fields of the NACHA files here.
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent, type Ref } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError, Envelope } from '../../../src-shared/ipc/envelope';
import type { DraftFile, DraftFileResult, ImportReturnsResult } from '../../../src-shared/ipc/export-schemas';
import { useApi, useAppState } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatCount, formatDate, useTownTime, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { DraftSettingsForm } from './DraftSettingsForm';
import { saveText } from '../../ui/save-text';

const ACTION_LABELS: Record<ImportReturnsResult['returns'][number]['action'], string> = {
  reversed: 'Payment reversed',
  withheld: 'Withheld (never posted)',
  prenote: 'Prenote returned',
  already: 'Imported before',
};

export function DraftsScreen() {
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const canRun = role !== null && roleHas(role, 'drafts.run');
  const isAdmin = role !== null && roleHas(role, 'settings.write');
  return (
    <div className="drafts-screen">
      <h1>Bank drafts</h1>
      {canRun && <DraftRuns />}
      {isAdmin && <DraftSettingsForm />}
    </div>
  );
}

function DraftRuns() {
  const { stamp } = useTownTime();
  const api = useApi();
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const files = useLoad(() => api.call('drafts.files', { limit: 50 }), 'draft-files');
  const [draftDate, setDraftDate] = useState(today);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [made, setMade] = useState<DraftFileResult | null>(null);
  const [done, setDone] = useState('');
  const resultRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (made) resultRef.current?.focus();
  }, [made]);

  async function run(label: string, call: () => Promise<Envelope<DraftFileResult>>) {
    if (busy) return;
    setBusy(label);
    setDone('');
    setMade(null);
    const env = await call();
    setBusy(null);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setMade(env.value);
    await files.reload();
  }

  async function download(f: DraftFile) {
    if (busy) return;
    setBusy(`download-${f.id}`);
    setDone('');
    const env = await api.call('drafts.fileContent', { fileId: f.id });
    setBusy(null);
    if (!env.ok) return setError(env.error);
    setError(null);
    saveText(env.value.file.fileName, env.value.content);
    setDone(`Saved ${env.value.file.fileName}.`);
  }

  async function post(f: DraftFile) {
    if (busy) return;
    setBusy(`post-${f.id}`);
    setDone('');
    const env = await api.call('drafts.post', { fileId: f.id });
    setBusy(null);
    if (!env.ok) return setError(env.error);
    setError(null);
    const r = env.value;
    setDone(`Posted ${r.posted} draft${r.posted === 1 ? '' : 's'} from ${r.file.fileName} as payments: ${money(r.totalCents)}${r.withheld ? `; ${r.withheld} withheld (returned before posting)` : ''}.`);
    await files.reload();
  }

  return (
    <>
      <section aria-labelledby="drafts-make" className="card">
        <h2 id="drafts-make">Make a NACHA file</h2>
        <div className="page-actions">
          <button type="button" onClick={() => void run('prenote', () => api.call('drafts.prenoteRun', {}))} disabled={busy !== null} aria-busy={busy === 'prenote'}>
            Run prenotes
          </button>
        </div>
        <form
          aria-label="Debit file"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (!/^\d{4}-\d{2}-\d{2}$/.test(draftDate)) return setError({ code: 'BAD_INPUT', message: 'Enter the draft date.' });
            void run('debit', () => api.call('drafts.createFile', { draftDate }));
          }}
        >
          <TextField label="Draft date" type="date" value={draftDate} onChange={setDraftDate} hint="Every live enrolment’s balance due is drafted, effective on the first banking day on or after this date." />
          <div className="form-actions">
            <button type="submit" disabled={busy !== null} aria-busy={busy === 'debit'}>
              Create debit file
            </button>
          </div>
        </form>
        <ErrorAlert error={error} prefix="Not done:" />
        <p role="status" className="done">
          {done}
        </p>
      </section>
      {made && <FileResult r={made} headingRef={resultRef} />}
      <section aria-labelledby="drafts-files" className="card">
        <h2 id="drafts-files">Files made</h2>
        <ErrorAlert error={files.error} prefix="Could not load the files:" />
        {files.value && files.value.files.length === 0 && <p className="muted">No NACHA files yet.</p>}
        {files.value && files.value.files.length > 0 && (
          <table className="data" aria-labelledby="drafts-files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Draft date</th>
                <th scope="col">Effective</th>
                <th scope="col" className="num">Entries</th>
                <th scope="col" className="num">Total</th>
                <th scope="col">Created</th>
                <th scope="col">Posted</th>
                <th scope="col" className="num">Returned</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {files.value.files.map((f) => (
                <tr key={f.id}>
                  <td>{f.fileName}</td>
                  <td>{f.kind === 'debit' ? 'Debit' : 'Prenote'}</td>
                  <td>{formatDate(f.draftDate)}</td>
                  <td>{formatDate(f.effectiveDate)}</td>
                  <td className="num">{formatCount(f.entryCount)}</td>
                  <td className="num">{money(f.totalDebitCents)}</td>
                  <td>{stamp(f.createdAt)}</td>
                  <td>{f.postedBusinessDate ? formatDate(f.postedBusinessDate) : ''}</td>
                  <td className="num">{f.returnedCount}</td>
                  <td>
                    <button type="button" onClick={() => void download(f)} disabled={busy !== null} aria-label={`Download ${f.fileName}`}>
                      Download
                    </button>
                    {f.kind === 'debit' && !f.postedAt && (
                      <button type="button" onClick={() => void post(f)} disabled={busy !== null} aria-busy={busy === `post-${f.id}`} aria-label={`Post ${f.fileName} as payments`}>
                        Post
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <ImportReturns onImported={() => void files.reload()} />
    </>
  );
}

function FileResult({ r, headingRef }: { r: DraftFileResult; headingRef: Ref<HTMLHeadingElement> }) {
  const f = r.file;
  return (
    <section aria-labelledby="drafts-made" className="card">
      <h2 id="drafts-made" ref={headingRef} tabIndex={-1}>
        {f ? `Made ${f.fileName}` : 'Nothing to send'}
      </h2>
      {f && (
        <>
          <dl className="details">
            <div className="detail">
              <dt>Kind</dt>
              <dd>{f.kind === 'debit' ? 'Debit' : 'Prenote'}</dd>
            </div>
            <div className="detail">
              <dt>Entries</dt>
              <dd>{formatCount(f.entryCount)}</dd>
            </div>
            <div className="detail">
              <dt>Total debits</dt>
              <dd>{money(f.totalDebitCents)}</dd>
            </div>
            <div className="detail">
              <dt>Effective date</dt>
              <dd>{formatDate(f.effectiveDate)}</dd>
            </div>
            <div className="detail">
              <dt>Written to</dt>
              <dd>{r.writtenTo ? <code>{r.writtenTo}</code> : <span className="muted">Not written</span>}</dd>
            </div>
          </dl>
          {r.writeError && (
            <p role="alert" className="alert alert-error">
              The file was not written to the folder: {r.writeError}
            </p>
          )}
          {r.content !== null && (
            <div className="page-actions">
              <button type="button" onClick={() => saveText(f.fileName, r.content!)}>
                Save {f.fileName}
              </button>
            </div>
          )}
        </>
      )}
      {r.skipped.length > 0 && (
        <table className="data" aria-label="Accounts not drafted">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Why not</th>
            </tr>
          </thead>
          <tbody>
            {r.skipped.map((s, i) => (
              <tr key={i}>
                <td>{s.accountNumber}</td>
                <td>{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ImportReturns({ onImported }: { onImported: () => void }) {
  const api = useApi();
  const [content, setContent] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [result, setResult] = useState<ImportReturnsResult | null>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  function readFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => setContent(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => setError({ code: 'BAD_INPUT', message: `Could not read ${file.name}.` });
    reader.readAsText(file);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (content.trim().length < 94) return setError({ code: 'BAD_INPUT', message: 'Paste the returns file, or choose it, first.' });
    setBusy(true);
    setResult(null);
    const env = await api.call('drafts.importReturns', { content, receivedOn: receivedOn === '' ? undefined : receivedOn });
    setBusy(false);
    if (!env.ok) return setError(env.error);
    setError(null);
    setContent('');
    setResult(env.value);
    onImported();
  }

  return (
    <section aria-labelledby="drafts-returns" className="card">
      <h2 id="drafts-returns">Import returns</h2>
      <form aria-label="Import returns" noValidate onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="returns-file">Returns file</label>
          <input id="returns-file" type="file" accept=".ach,.txt,text/plain" onChange={readFile} />
        </div>
        <div className="field">
          <label htmlFor="returns-content">Returns file contents</label>
          <textarea id="returns-content" rows={6} value={content} spellCheck={false} className="mono" onChange={(e) => setContent(e.target.value)} />
        </div>
        <TextField label="Received on" type="date" value={receivedOn} hint="Empty: today." onChange={setReceivedOn} />
        <ErrorAlert error={error} prefix="Not imported:" />
        <div className="form-actions">
          <button type="submit" disabled={busy} aria-busy={busy}>
            Import returns
          </button>
        </div>
      </form>
      {result && (
        <div className="returns-result">
          <h3 ref={resultRef} tabIndex={-1}>
            Imported: {result.returns.length} return{result.returns.length === 1 ? '' : 's'}, {result.notices.length} notice{result.notices.length === 1 ? '' : 's'}, {result.unmatched.length} unmatched
          </h3>
          {result.returns.length > 0 && (
            <table className="data" aria-label="Returned drafts">
              <thead>
                <tr>
                  <th scope="col">Trace number</th>
                  <th scope="col">Account</th>
                  <th scope="col">Code</th>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">Amount</th>
                  <th scope="col">What happened</th>
                  <th scope="col" className="num">Fee</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {result.returns.map((r) => (
                  <tr key={r.traceNumber}>
                    <td>{r.traceNumber}</td>
                    <td>{r.accountNumber ?? ''}</td>
                    <td>{r.returnCode}</td>
                    <td>{r.reason}</td>
                    <td className="num">{money(r.amountCents)}</td>
                    <td>{ACTION_LABELS[r.action]}</td>
                    <td className="num">{money(r.feeCents)}</td>
                    <td>{[r.enrolmentEnded ? 'Enrolment ended' : null, r.cashOnlySet ? 'Set to cash only' : null, r.note].filter(Boolean).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.notices.length > 0 && (
            <table className="data" aria-label="Notifications of change">
              <thead>
                <tr>
                  <th scope="col">Trace number</th>
                  <th scope="col">Account</th>
                  <th scope="col">Code</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {result.notices.map((n) => (
                  <tr key={n.traceNumber}>
                    <td>{n.traceNumber}</td>
                    <td>{n.accountNumber ?? ''}</td>
                    <td>{n.code}</td>
                    <td>{n.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.unmatched.length > 0 && (
            <table className="data" aria-label="Unmatched returns">
              <thead>
                <tr>
                  <th scope="col">Trace number</th>
                  <th scope="col">Code</th>
                  <th scope="col" className="num">Amount</th>
                </tr>
              </thead>
              <tbody>
                {result.unmatched.map((u) => (
                  <tr key={u.traceNumber}>
                    <td>{u.traceNumber}</td>
                    <td>{u.returnCode}</td>
                    <td className="num">{money(u.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

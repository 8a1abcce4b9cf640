// The Debt setoff screen (Alt+T; docs/SETOFF.md): the eligibility list with each criterion met or
// not, the notice letters batch (a PDF to print and mail), hearing requests waiting for a
// decision, the submission file for the Clearinghouse (built and written by the core into a
// folder; its SSNs never reach this screen) and the import of a setoff proceeds file.
import { useEffect, useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState, useServices } from '../../app/context';
import { AmountCell, DataTable } from '../../ui/DataTable';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatDate, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';
import { OUTCOME_LABELS, SETOFF_CRITERION_LABELS, standingWords, SUBMIT_REASON_LABELS } from './setoff-labels';

type Filter = 'all' | 'eligible' | 'noticeDue' | 'blocked';

export function DebtSetoffScreen() {
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canManage = roles !== null && roleHas(roles, 'setoff.manage');
  const canWork = roles !== null && roleHas(roles, 'collections.work');
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  return (
    <div className="setoff-screen">
      <h1>Debt setoff</h1>
      <p className="muted">NC Debt Setoff (G.S. 105A): delinquent utility debts of at least the minimum, after a notice and its hearing window, sent to the Clearinghouse to be set off against state tax refunds.</p>
      <Eligibility version={version} />
      {canWork && <Notices onChanged={changed} />}
      <Hearings canDecide={canManage} version={version} onChanged={changed} />
      {canManage && <Submission onChanged={changed} />}
      {canManage && <Proceeds onChanged={changed} />}
    </div>
  );
}

/** While a town-wide walk runs, how far it has got (asked every 300 ms). */
function useWalkProgress(active: boolean): number | null {
  const api = useApi();
  const [pct, setPct] = useState<number | null>(null);
  useEffect(() => {
    if (!active) {
      setPct(null);
      return;
    }
    let live = true;
    const ask = async () => {
      const r = await api.call('setoff.progress', {});
      if (live && r.ok && r.value.running && r.value.maxId > 0) setPct(Math.round((100 * r.value.doneId) / r.value.maxId));
    };
    const timer = setInterval(() => void ask(), 300);
    void ask();
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [active, api]);
  return pct;
}

function Eligibility({ version }: { version: number }) {
  const api = useApi();
  const { store } = useServices();
  const [filter, setFilter] = useState<Filter>('all');
  const list = useLoad(() => api.call('setoff.eligibility', { filter }), `${filter}-${version}`);
  const pct = useWalkProgress(list.loading);
  const v = list.value;
  return (
    <section aria-labelledby="setoff-eligibility" className="card">
      <h2 id="setoff-eligibility">Eligibility</h2>
      <SelectField
        label="Show"
        value={filter}
        onChange={(x) => setFilter(x as Filter)}
        options={[
          { value: 'all', label: 'All delinquent accounts' },
          { value: 'eligible', label: 'Eligible for the next file' },
          { value: 'noticeDue', label: 'Notice due' },
          { value: 'blocked', label: 'Not eligible' },
        ]}
      />
      <button type="button" onClick={() => void list.reload()}>
        Refresh
      </button>
      <ErrorAlert error={list.error} prefix="Could not load the eligibility list:" />
      {list.loading && (
        <div>
          <label htmlFor="setoff-progress">Checking every account</label>
          <progress id="setoff-progress" aria-label="Setoff eligibility progress" max={100} value={pct ?? 0} />
          <span>{pct === null ? ' Starting…' : ` ${pct} % of accounts checked`}</span>
        </div>
      )}
      {v && (
        <>
          <p role="status">
            As of {formatDate(v.asOf)}: {v.counts.candidates} delinquent accounts, {v.counts.eligible} eligible ({money(v.counts.eligibleCents)}), {v.counts.noticeDue} need a notice,{' '}
            {v.counts.hearingsPending} hearing requests pending.{v.capped ? ` The first ${v.rows.length} are listed.` : ''}
          </p>
          <DataTable
            caption="Setoff eligibility by account"
            columns={[{ label: 'Account' }, { label: 'Name' }, { label: 'Debt', num: true }, { label: 'Delinquent since' }, ...Object.values(SETOFF_CRITERION_LABELS).map((l) => ({ label: l })), { label: 'Standing' }]}
            rows={v.rows}
            empty="No account is delinquent long enough."
            row={(r) => (
              <tr key={r.accountId}>
                <td>
                  <button type="button" className="link-button" onClick={() => store.getState().openAccount(r.accountId)} aria-label={`Open account ${r.accountNumber}`}>
                    {r.accountNumber}
                  </button>
                </td>
                <td>{r.name}</td>
                <AmountCell cents={r.debtCents} />
                <td>{formatDate(r.delinquentSince)}</td>
                {r.criteria.map((c) => (
                  <td key={c.key}>
                    {c.met ? 'Met' : 'Not met'} <span className="sub">{c.detail}</span>
                  </td>
                ))}
                <td>{standingWords(r)}</td>
              </tr>
            )}
          />
        </>
      )}
    </section>
  );
}

function Notices({ onChanged }: { onChanged: () => void }) {
  const api = useApi();
  const [mailedOn, setMailedOn] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  async function send(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await api.call('setoff.sendNotices', { mailedOn });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    saveDocument(r.value.pdf);
    setDone(`${r.value.notices.length} setoff notices recorded as mailed ${formatDate(mailedOn)} (${r.value.pdf.pages} pages saved as ${r.value.pdf.filename}). Mail them that day.`);
    onChanged();
  }
  return (
    <section aria-labelledby="setoff-notices" className="card">
      <h2 id="setoff-notices">Notices</h2>
      <p className="muted">Every account whose notice is due (amount, age and SSN/ITIN met, no notice yet) gets the setoff notice letter in its customer&rsquo;s language. The hearing window starts on the mail date.</p>
      <form aria-label="Send setoff notices" onSubmit={(e) => void send(e)}>
        <TextField label="Mail date" type="date" value={mailedOn} onChange={setMailedOn} required />
        <button type="submit" disabled={busy}>
          Print notices batch
        </button>
      </form>
      {done && <p role="status">{done}</p>}
      <ErrorAlert error={error} prefix="No notices:" />
    </section>
  );
}

function Hearings({ canDecide, version, onChanged }: { canDecide: boolean; version: number; onChanged: () => void }) {
  const api = useApi();
  const list = useLoad(() => api.call('setoff.hearings', { pendingOnly: true }), String(version));
  const [deciding, setDeciding] = useState<number | null>(null);
  const [decidedOn, setDecidedOn] = useState('');
  const [outcome, setOutcome] = useState<'town' | 'debtor'>('town');
  const [note, setNote] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  async function decide(e: FormEvent) {
    e.preventDefault();
    if (deciding === null) return;
    const r = await api.call('setoff.decideHearing', { hearingId: deciding, decidedOn, outcome, note: note || undefined });
    if (!r.ok) return setError(r.error);
    setError(null);
    setDeciding(null);
    setNote('');
    setDone(`Hearing for ${r.value.accountNumber ?? ''} decided ${OUTCOME_LABELS[outcome].toLowerCase()}.`);
    onChanged();
  }
  return (
    <section aria-labelledby="setoff-hearings" className="card">
      <h2 id="setoff-hearings">Hearing requests</h2>
      <p className="muted">Record a request on the account page (Setoff, Alt+Shift+T). While a request waits for its decision the debt is not sent.</p>
      <ErrorAlert error={list.error} />
      {list.value && (
        <DataTable
          caption="Hearing requests waiting for a decision"
          columns={[{ label: 'Account' }, { label: 'Name' }, { label: 'Received' }, { label: 'Note' }, { label: 'Action' }]}
          rows={list.value.rows}
          empty="No hearing request is waiting."
          row={(h) => (
            <tr key={h.id}>
              <td>{h.accountNumber}</td>
              <td>{h.name}</td>
              <td>{formatDate(h.receivedOn)}</td>
              <td>{h.note}</td>
              <td>
                {canDecide && (
                  <button type="button" onClick={() => setDeciding(h.id)} aria-label={`Decide the hearing for ${h.accountNumber ?? ''}`}>
                    Decide…
                  </button>
                )}
              </td>
            </tr>
          )}
        />
      )}
      {deciding !== null && (
        <form aria-label="Decide hearing" onSubmit={(e) => void decide(e)}>
          <TextField label="Decided on" type="date" value={decidedOn} onChange={setDecidedOn} required autoFocus />
          <SelectField label="Outcome" value={outcome} onChange={(x) => setOutcome(x as 'town' | 'debtor')} options={[{ value: 'town', label: OUTCOME_LABELS.town }, { value: 'debtor', label: OUTCOME_LABELS.debtor }]} />
          <TextField label="Decision note" value={note} onChange={setNote} />
          <button type="submit">Record decision</button>
          <button type="button" onClick={() => setDeciding(null)}>
            Cancel
          </button>
        </form>
      )}
      {done && <p role="status">{done}</p>}
      <ErrorAlert error={error} prefix="Not saved:" />
    </section>
  );
}

function Submission({ onChanged }: { onChanged: () => void }) {
  const api = useApi();
  const [preview, setPreview] = useState<MethodOutput<'setoff.previewSubmission'> | null>(null);
  const [folder, setFolder] = useState('');
  const [built, setBuilt] = useState<MethodOutput<'setoff.buildSubmission'> | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const files = useLoad(() => api.call('setoff.submissions', {}), String(built?.submission.id ?? 0));
  async function load() {
    const r = await api.call('setoff.previewSubmission', {});
    if (!r.ok) return setError(r.error);
    setError(null);
    setPreview(r.value);
  }
  async function build(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    const r = await api.call('setoff.buildSubmission', { folder });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setBuilt(r.value);
    setPreview(null);
    onChanged();
  }
  return (
    <section aria-labelledby="setoff-submission" className="card">
      <h2 id="setoff-submission">Submission file</h2>
      <p className="muted">New eligible debts at their balance, and debts already sent whose balance changed (0 when paid, withdrawn or expired). Import every proceeds file before building the next one.</p>
      <button type="button" onClick={() => void load()}>
        Preview next file
      </button>
      {preview && (
        <DataTable
          caption={`Next file: ${preview.rows.length} records, ${money(preview.totalCents)}`}
          columns={[{ label: 'Account' }, { label: 'Name' }, { label: 'Unique key' }, { label: 'Last sent', num: true }, { label: 'Amount', num: true }, { label: 'Why' }]}
          rows={preview.rows}
          empty="Nothing to send: no new eligible debt and no change."
          row={(r) => (
            <tr key={r.accountId}>
              <td>{r.accountNumber}</td>
              <td>{r.name}</td>
              <td>{r.uniqueKey ?? 'new'}</td>
              <td className="num">{r.lastSentCents === null ? '—' : money(r.lastSentCents)}</td>
              <AmountCell cents={r.amountCents} />
              <td>{SUBMIT_REASON_LABELS[r.reason]}</td>
            </tr>
          )}
        />
      )}
      <form aria-label="Build submission file" onSubmit={(e) => void build(e)}>
        <TextField label="Folder to write the file into" value={folder} onChange={setFolder} hint="A full path, e.g. the folder you upload to the Clearinghouse from." required />
        <button type="submit" disabled={busy}>
          Build submission file
        </button>
      </form>
      <ErrorAlert error={error} prefix="No file:" />
      {built && (
        <div role="status">
          <p>
            Written {built.writtenTo}: {built.submission.recordCount} records, {money(built.submission.totalCents)}.
          </p>
          {built.rejected.length > 0 && (
            <DataTable
              caption="Left out of the file"
              columns={[{ label: 'Account' }, { label: 'Why' }]}
              rows={built.rejected}
              row={(r) => (
                <tr key={r.accountId}>
                  <td>{r.accountNumber}</td>
                  <td>{r.reason}</td>
                </tr>
              )}
            />
          )}
        </div>
      )}
      {files.value && (
        <DataTable
          caption="Files built"
          columns={[{ label: 'File' }, { label: 'Built by' }, { label: 'Records', num: true }, { label: 'Total', num: true }]}
          rows={files.value.rows}
          empty="No file built yet."
          row={(f) => (
            <tr key={f.id}>
              <td>{f.fileName}</td>
              <td>{f.createdBy}</td>
              <td className="num">{f.recordCount}</td>
              <AmountCell cents={f.totalCents} />
            </tr>
          )}
        />
      )}
    </section>
  );
}

function Proceeds({ onChanged }: { onChanged: () => void }) {
  const api = useApi();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<MethodOutput<'setoff.importProceeds'> | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const imports = useLoad(() => api.call('setoff.imports', {}), String(result?.import.id ?? 0));
  async function importFile(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    const content = await file.text();
    const r = await api.call('setoff.importProceeds', { fileName: file.name, content });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setResult(r.value);
    onChanged();
  }
  return (
    <section aria-labelledby="setoff-proceeds" className="card">
      <h2 id="setoff-proceeds">Import proceeds</h2>
      <p className="muted">The Clearinghouse&rsquo;s setoff file: checked record by record and reconciled to the Cash Management deposit before anything posts; each matched record is a third-party payment on its account.</p>
      <form aria-label="Import setoff proceeds" onSubmit={(e) => void importFile(e)}>
        <label htmlFor="setoff-proceeds-file">Setoff proceeds file</label>
        <input id="setoff-proceeds-file" type="file" accept=".txt,.dat,text/plain" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="submit" disabled={busy || !file}>
          Import proceeds
        </button>
      </form>
      <ErrorAlert error={error} prefix="Not imported:" />
      {result && (
        <div role="status">
          <p>
            {result.import.fileName}: {result.import.recordCount} records, {money(result.import.setoffCents)} set off, deposit {money(result.import.depositCents)}; {result.import.postedCount} posted ({money(result.import.postedCents)}).
          </p>
          {result.rejected.length > 0 && (
            <DataTable
              caption="Records not posted (research them; the money is in the deposit)"
              columns={[{ label: 'Line', num: true }, { label: 'Unique key' }, { label: 'Amount', num: true }, { label: 'Why' }]}
              rows={result.rejected}
              row={(r) => (
                <tr key={r.lineNo}>
                  <td className="num">{r.lineNo}</td>
                  <td>{r.uniqueKey}</td>
                  <AmountCell cents={r.amountCents} />
                  <td>{r.reason}</td>
                </tr>
              )}
            />
          )}
        </div>
      )}
      {imports.value && (
        <DataTable
          caption="Proceeds files imported"
          columns={[{ label: 'File' }, { label: 'Business date' }, { label: 'Records', num: true }, { label: 'Deposit', num: true }, { label: 'Posted', num: true }]}
          rows={imports.value.rows}
          empty="No proceeds file imported yet."
          row={(f) => (
            <tr key={f.id}>
              <td>{f.fileName}</td>
              <td>{formatDate(f.businessDate)}</td>
              <td className="num">{f.recordCount}</td>
              <AmountCell cents={f.depositCents} />
              <AmountCell cents={f.postedCents} />
            </tr>
          )}
        />
      )}
    </section>
  );
}

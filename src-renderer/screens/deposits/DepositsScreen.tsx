// The Deposits screen (Alt+E): the refund eligibility run (preview every account holding a
// deposit with each criterion met or not, then a supervisor refunds the eligible ones as account
// credit), the deposit liability report (totals, per account, PDF and CSV), and letters of credit
// (record one received for an account's customer, see the latest, void one entered in error).
import { useRef, useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { MethodOutput } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { AmountCell, AmountRow, DataTable } from '../../ui/DataTable';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatDate, money } from '../../ui/format';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';
import { saveText } from '../../ui/save-text';
import { CRITERION_LABELS } from './labels';

/** Rows of the liability report shown on screen; the PDF and CSV have all of them. */
const SHOWN = 200;

export function DepositsScreen() {
  return (
    <div className="deposits-screen">
      <h1>Deposits</h1>
      <RefundRun />
      <Liability />
      <LettersOfCredit />
    </div>
  );
}

function RefundRun() {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canRefund = roles !== null && roleHas(roles, 'deposits.refund');
  const [preview, setPreview] = useState<MethodOutput<'depositRefunds.preview'> | null>(null);
  const [run, setRun] = useState<MethodOutput<'depositRefunds.run'> | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  async function load() {
    setBusy(true);
    setRun(null);
    const r = await api.call('depositRefunds.preview', {});
    setBusy(false);
    if (r.ok) {
      setPreview(r.value);
      setError(null);
      key.current = newIdempotencyKey();
    } else setError(r.error);
  }
  async function refund() {
    if (!preview) return;
    setBusy(true);
    // Exactly the accounts the preview found eligible (each is decided again as it posts).
    const ids = preview.eligibleIds;
    const r = await api.call('depositRefunds.run', { idempotencyKey: key.current, accountIds: ids.length > 0 && ids.length <= 100_000 ? ids : undefined });
    setBusy(false);
    if (r.ok) {
      setRun(r.value);
      setPreview(null);
      setError(null);
    } else setError(r.error);
  }

  return (
    <section aria-labelledby="dep-refunds" className="card">
      <h2 id="dep-refunds">Refund eligibility</h2>
      <p className="muted">Every active account holding a deposit, as of today. An eligible deposit is refunded as a credit on the account, with a deposit refund letter.</p>
      <button type="button" onClick={() => void load()} disabled={busy}>
        Preview refunds
      </button>
      <ErrorAlert error={error} prefix="Could not run the refunds:" />
      {preview && (
        <>
          <p role="status">
            {preview.eligible} of {preview.accounts} accounts eligible, {money(preview.eligibleCents)} in all.
            {preview.rows.length < preview.accounts ? ` The first ${preview.rows.length} are listed, eligible first.` : ''}
          </p>
          <DataTable
            caption="Refund eligibility by account"
            columns={[{ label: 'Account' }, { label: 'Name' }, { label: 'Held', num: true }, ...Object.values(CRITERION_LABELS).map((l) => ({ label: l })), { label: 'Eligible' }]}
            rows={preview.rows}
            empty="No account holds a deposit."
            row={(r) => (
              <tr key={r.accountId}>
                <td>{r.accountNumber}</td>
                <td>{r.name}</td>
                <AmountCell cents={r.heldCents} />
                {r.criteria.map((c) => (
                  <td key={c.key}>
                    {c.met ? 'Met' : 'Not met'} <span className="sub">{c.detail}</span>
                  </td>
                ))}
                <td>{r.eligible ? 'Yes' : 'No'}</td>
              </tr>
            )}
          />
          {canRefund && preview.eligible > 0 && (
            <button type="button" onClick={() => void refund()} disabled={busy}>
              Refund {preview.eligible} eligible deposits
            </button>
          )}
          {!canRefund && <p className="muted">A supervisor posts the refunds.</p>}
        </>
      )}
      {run && (
        <p role="status">
          Refund run {run.runId}: {run.posted} deposits refunded as credit, {money(run.postedCents)}
          {run.status === 'posting' ? ' (not finished: run it again to continue)' : ''}.
        </p>
      )}
    </section>
  );
}

function Liability() {
  const api = useApi();
  const report = useLoad(() => api.call('deposits.liability', {}), 'liability');
  const [error, setError] = useState<AppError | null>(null);
  const r = report.value;
  async function pdf() {
    const d = await api.call('deposits.liabilityPdf', {});
    if (d.ok) saveDocument(d.value);
    else setError(d.error);
  }
  async function csv() {
    const d = await api.call('deposits.liabilityCsv', {});
    if (d.ok) saveText(d.value.filename, d.value.content, 'text/csv');
    else setError(d.error);
  }
  return (
    <section aria-labelledby="dep-liability" className="card">
      <h2 id="dep-liability">Deposit liability</h2>
      <ErrorAlert error={report.error ?? error} prefix="Could not load the liability report:" />
      <div className="row-actions">
        <button type="button" onClick={() => void report.reload()}>
          Refresh liability
        </button>
        <button type="button" onClick={() => void pdf()}>
          Save liability PDF
        </button>
        <button type="button" onClick={() => void csv()}>
          Save liability CSV
        </button>
      </div>
      {r && (
        <>
          <DataTable
            caption={`Deposit totals as of ${formatDate(r.asOf)}`}
            rows={[]}
            row={() => null}
            after={
              <>
                <AmountRow label="Deposits held" cents={r.totals.heldCents} />
                <AmountRow label="Charged, not yet paid" cents={r.totals.unpaidCents} />
                <AmountRow label="Paid and held" cents={r.totals.paidCents} />
                <AmountRow label="GL 2200 customer deposits" cents={r.glBalanceCents} />
              </>
            }
          />
          <DataTable
            caption={`Deposits by account (${r.totals.accounts}${r.rows.length > SHOWN ? `, first ${SHOWN} shown; the PDF and CSV have all` : ''})`}
            columns={[{ label: 'Account' }, { label: 'Name' }, { label: 'Status' }, { label: 'Held', num: true }, { label: 'Unpaid', num: true }, { label: 'Paid', num: true }]}
            rows={r.rows.slice(0, SHOWN)}
            empty="No deposits held."
            row={(x) => (
              <tr key={x.accountId}>
                <td>{x.accountNumber}</td>
                <td>{x.name}</td>
                <td>{x.status.replace('_', ' ')}</td>
                <AmountCell cents={x.heldCents} />
                <AmountCell cents={x.unpaidCents} />
                <AmountCell cents={x.paidCents} />
              </tr>
            )}
          />
        </>
      )}
    </section>
  );
}

function LettersOfCredit() {
  const api = useApi();
  const list = useLoad(() => api.call('lettersOfCredit.list', { limit: 50 }), 'loc');
  const [form, setForm] = useState({ utility: '', utilityAccount: '', receivedOn: '', goodMonths: '', note: '' });
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Array<{ id: number; name: string; detail: string }> | null>(null);
  const [chosen, setChosen] = useState<{ id: number; name: string } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const [voiding, setVoiding] = useState<{ id: number; reason: string } | null>(null);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  /** A new customer has no account yet: find them by name or phone, or by an account number (TownCounter's or an old one). */
  async function find() {
    setChosen(null);
    const r = await api.call('customers.search', { query: query.trim(), limit: 10 });
    if (!r.ok) return setError(r.error);
    setError(null);
    setFound(
      r.value.results.map((c) => ({
        id: c.id,
        name: c.displayName,
        detail: [c.phone, c.mailingAddress, c.accounts.length > 0 ? `account ${c.accounts.map((a) => a.number).join(', ')}` : ''].filter(Boolean).join(', '),
      })),
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone('');
    if (!chosen) return setError({ code: 'BAD_INPUT', message: 'Find and choose the customer first.' });
    const r = await api.call('lettersOfCredit.record', {
      customerId: chosen.id,
      utility: form.utility,
      utilityAccount: form.utilityAccount || undefined,
      receivedOn: form.receivedOn,
      goodMonths: Number(form.goodMonths),
      note: form.note || undefined,
    });
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(`Recorded the letter of credit from ${r.value.utility} for ${r.value.customerName}${r.value.waivesToday ? ': it waives a deposit today.' : ': it does not waive a deposit (too old or too few months).'}`);
    setForm({ utility: '', utilityAccount: '', receivedOn: '', goodMonths: '', note: '' });
    setChosen(null);
    setFound(null);
    setQuery('');
    await list.reload();
  }
  async function voidIt(e: FormEvent) {
    e.preventDefault();
    if (!voiding) return;
    const r = await api.call('lettersOfCredit.void', { id: voiding.id, reason: voiding.reason });
    if (!r.ok) return setError(r.error);
    setVoiding(null);
    setDone(`Voided letter of credit ${r.value.id}.`);
    await list.reload();
  }

  return (
    <section aria-labelledby="dep-loc" className="card">
      <h2 id="dep-loc">Letters of credit</h2>
      <form
        aria-label="Find the customer"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <TextField label="Customer" value={query} onChange={setQuery} hint="Name, phone or account number; Enter finds." />
        <button type="submit">Find customer</button>
      </form>
      {found && (
        <ul aria-label="Customers found" className="plain-list">
          {found.length === 0 && <li>No customer found.</li>}
          {found.map((c) => (
            <li key={c.id}>
              <button type="button" aria-pressed={chosen?.id === c.id} onClick={() => setChosen({ id: c.id, name: c.name })}>
                Choose {c.name}
              </button>{' '}
              <span className="sub">{c.detail}</span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)} aria-label="Record a letter of credit">
        <p role="status">{chosen ? `For ${chosen.name}` : 'No customer chosen yet.'}</p>
        <TextField label="Previous utility" value={form.utility} onChange={set('utility')} />
        <TextField label="Account at that utility" value={form.utilityAccount} onChange={set('utilityAccount')} />
        <TextField label="Received on" type="date" value={form.receivedOn} onChange={set('receivedOn')} />
        <TextField label="Months of good payment" inputMode="numeric" value={form.goodMonths} onChange={set('goodMonths')} />
        <TextField label="Note" value={form.note} onChange={set('note')} />
        <button type="submit">Record letter of credit</button>
      </form>
      <ErrorAlert error={error ?? list.error} prefix="Letters of credit:" />
      {done && <p role="status">{done}</p>}
      {voiding && (
        <form onSubmit={(e) => void voidIt(e)} aria-label={`Void letter of credit ${voiding.id}`}>
          <TextField label="Reason for voiding" value={voiding.reason} onChange={(v) => setVoiding({ ...voiding, reason: v })} autoFocus />
          <button type="submit">Void</button>
          <button type="button" onClick={() => setVoiding(null)}>
            Cancel
          </button>
        </form>
      )}
      <DataTable
        caption="Latest letters of credit"
        columns={[{ label: 'Customer' }, { label: 'Utility' }, { label: 'Received' }, { label: 'Months' }, { label: 'Waives a deposit today' }, { label: 'Actions' }]}
        rows={list.value?.rows ?? []}
        empty="None on file."
        row={(l) => (
          <tr key={l.id}>
            <td>{l.customerName}</td>
            <td>{l.utility}</td>
            <td>{formatDate(l.receivedOn)}</td>
            <td>{l.goodMonths}</td>
            <td>{l.voidedAt ? `Void: ${l.voidReason ?? ''}` : l.waivesToday ? 'Yes' : 'No'}</td>
            <td>
              {!l.voidedAt && (
                <button type="button" onClick={() => setVoiding({ id: l.id, reason: '' })} aria-label={`Void letter of credit from ${l.utility} for ${l.customerName}`}>
                  Void
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}

// The account page's Setoff section (Alt+Shift+T): the account's NC Debt Setoff standing with each
// criterion, the notices mailed (reprint), hearing requests (record one; a supervisor decides on
// the Debt setoff screen), what each submission file sent for its debt and the proceeds posted.
import { useState, type FormEvent } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { AmountCell, DataTable } from '../../ui/DataTable';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatDate, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';
import { OUTCOME_LABELS, SETOFF_CRITERION_LABELS, standingWords, SUBMIT_REASON_LABELS } from './setoff-labels';

export function SetoffSection({ accountId }: { accountId: number }) {
  const api = useApi();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canRead = roles !== null && roleHas(roles, 'collections.read');
  const canWork = roles !== null && roleHas(roles, 'collections.work');
  const data = useLoad(() => (canRead ? api.call('setoff.account', { accountId }) : Promise.resolve({ ok: false as const, error: { code: 'FORBIDDEN' as const, message: 'Setoff is for collections staff.' } })), String(accountId));
  const [receivedOn, setReceivedOn] = useState('');
  const [note, setNote] = useState('');
  const [mailedOn, setMailedOn] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');

  async function record(e: FormEvent) {
    e.preventDefault();
    const r = await api.call('setoff.recordHearing', { accountId, receivedOn, note: note || undefined });
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(`Hearing request received ${formatDate(r.value.receivedOn)} recorded; the debt is not sent until it is decided.`);
    setReceivedOn('');
    setNote('');
    await data.reload();
  }
  async function sendNotice(e: FormEvent) {
    e.preventDefault();
    const r = await api.call('setoff.sendNotices', { mailedOn, accountIds: [accountId] });
    if (!r.ok) return setError(r.error);
    setError(null);
    saveDocument(r.value.pdf);
    setDone(`Setoff notice for ${money(r.value.notices[0]?.amountCents ?? 0)} recorded as mailed ${formatDate(mailedOn)}; the hearing window starts that day.`);
    setMailedOn('');
    await data.reload();
  }
  async function reprint(letterId: number) {
    const r = await api.call('letters.pdf', { letterId });
    if (r.ok) saveDocument(r.value);
    else setError(r.error);
  }

  const v = data.value;
  return (
    <section aria-labelledby="acct-setoff" className="card">
      <h2 id="acct-setoff">Setoff</h2>
      {!canRead && <p className="muted">Debt setoff is shown to collections staff.</p>}
      {canRead && <ErrorAlert error={data.error} />}
      {v && (
        <>
          <p role="status">
            {standingWords(v.standing)} as of {formatDate(v.standing.asOf)}: debt {money(v.standing.debtCents)}
            {v.standing.delinquentSince ? `, delinquent since ${formatDate(v.standing.delinquentSince)} (${v.standing.daysDelinquent} days)` : ''}
            {v.standing.debt ? `; unique key ${v.standing.debt.uniqueKey}, last sent ${v.standing.debt.lastSentCents === null ? '—' : money(v.standing.debt.lastSentCents)}` : ''}.
          </p>
          <DataTable
            caption="Setoff criteria"
            columns={[{ label: 'Criterion' }, { label: 'Met' }, { label: 'Detail' }]}
            rows={v.standing.criteria}
            row={(c) => (
              <tr key={c.key}>
                <td>{SETOFF_CRITERION_LABELS[c.key]}</td>
                <td>{c.met ? 'Met' : 'Not met'}</td>
                <td>{c.detail}</td>
              </tr>
            )}
          />
          {v.notices.length > 0 && (
            <DataTable
              caption="Setoff notices mailed"
              columns={[{ label: 'Mailed' }, { label: 'Amount', num: true }, { label: 'Hearing window ends' }, { label: 'Letter' }]}
              rows={v.notices}
              row={(n) => (
                <tr key={n.id}>
                  <td>{formatDate(n.mailedOn)}</td>
                  <AmountCell cents={n.amountCents} />
                  <td>{formatDate(n.windowEnds)}</td>
                  <td>
                    <button type="button" onClick={() => void reprint(n.letterId)} aria-label={`Reprint the setoff notice mailed ${formatDate(n.mailedOn)}`}>
                      Reprint
                    </button>
                  </td>
                </tr>
              )}
            />
          )}
          {v.hearings.length > 0 && (
            <DataTable
              caption="Hearing requests"
              columns={[{ label: 'Received' }, { label: 'Note' }, { label: 'Decided' }, { label: 'Outcome' }]}
              rows={v.hearings}
              row={(h) => (
                <tr key={h.id}>
                  <td>{formatDate(h.receivedOn)}</td>
                  <td>{h.note}</td>
                  <td>{formatDate(h.decidedOn)}</td>
                  <td>{h.outcome ? `${OUTCOME_LABELS[h.outcome]}${h.decisionNote ? ` — ${h.decisionNote}` : ''}` : 'Pending'}</td>
                </tr>
              )}
            />
          )}
          {v.sent.length > 0 && (
            <DataTable
              caption="Sent to the Clearinghouse"
              columns={[{ label: 'File' }, { label: 'Amount', num: true }, { label: 'Why' }]}
              rows={v.sent}
              row={(s) => (
                <tr key={s.submissionId}>
                  <td>{s.fileName}</td>
                  <AmountCell cents={s.amountCents} />
                  <td>{SUBMIT_REASON_LABELS[s.reason]}</td>
                </tr>
              )}
            />
          )}
          {v.proceeds.length > 0 && (
            <DataTable
              caption="Setoff proceeds"
              columns={[{ label: 'File' }, { label: 'Matched' }, { label: 'Amount', num: true }, { label: 'Posted' }]}
              rows={v.proceeds}
              row={(p) => (
                <tr key={`${p.importId}-${p.lineNo}`}>
                  <td>{p.fileName}</td>
                  <td>{formatDate(p.matchDate)}</td>
                  <AmountCell cents={p.amountCents} />
                  <td>{p.posted ? 'Posted' : `Not posted: ${p.rejected ?? ''}`}</td>
                </tr>
              )}
            />
          )}
          {canWork && v.standing.criteria.filter((c) => c.key === 'amount' || c.key === 'delinquent' || c.key === 'identity').every((c) => c.met) && (
            <form aria-label="Send a setoff notice" onSubmit={(e) => void sendNotice(e)}>
              <p className="muted">{v.notices.length === 0 ? 'No notice has been mailed on this account.' : 'A new notice starts a new hearing window (after a hearing lost, or to cover a larger debt).'}</p>
              <TextField label="Notice mail date" type="date" value={mailedOn} onChange={setMailedOn} required />
              <button type="submit">Send setoff notice</button>
            </form>
          )}
          {canWork && v.notices.length > 0 && (
            <form aria-label="Record a hearing request" onSubmit={(e) => void record(e)}>
              <TextField label="Hearing request received on" type="date" value={receivedOn} onChange={setReceivedOn} required />
              <TextField label="Hearing request note" value={note} onChange={setNote} />
              <button type="submit">Record hearing request</button>
            </form>
          )}
        </>
      )}
      {done && <p role="status">{done}</p>}
      <ErrorAlert error={error} prefix="Not saved:" />
    </section>
  );
}

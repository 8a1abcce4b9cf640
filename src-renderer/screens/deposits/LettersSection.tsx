// The account page's Letters section (Alt+Shift+L): every letter recorded on the account, each
// printable again as the same PDF; a credit reference, deposit receipt or welcome letter issued
// in English or Spanish (the customer's language by default).
import { useEffect, useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi, useAppState } from '../../app/context';
import { DataTable } from '../../ui/DataTable';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField } from '../../ui/fields';
import { useTownTime } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import { saveDocument } from '../reports/pdf-download';
import { LETTER_LABELS, LETTERS_CHANGED } from './labels';

const ISSUABLE = [
  { value: 'credit_reference', label: 'Credit reference' },
  { value: 'deposit_receipt', label: 'Deposit receipt' },
  { value: 'welcome', label: 'Welcome letter' },
] as const;

export function LettersSection({ accountId }: { accountId: number }) {
  const api = useApi();
  const { stamp } = useTownTime();
  const roles = useAppState((s) => s.session?.user.roles ?? null);
  const canIssue = roles !== null && roleHas(roles, 'service.intake');
  const list = useLoad(() => api.call('letters.list', { accountId }), String(accountId));
  const { reload } = list;
  useEffect(() => {
    const changed = (e: Event) => {
      if ((e as CustomEvent<{ accountId: number }>).detail?.accountId === accountId) void reload();
    };
    window.addEventListener(LETTERS_CHANGED, changed);
    return () => window.removeEventListener(LETTERS_CHANGED, changed);
  }, [accountId, reload]);
  const [kind, setKind] = useState<(typeof ISSUABLE)[number]['value']>('credit_reference');
  const [language, setLanguage] = useState<'' | 'en' | 'es'>('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');

  async function issue() {
    const r = await api.call('letters.issue', { accountId, kind, language: language || undefined });
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(`${r.value.subject} issued (${r.value.language === 'es' ? 'Spanish' : 'English'}).`);
    await list.reload();
  }
  async function print(letterId: number) {
    const r = await api.call('letters.pdf', { letterId });
    if (r.ok) saveDocument(r.value);
    else setError(r.error);
  }

  return (
    <section aria-labelledby="acct-letters" className="card">
      <h2 id="acct-letters" tabIndex={-1}>
        Letters
      </h2>
      <ErrorAlert error={list.error ?? error} prefix="Letters:" />
      {canIssue && (
        <div className="row-actions">
          <SelectField label="Letter" value={kind} onChange={(v) => setKind(v as typeof kind)} options={ISSUABLE.map((o) => ({ value: o.value, label: o.label }))} />
          <SelectField
            label="Language"
            value={language}
            onChange={(v) => setLanguage(v as typeof language)}
            options={[
              { value: '', label: "Customer's language" },
              { value: 'en', label: 'English' },
              { value: 'es', label: 'Spanish' },
            ]}
          />
          <button type="button" onClick={() => void issue()}>
            Issue letter
          </button>
        </div>
      )}
      {done && <p role="status">{done}</p>}
      <DataTable
        caption="Letters on this account"
        columns={[{ label: 'Issued' }, { label: 'Kind' }, { label: 'Subject' }, { label: 'Language' }, { label: 'Actions' }]}
        rows={list.value?.rows ?? []}
        empty="No letters."
        row={(l) => (
          <tr key={l.id}>
            <td>
              {stamp(l.createdAt)}
              {l.createdBy && <span className="sub"> by {l.createdBy}</span>}
            </td>
            <td>{LETTER_LABELS[l.kind]}</td>
            <td>{l.subject}</td>
            <td>{l.language === 'es' ? 'Spanish' : 'English'}</td>
            <td>
              <button type="button" onClick={() => void print(l.id)} aria-label={`Print ${l.subject} letter ${l.id}`}>
                Print
              </button>
            </td>
          </tr>
        )}
      />
    </section>
  );
}

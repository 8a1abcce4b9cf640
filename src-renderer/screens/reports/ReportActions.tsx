// The buttons under a report: each PDF it can be saved as ("Download PDF", …) and "Print",
// which prints the report's on-screen view. A refused download is shown in an alert; a saved
// one is announced with its file name.
import { useRef, useState } from 'react';
import type { MethodInput } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveDocument } from './pdf-download';

export interface PdfChoice {
  label: string;
  request: MethodInput<'reports.pdf'>;
}

export function ReportActions({ pdfs, onPrint, printLabel = 'Print' }: { pdfs: readonly PdfChoice[]; onPrint: () => void; printLabel?: string }) {
  const api = useApi();
  const [busy, setBusy] = useState<string | null>(null);
  const busyRef = useRef(false);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState('');

  async function download(choice: PdfChoice) {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(choice.label);
    setSaved('');
    const env = await api.call('reports.pdf', choice.request);
    busyRef.current = false;
    setBusy(null);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    saveDocument(env.value);
    setSaved(`Saved ${env.value.filename} (${env.value.pages} page${env.value.pages === 1 ? '' : 's'}).`);
  }

  return (
    <div className="report-actions no-print">
      <div className="page-actions">
        {pdfs.map((p) => (
          <button key={p.label} type="button" onClick={() => void download(p)} disabled={busy !== null} aria-busy={busy === p.label}>
            {p.label}
          </button>
        ))}
        <button type="button" onClick={onPrint}>
          {printLabel}
        </button>
      </div>
      <ErrorAlert error={error} prefix="The PDF was not made:" />
      <p role="status" className="done">
        {saved}
      </p>
    </div>
  );
}

// A receipt opened again (from the day's journal, an account's payments or a receipt number):
// shown as a DUPLICATE, with whether it printed and Reprint (a printed copy marked DUPLICATE,
// VOID too for a voided one), and "Void receipt" for a posted counter receipt when the
// signed-in user takes payments.
import { useEffect, useRef, useState } from 'react';
import { roleHas } from '../../../src-shared/domain';
import type { Receipt } from '../../../src-shared/ipc/counter-schemas';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useLoad } from '../../ui/use-load';
import { ReceiptPrintPanel } from '../printer/ReceiptPrintPanel';
import { ReceiptDocument } from './ReceiptDocument';
import { VoidReceiptForm } from './VoidReceiptForm';

export function ReceiptDialog({ number, onClose, onChanged }: { number: string; onClose: () => void; onChanged?: (r: Receipt) => void }) {
  const api = useApi();
  const role = useAppState((s) => s.session?.user.roles ?? null);
  const loaded = useLoad(() => api.call('receipts.get', { number }), number);
  const [voided, setVoided] = useState<Receipt | null>(null);
  const [voiding, setVoiding] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const voidRef = useRef<HTMLButtonElement>(null);
  const receipt = voided ?? loaded.value;
  // After the void form closes, focus goes to Close (voided) or back to Void receipt (cancelled).
  const [focusAfter, setFocusAfter] = useState<'close' | 'void' | null>(null);
  useEffect(() => {
    if (focusAfter === 'close') closeRef.current?.focus();
    else if (focusAfter === 'void') voidRef.current?.focus();
    if (focusAfter) setFocusAfter(null);
  }, [focusAfter]);
  const canVoid = receipt !== null && receipt.status === 'posted' && receipt.source === 'counter' && role !== null && roleHas(role, 'payments.post');

  return (
    <Dialog label={`Receipt ${number}`} onClose={onClose} className="receipt-dialog">
      {!receipt && loaded.loading && <p role="status">Loading receipt {number}…</p>}
      {!receipt && <ErrorAlert error={loaded.error} prefix={`Could not open receipt ${number}:`} />}
      {voided && (
        <p role="status" className="done">
          Receipt {voided.number} is void.
        </p>
      )}
      {receipt && <ReceiptPrintPanel key={receipt.status} number={receipt.number} voided={receipt.status === 'void'} />}
      {receipt && <ReceiptDocument receipt={receipt} duplicate />}
      {receipt && voiding && (
        <VoidReceiptForm
          receipt={receipt}
          onCancel={() => {
            setVoiding(false);
            setFocusAfter('void');
          }}
          onVoided={(r) => {
            setVoided(r);
            setVoiding(false);
            onChanged?.(r);
            setFocusAfter('close');
          }}
        />
      )}
      <div className="form-actions">
        {canVoid && !voiding && (
          <button type="button" ref={voidRef} className="danger" onClick={() => setVoiding(true)}>
            Void receipt
          </button>
        )}
        <button type="button" ref={closeRef} onClick={onClose} aria-keyshortcuts="Escape">
          Close <kbd aria-hidden="true">Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}

// The work order dialogs: create (from an account or a bare address), dispatch to a crew,
// complete (the reading is checked as it is typed; an implausible one must be confirmed),
// verify, and cancel. Each is a form: Enter submits, Escape closes.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import {
  PRIORITIES,
  READ_CODES,
  WORK_ORDER_SOURCES,
  type CrewView,
  type ReadingCheck,
  type WorkOrderDetail,
  type WorkOrderTypeView,
  type WorkOrderView,
} from '../../../src-shared/ipc/work-order-schemas';
import { useApi } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { newIdempotencyKey } from '../../ui/idempotency-key';
import { useLoad } from '../../ui/use-load';
import { DIVISION_LABELS, PRIORITY_LABELS, READ_CODE_LABELS, SOURCE_LABELS } from './labels';

function DialogForm({ label, onClose, onSubmit, busy, error, submitLabel, children }: { label: string; onClose(): void; onSubmit(): void; busy: boolean; error: AppError | null; submitLabel: string; children: ReactNode }) {
  const formRef = useRef<HTMLFormElement>(null);
  // The dialog takes focus when it opens; then the first field gets it (this runs after the dialog's own effect).
  useEffect(() => {
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('[data-autofocus]') ?? form?.querySelector<HTMLElement>('input:not([type="checkbox"]), select, textarea'))?.focus();
  }, []);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!busy) onSubmit();
  }
  return (
    <Dialog label={label} onClose={onClose} className="wo-dialog">
      <form
        onSubmit={submit}
        ref={formRef}
        onKeyDown={(e) => {
          // Enter submits from a list too (Chromium would open the list instead).
          if (e.key === 'Enter' && !e.altKey && e.target instanceof HTMLSelectElement) {
            e.preventDefault();
            e.currentTarget.requestSubmit();
          }
        }}
      >
        <h2>{label}</h2>
        {children}
        <ErrorAlert error={error} />
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
          <button type="button" onClick={onClose}>
            Cancel <kbd aria-hidden="true">Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function TextArea({ label, value, onChange, required, rows = 3 }: { label: string; value: string; onChange(v: string): void; required?: boolean; rows?: number }) {
  const id = useRef(`wo-ta-${Math.random().toString(36).slice(2)}`).current;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={value}
        rows={rows}
        required={required}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl+Enter submits from a text area (Enter makes a new line).
          if (e.key === 'Enter' && e.ctrlKey) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
    </div>
  );
}

export function CreateWorkOrderDialog({
  account,
  source,
  onClose,
  onCreated,
}: {
  account?: { id: number; number: string; name: string; address: string };
  source: WorkOrderView['source'];
  onClose(): void;
  onCreated(o: WorkOrderDetail): void;
}) {
  const api = useApi();
  const types = useLoad(() => api.call('workOrders.types', {}), 'types');
  const [type, setType] = useState('');
  const [address, setAddress] = useState('');
  const [landmark, setLandmark] = useState('');
  const [meter, setMeter] = useState('');
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>('normal');
  const [from, setFrom] = useState<WorkOrderView['source']>(source);
  const [words, setWords] = useState('');
  const [instructions, setInstructions] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [duplicate, setDuplicate] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const available = (types.value?.types ?? []).filter((t: WorkOrderTypeView) => account || !t.needsAccount);
  const chosen = available.find((t) => t.code === type);

  async function submit() {
    if (!chosen) return setError({ code: 'BAD_INPUT', message: 'Choose what the order is for.' });
    setBusy(true);
    const env = await api.call('workOrders.create', {
      type: chosen.code,
      ...(account ? { accountId: account.id } : { address: address.trim() }),
      ...(landmark.trim() ? { landmark: landmark.trim() } : {}),
      ...(meter === 'water' || meter === 'electric' ? { meterService: meter } : {}),
      priority,
      ...(words.trim() ? { customerWords: words.trim() } : {}),
      ...(instructions.trim() ? { instructions: instructions.trim() } : {}),
      source: from,
      idempotencyKey: key.current,
    });
    setBusy(false);
    if (env.ok) return onCreated(env.value);
    setError(env.error);
    const details = env.error.details as { number?: string } | undefined;
    setDuplicate(env.error.code === 'DUPLICATE_WORK_ORDER' && details?.number ? details.number : null);
    key.current = newIdempotencyKey();
  }

  return (
    <DialogForm label={account ? `New work order for account ${account.number}` : 'New work order at an address'} onClose={onClose} onSubmit={() => void submit()} busy={busy} error={error} submitLabel="Create work order">
      {account && (
        <p>
          {account.name} — {account.address}
        </p>
      )}
      <SelectField label="Type" value={type} onChange={setType} placeholder="Choose…" options={available.map((t) => ({ value: t.code, label: `${t.label} (${DIVISION_LABELS[t.division]}, ${t.targetHours} h)` }))} required />
      {account && chosen?.readsMeter && (
        <SelectField label="Meter" value={meter} onChange={setMeter} options={[{ value: '', label: 'As the type reads (default)' }, { value: 'water', label: 'Water meter' }, { value: 'electric', label: 'Electric meter' }]} />
      )}
      {!account && <TextField label="Address" value={address} onChange={setAddress} required minLength={3} maxLength={200} />}
      <TextField label="Directions or landmark" value={landmark} onChange={setLandmark} maxLength={300} />
      <SelectField label="Priority" value={priority} onChange={(v) => setPriority(v as typeof priority)} options={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))} />
      <SelectField label="Received by" value={from} onChange={(v) => setFrom(v as typeof from)} options={WORK_ORDER_SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))} />
      <TextArea label="What the customer said" value={words} onChange={setWords} />
      <TextArea label="What to do" value={instructions} onChange={setInstructions} rows={2} />
      {duplicate && <p className="hint">Open {duplicate} from the work order board to see it.</p>}
    </DialogForm>
  );
}

export function DispatchDialog({ order, onClose, onDone }: { order: WorkOrderView; onClose(): void; onDone(o: WorkOrderDetail): void }) {
  const api = useApi();
  const crews = useLoad(() => api.call('workOrders.crews', {}), 'crews');
  const options = (crews.value?.crews ?? []).filter((c: CrewView) => c.division === order.division);
  const [crew, setCrew] = useState(order.crewId ? String(order.crewId) : '');
  const [seq, setSeq] = useState(order.routeSeq ? String(order.routeSeq) : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    if (!crew && options.length === 1) setCrew(String(options[0]!.id));
  }, [crew, options]);
  async function submit() {
    if (!crew) return setError({ code: 'BAD_INPUT', message: 'Choose a crew.' });
    if (seq && !/^\d{1,6}$/.test(seq)) return setError({ code: 'BAD_INPUT', message: 'The route stop is a whole number.' });
    setBusy(true);
    const env = await api.call('workOrders.dispatch', { id: order.id, crewId: Number(crew), ...(seq ? { routeSeq: Number(seq) } : {}) });
    setBusy(false);
    if (env.ok) onDone(env.value);
    else setError(env.error);
  }
  return (
    <DialogForm label={`Dispatch ${order.number}`} onClose={onClose} onSubmit={() => void submit()} busy={busy} error={error} submitLabel="Dispatch">
      <p>
        {order.typeLabel} — {order.address}
      </p>
      <SelectField label="Crew" value={crew} onChange={setCrew} placeholder="Choose…" options={options.map((c) => ({ value: String(c.id), label: `${c.name} (${c.openOrders} open)` }))} required />
      <TextField label="Route stop (optional)" value={seq} onChange={setSeq} inputMode="numeric" maxLength={6} />
    </DialogForm>
  );
}

export function CompleteDialog({ order, onClose, onDone }: { order: WorkOrderView; onClose(): void; onDone(o: WorkOrderDetail): void }) {
  const api = useApi();
  const hasMeter = order.meterNumber !== null;
  const [reading, setReading] = useState('');
  const [readCode, setReadCode] = useState<(typeof READ_CODES)[number]>('ok');
  const [findings, setFindings] = useState('');
  const [materials, setMaterials] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [check, setCheck] = useState<ReadingCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const readingValid = /^\d{1,9}$/.test(reading);

  // The reading is checked as it is typed, so a doubtful one is said before Enter.
  useEffect(() => {
    setConfirm(false);
    if (!hasMeter || readCode === 'no_access' || !readingValid) {
      setCheck(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      void api.call('workOrders.checkReading', { id: order.id, reading: Number(reading), readCode }).then((env) => {
        if (live && env.ok) setCheck(env.value);
      });
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, hasMeter, order.id, reading, readCode, readingValid]);

  async function submit() {
    if (hasMeter && readCode !== 'no_access' && !readingValid) return setError({ code: 'BAD_INPUT', message: 'Enter the meter reading (digits only), or choose "No access".' });
    if (!findings.trim()) return setError({ code: 'BAD_INPUT', message: 'Say what was found or done.' });
    if (check?.verdict === 'implausible' && !confirm) return setError({ code: 'READING_IMPLAUSIBLE', message: 'Check the reading, or tick "Record this reading anyway".' });
    setBusy(true);
    const env = await api.call('workOrders.complete', {
      id: order.id,
      ...(hasMeter && readCode !== 'no_access' ? { reading: Number(reading) } : {}),
      readCode: hasMeter ? readCode : 'ok',
      findings: findings.trim(),
      ...(materials.trim() ? { materials: materials.trim() } : {}),
      confirmAnyway: confirm,
    });
    setBusy(false);
    if (env.ok) return onDone(env.value.order);
    setError(env.error);
    if (env.error.code === 'READING_IMPLAUSIBLE') setCheck(env.error.details as ReadingCheck);
  }

  return (
    <DialogForm label={`Complete ${order.number}`} onClose={onClose} onSubmit={() => void submit()} busy={busy} error={error} submitLabel="Complete">
      <p>
        {order.typeLabel} — {order.address}
        {order.crewName ? ` — ${order.crewName}` : ''}
      </p>
      {hasMeter && (
        <>
          <SelectField label="Read code" value={readCode} onChange={(v) => setReadCode(v as typeof readCode)} options={READ_CODES.map((c) => ({ value: c, label: READ_CODE_LABELS[c] }))} />
          {readCode !== 'no_access' && (
            <TextField
              label={`Reading of meter ${order.meterNumber}`}
              value={reading}
              onChange={setReading}
              inputMode="numeric"
              maxLength={9}
              data-autofocus
              error={reading && !readingValid ? 'Digits only.' : null}
              hint={check?.lastReading ? `Last reading ${check.lastReading.value.toLocaleString('en-US')} on ${check.lastReading.readOn}` : undefined}
            />
          )}
          {check && (
            <div role="status" className={check.verdict === 'implausible' ? 'alert alert-error' : 'alert alert-info'}>
              {check.verdict === 'ok' && `Plausible${check.consumption !== null ? `: ${check.consumption.toLocaleString('en-US')} since the last reading` : ''}.`}
              {check.verdict === 'none' && 'No earlier reading to compare with.'}
              {check.verdict === 'implausible' && `Check the reading: ${check.problems.join('; ')}.`}
            </div>
          )}
          {check?.verdict === 'implausible' && (
            <div className="field-check">
              <input id="wo-confirm" type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
              <label htmlFor="wo-confirm">Record this reading anyway (it will be flagged)</label>
            </div>
          )}
        </>
      )}
      <TextArea label="Findings" value={findings} onChange={setFindings} required />
      <TextField label="Materials used" value={materials} onChange={setMaterials} maxLength={1000} />
    </DialogForm>
  );
}

export function ReasonDialog({ title, label, submitLabel, optional, onClose, onSubmit }: { title: string; label: string; submitLabel: string; optional?: boolean; onClose(): void; onSubmit(text: string): Promise<AppError | null> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  async function submit() {
    if (!optional && text.trim().length < 3) return setError({ code: 'BAD_INPUT', message: `${label}: at least 3 characters.` });
    setBusy(true);
    const e = await onSubmit(text.trim());
    setBusy(false);
    setError(e);
  }
  return (
    <DialogForm label={title} onClose={onClose} onSubmit={() => void submit()} busy={busy} error={error} submitLabel={submitLabel}>
      <TextField label={label} value={text} onChange={setText} maxLength={500} required={!optional} />
    </DialogForm>
  );
}

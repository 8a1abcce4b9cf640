// Setting a meter at the account's location, and changing one (the old meter's removal date and
// final register, the new meter's number, size, dials, multiplier and install register), each
// with a reason. The core refuses what can't be (a number in service elsewhere, a change before
// the old meter's last reading) and says so at the field.
import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../src-shared/ipc/envelope';
import type { MeterView } from '../../../src-shared/ipc/reading-schemas';
import { useApi, useAppState } from '../../app/context';
import { Dialog } from '../../ui/Dialog';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';

type Field = 'removedOn' | 'removalReading' | 'number' | 'size' | 'dials' | 'multiplier' | 'installReading' | 'installedOn' | 'reason';

const digits = (v: string) => /^\d{1,10}$/.test(v.trim());

export function MeterDialog({ accountId, meter, onClose, onDone }: { accountId: number; meter: MeterView | null; onClose: () => void; onDone: (message: string, meters: MeterView[]) => void }) {
  const api = useApi();
  const today = useAppState((s) => s.status?.businessDate ?? '');
  const changing = meter !== null;
  const [service, setService] = useState<'water' | 'electric'>(meter?.service ?? 'water');
  const [day, setDay] = useState(today);
  const [removal, setRemoval] = useState('');
  const [number, setNumber] = useState('');
  const [size, setSize] = useState(meter?.size ?? '5/8"');
  const [dials, setDials] = useState(String(meter?.dials ?? 7));
  const [multiplier, setMultiplier] = useState(String(meter?.multiplier ?? 1));
  const [install, setInstall] = useState('0');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, []);

  async function submit() {
    const e: Partial<Record<Field, string>> = {};
    if (changing && !digits(removal)) e.removalReading = 'The old meter’s final register: digits only.';
    if (!number.trim()) e.number = 'The new meter’s number.';
    if (!/^\d+$/.test(dials)) e.dials = 'A whole number of dials (3 to 10).';
    if (!/^\d+$/.test(multiplier)) e.multiplier = 'A whole number.';
    if (!digits(install)) e.installReading = 'The register as set: digits only.';
    if (reason.trim().length < 3) e.reason = 'Say why (work order, complaint, test).';
    setErrors(e);
    setError(null);
    if (Object.keys(e).length) return;
    setBusy(true);
    const common = { number: number.trim(), size: size.trim(), dials: Number(dials), multiplier: Number(multiplier), installReading: Number(install), reason: reason.trim() };
    const env = changing
      ? await api.call('meters.change', { meterId: meter.id, removedOn: day, removalReading: Number(removal), ...common })
      : await api.call('meters.install', { accountId, service, installedOn: day, ...common });
    setBusy(false);
    if (env.ok) {
      onDone(changing ? `Meter ${meter.number} changed to ${common.number}.` : `Meter ${common.number} set.`, env.value.meters);
      return;
    }
    const details = env.error.details as { field?: string; issues?: Array<{ path: string[]; message: string }> } | undefined;
    const field = (details?.field ?? details?.issues?.[0]?.path[0]) as Field | undefined;
    if (env.error.code === 'BAD_INPUT' && field) setErrors({ [field === 'installedOn' ? 'installedOn' : field]: env.error.message });
    else setError(env.error);
  }

  const label = changing ? `Change meter ${meter.number}` : 'Set a meter';
  return (
    <Dialog label={label} onClose={onClose} className="rd-dialog">
      <h2>{label}</h2>
      <form
        ref={formRef}
        onSubmit={(ev) => {
          ev.preventDefault();
          if (!busy) void submit();
        }}
      >
        <div className="rd-import-fields">
          {!changing && <SelectField label="Service" value={service} onChange={(v) => setService(v as 'water' | 'electric')} options={[{ value: 'water', label: 'Water' }, { value: 'electric', label: 'Electric' }]} />}
          <TextField label={changing ? 'Change date' : 'Install date'} type="date" value={day} onChange={setDay} error={errors.removedOn ?? errors.installedOn} />
          {changing && <TextField label="Final reading of the old meter" value={removal} onChange={setRemoval} inputMode="numeric" error={errors.removalReading} />}
          <TextField label="New meter number" value={number} onChange={setNumber} error={errors.number} />
          <TextField label="Size" value={size} onChange={setSize} error={errors.size} />
          <TextField label="Dials" value={dials} onChange={setDials} inputMode="numeric" error={errors.dials} />
          <TextField label="Multiplier" value={multiplier} onChange={setMultiplier} inputMode="numeric" error={errors.multiplier} />
          <TextField label="Install reading" value={install} onChange={setInstall} inputMode="numeric" error={errors.installReading} />
          <TextField label="Reason" value={reason} onChange={setReason} error={errors.reason} />
        </div>
        <ErrorAlert error={error} />
        <div className="dialog-actions">
          <button type="submit" disabled={busy}>
            {changing ? 'Change meter' : 'Set meter'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// A supervisor's approval typed in at the cashier's station (username and PIN), for actions
// such as a void or a returned payment. Not shown when the signed-in user is a supervisor.
import { useRef, useState, type FormEvent, type Ref } from 'react';
import type { AppError, Envelope } from '../../../src-shared/ipc/envelope';
import { TextField } from '../../ui/fields';

export interface Approval {
  username: string;
  pin: string;
}

export function SupervisorFields({ value, onChange, errors, usernameRef, pinRef }: { value: Approval; onChange: (v: Approval) => void; errors?: { username?: string | null; pin?: string | null }; usernameRef?: Ref<HTMLInputElement>; pinRef?: Ref<HTMLInputElement> }) {
  return (
    <fieldset className="approval">
      <legend>Supervisor approval</legend>
      <TextField label="Supervisor username" value={value.username} maxLength={32} autoCapitalize="none" inputRef={usernameRef} error={errors?.username} onChange={(username) => onChange({ ...value, username })} />
      <TextField label="Supervisor PIN" type="password" value={value.pin} maxLength={128} autoComplete="off" inputRef={pinRef} error={errors?.pin} onChange={(pin) => onChange({ ...value, pin })} />
    </fieldset>
  );
}

/** The override to send, or undefined when the signed-in user approves for themselves. */
export function approvalOverride(needed: boolean, a: Approval): { username: string; secret: string } | undefined {
  return needed ? { username: a.username.trim().toLowerCase(), secret: a.pin } : undefined;
}

/** What is missing from the approval fields, as field errors (null when complete). */
export function approvalErrors(needed: boolean, a: Approval): { username?: string; pin?: string } | null {
  if (!needed) return null;
  const e: { username?: string; pin?: string } = {};
  if (a.username.trim() === '') e.username = 'Enter the supervisor’s username.';
  if (a.pin === '') e.pin = 'The supervisor enters their PIN.';
  return e.username || e.pin ? e : null;
}

export type Override = ReturnType<typeof approvalOverride>;

/**
 * The state of a form that asks for a reason and (unless the user is a supervisor) a
 * supervisor's approval: the reason is checked first (focusing it), then the approval; on
 * NEEDS_SUPERVISOR the PIN is cleared and focused. With `escalate` the approval fields appear
 * once the core asks for them even though the user did not need them before.
 */
export function useReasonApproval({ needsApproval, reasonError: check, escalate = false }: { needsApproval: boolean; reasonError: (reason: string) => string | null; escalate?: boolean }) {
  const [escalated, setEscalated] = useState(false);
  const needs = needsApproval || escalated;
  const [reason, setReason] = useState('');
  const [approval, setApproval] = useState<Approval>({ username: '', pin: '' });
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const reasonError = check(reason);
  const approvalErr = approvalErrors(needs, approval);

  async function submit<T>(e: FormEvent, send: (reason: string, override: Override) => Promise<Envelope<T>>, onOk: (value: T) => void) {
    e.preventDefault();
    if (busy) return;
    setAttempted(true);
    if (reasonError) {
      reasonRef.current?.focus();
      return;
    }
    if (approvalErr) return;
    setBusy(true);
    const env = await send(reason.trim(), approvalOverride(needs, approval));
    setBusy(false);
    if (env.ok) {
      onOk(env.value);
      return;
    }
    setError(env.error);
    if (env.error.code === 'NEEDS_SUPERVISOR') {
      if (escalate) setEscalated(true);
      setApproval((a) => ({ ...a, pin: '' }));
      pinRef.current?.focus();
    }
  }

  return { needsApproval: needs, reason, setReason, approval, setApproval, attempted, error, setError, busy, reasonRef, pinRef, reasonError, approvalErr, submit };
}

/** The reason field and, when needed, the supervisor's username and PIN of a useReasonApproval form. */
export function ReasonApprovalFields({ form: f, label, maxLength, autoFocus }: { form: ReturnType<typeof useReasonApproval>; label: string; maxLength: number; autoFocus?: boolean }) {
  return (
    <>
      <TextField label={label} value={f.reason} maxLength={maxLength} inputRef={f.reasonRef} autoFocus={autoFocus} onChange={f.setReason} error={f.attempted ? f.reasonError : null} />
      {f.needsApproval && <SupervisorFields value={f.approval} onChange={f.setApproval} errors={f.attempted ? (f.approvalErr ?? undefined) : undefined} pinRef={f.pinRef} />}
    </>
  );
}

// A supervisor's approval typed in at the cashier's station (username and PIN), for actions
// such as a void or a returned payment. Not shown when the signed-in user is a supervisor.
import type { Ref } from 'react';
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

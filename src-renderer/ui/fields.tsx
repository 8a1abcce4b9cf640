// Labelled form fields with their hint and error wired up for assistive technology
// (aria-invalid, aria-describedby). A field's error is shown under it, in words.
import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes } from 'react';

interface Common {
  label: string;
  error?: string | null | undefined;
  hint?: ReactNode;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Messages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | null | undefined }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

export type TextFieldProps = Common &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'className'> & {
    value: string;
    onChange(value: string): void;
    inputRef?: Ref<HTMLInputElement>;
  };

export function TextField({ label, error, hint, className, value, onChange, inputRef, id, ...rest }: TextFieldProps) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={fid}>{label}</label>
      <input
        id={fid}
        ref={inputRef}
        value={value}
        autoComplete="off"
        spellCheck={false}
        {...rest}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, hint, error)}
      />
      <Messages id={fid} hint={hint} error={error} />
    </div>
  );
}

export type SelectFieldProps = Common &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value' | 'className'> & {
    value: string;
    onChange(value: string): void;
    options: ReadonlyArray<{ value: string; label: string }>;
    /** Shown first with value "" when nothing is chosen yet. */
    placeholder?: string;
  };

export function SelectField({ label, error, hint, className, value, onChange, options, placeholder, id, ...rest }: SelectFieldProps) {
  const auto = useId();
  const fid = id ?? auto;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={fid}>{label}</label>
      <select id={fid} value={value} {...rest} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fid, hint, error)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages id={fid} hint={hint} error={error} />
    </div>
  );
}

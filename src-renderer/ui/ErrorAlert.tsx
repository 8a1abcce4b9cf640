// An expected failure from the ledger, shown in an alert region (announced when it appears).
import type { AppError } from '../../src-shared/ipc/envelope';

export function ErrorAlert({ error, prefix }: { error: AppError | null; prefix?: string }) {
  if (!error) return null;
  return (
    <div role="alert" className="alert alert-error">
      {prefix ? `${prefix} ` : ''}
      {error.message}
    </div>
  );
}

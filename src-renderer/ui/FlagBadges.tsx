// An account's flags as labelled badges (medical alert, cash only, …), most urgent first.
import type { AccountFlags } from '../../src-shared/ipc/contract';
import { flagBadges } from './format';

export function FlagBadges({ flags, label = 'Account flags', showNone = false }: { flags: AccountFlags; label?: string; showNone?: boolean }) {
  const badges = flagBadges(flags);
  if (badges.length === 0) return showNone ? <span className="muted">None</span> : null;
  return (
    <ul className="badges" aria-label={label}>
      {badges.map((b) => (
        <li key={b.key} className={`badge badge-${b.tone}`}>
          {b.label}
        </li>
      ))}
    </ul>
  );
}

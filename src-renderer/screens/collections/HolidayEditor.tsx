// The town holiday table (setting townHolidays) on the Policy settings screen: the holidays by
// date, add a date and name, remove one, then save with a reason through settings.update (the
// core checks the dates and that each is there once). The cut-off calendar reads this table:
// no cut-off on a holiday or the day before one.
import { useEffect, useState, type FormEvent } from 'react';
import type { TownHoliday } from '../../../src-shared/ipc/contract';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { TextField } from '../../ui/fields';
import { formatDate } from '../../ui/format';
import { useLoad } from '../../ui/use-load';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';

export function HolidayEditor() {
  const api = useApi();
  const loaded = useLoad(() => api.call('settings.get', {}), 'holiday-settings');
  const [list, setList] = useState<TownHoliday[] | null>(null);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  useEffect(() => {
    if (loaded.value) setList([...loaded.value.townHolidays].sort((a, b) => a.date.localeCompare(b.date)));
  }, [loaded.value]);

  function add(e: FormEvent) {
    e.preventDefault();
    if (!list) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || name.trim() === '') return setProblem('Give the holiday a date and a name.');
    if (list.some((h) => h.date === date)) return setProblem(`${formatDate(date)} is already a holiday.`);
    setProblem('');
    setList([...list, { date, name: name.trim() }].sort((a, b) => a.date.localeCompare(b.date)));
    setDate('');
    setName('');
    setDone('');
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!list) return;
    if (reason.trim().length < 3) return setProblem('Say why the holidays change (at least 3 characters).');
    setProblem('');
    const env = await api.call('settings.update', { values: { townHolidays: list }, reason: reason.trim() });
    if (!env.ok) return setError(env.error);
    setError(null);
    setReason('');
    setList([...env.value.townHolidays].sort((a, b) => a.date.localeCompare(b.date)));
    setDone(`Town holidays saved (${env.value.townHolidays.length}).`);
  }

  return (
    <section className="card" aria-labelledby="town-holidays">
      <h2 id="town-holidays">Town holidays</h2>
      <p className="hint">No cut-off on a town holiday or the day before one (nor on a Friday or a weekend).</p>
      <ErrorAlert error={loaded.error} prefix="Could not load the holidays:" />
      {list && (
        <>
          <table className="data" aria-label="Town holidays">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Day</th>
                <th scope="col">Holiday</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {list.map((h) => (
                <tr key={h.date}>
                  <td>{formatDate(h.date)}</td>
                  <td>{weekday(h.date)}</td>
                  <td>{h.name}</td>
                  <td>
                    <button type="button" aria-label={`Remove ${h.name} ${formatDate(h.date)}`} onClick={() => setList(list.filter((x) => x.date !== h.date))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form aria-label="Add a town holiday" onSubmit={add}>
            <TextField label="Holiday date" type="date" value={date} onChange={setDate} />
            <TextField label="Holiday name" value={name} onChange={setName} maxLength={60} />
            <button type="submit">Add holiday</button>
          </form>
          <form aria-label="Save town holidays" onSubmit={(e) => void save(e)}>
            <TextField label="Reason for the holiday change" value={reason} onChange={setReason} maxLength={500} />
            <button type="submit">Save holidays</button>
          </form>
          {problem && <p className="field-error">{problem}</p>}
          <ErrorAlert error={error} prefix="Not saved:" />
          {done && <p role="status">{done}</p>}
        </>
      )}
    </section>
  );
}

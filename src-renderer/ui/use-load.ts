// Loads one contract call's answer for a screen, keeping the last value while reloading and
// ignoring answers that arrive after a newer request (or after the screen went away).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Envelope } from '../../src-shared/ipc/envelope';

export interface Loaded<T> {
  value: T | null;
  error: AppError | null;
  loading: boolean;
  reload(): Promise<void>;
}

export function useLoad<T>(load: () => Promise<Envelope<T>>, key: string): Loaded<T> {
  const [state, setState] = useState<{ value: T | null; error: AppError | null; loading: boolean }>({ value: null, error: null, loading: true });
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    const env = await loadRef.current();
    if (mine !== seq.current) return;
    setState((s) => (env.ok ? { value: env.value, error: null, loading: false } : { value: s.value, error: env.error, loading: false }));
  }, []);

  useEffect(() => {
    setState({ value: null, error: null, loading: true });
    void reload();
    return () => {
      seq.current++;
    };
  }, [key, reload]);

  return { ...state, reload };
}

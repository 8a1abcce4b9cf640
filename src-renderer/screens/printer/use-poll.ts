// Follows something the printer worker is doing in the background: asks again quickly at first
// (a job normally prints within a second), then every few seconds, and stops once the answer
// says there is nothing more to wait for. Answers that arrive after a restart or after the
// screen went away are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Envelope } from '../../../src-shared/ipc/envelope';

export interface PollOptions<T> {
  /** Keep asking while this says so. */
  pending(value: T): boolean;
  /** Delay while fresh (default 400 ms), for `fastForMs` (default 10 s) after a (re)start … */
  fastMs?: number;
  fastForMs?: number;
  /** … then this (default 3 s). */
  slowMs?: number;
}

export interface Polled<T> {
  value: T | null;
  error: AppError | null;
  /** Asks now and follows again from the start (after a reprint or a retry). */
  restart(): void;
}

export function usePoll<T>(load: () => Promise<Envelope<T>>, key: string, opts: PollOptions<T>): Polled<T> {
  const [state, setState] = useState<{ value: T | null; error: AppError | null }>({ value: null, error: null });
  const [round, setRound] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const optsRef = useRef(opts);
  optsRef.current = opts;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const started = Date.now();
    const tick = async () => {
      const env = await loadRef.current();
      if (stopped) return;
      setState((s) => (env.ok ? { value: env.value, error: null } : { value: s.value, error: env.error }));
      const { pending, fastMs = 400, fastForMs = 10_000, slowMs = 3000 } = optsRef.current;
      // A failed request is asked again too: the ledger may have been busy.
      if (env.ok && !pending(env.value)) return;
      timer = setTimeout(() => void tick(), Date.now() - started < fastForMs ? fastMs : slowMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [key, round]);

  const restart = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, restart };
}

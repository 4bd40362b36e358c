import { useCallback, useEffect, useRef, useState } from 'react';
import type { Snapshot } from '../../common/ipc-contract';
import { api, call, errorLine } from '../api';

/** The app snapshot, kept live by the main process's state:changed events. */
export function useSnapshot(): {
  snapshot: Snapshot | undefined;
  error: string | undefined;
  reload: () => Promise<void>;
  set: (s: Snapshot) => void;
} {
  const [snapshot, set] = useState<Snapshot>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      set(await call('app:snapshot', undefined));
      setError(undefined);
    } catch (e) {
      setError(errorLine(e));
    }
  }, []);
  useEffect(() => {
    void reload();
    return api().onStateChanged((s) => set(s));
  }, [reload]);
  return { snapshot, error, reload, set };
}

/** Re-renders every second, for live countdowns. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/**
 * Runs an async action with a busy flag that shows only after ~200 ms (no flicker for fast calls).
 * One run at a time: a second click (a double-click, Enter held down) while the first is under way
 * is dropped, so no action reaches the main process twice (desktop audit: "Remove for good" twice
 * removed, then showed "not found" for the removal that had worked).
 */
export function useAction<A extends unknown[], R>(
  fn: (...a: A) => Promise<R>,
): {
  run: (...a: A) => Promise<R | undefined>;
  busy: boolean;
  showProgress: boolean;
  error: string | undefined;
  clearError: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [showProgress, setShow] = useState(false);
  const [error, setError] = useState<string>();
  const running = useRef(false);
  const run = useCallback(
    async (...a: A) => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(true);
      setError(undefined);
      const t = setTimeout(() => setShow(true), 200);
      try {
        return await fn(...a);
      } catch (e) {
        setError(errorLine(e));
        return undefined;
      } finally {
        running.current = false;
        clearTimeout(t);
        setBusy(false);
        setShow(false);
      }
    },
    [fn],
  );
  return { run, busy, showProgress, error, clearError: () => setError(undefined) };
}

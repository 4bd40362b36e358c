import { useRef, useState } from 'react';
import { useAction } from '../hooks/use-snapshot';

/**
 * An action with one button per row (a Doctor finding's fix, a pin's removal, an invite's revoke):
 * `running` names the row whose action is under way. One run at a time, as useAction: while it
 * runs, every row's button says so (RowButton), so a second click is not dropped unseen.
 */
export function useRowAction<K, R>(
  fn: (key: K) => Promise<R>,
): ReturnType<typeof useAction<[K], R>> & {
  running: K | undefined;
} {
  const [running, setRunning] = useState<{ key: K }>();
  const action = useAction(async (key: K) => {
    setRunning({ key });
    try {
      return await fn(key);
    } finally {
      setRunning(undefined);
    }
  });
  return { ...action, running: running?.key };
}

/**
 * A row's action button (window audit: a second row's button clicked while the first ran did
 * nothing and said nothing). While this row's action runs it is busy (aria-busy, its text turned
 * into `busyText`, e.g. "Removing…"); while any row's runs, every row's is aria-disabled and ignores
 * clicks. aria-disabled, not disabled: the button keeps the focus (Chromium drops the focus of a
 * disabled button). When the row goes away with its action, the focus moves to the next row's
 * button (or the previous one, or `fallback`), never to the page's body.
 */
export function RowButton({
  running,
  anyRunning,
  busyText,
  label,
  onRun,
  className,
  children,
}: {
  /** This row's action is under way. */
  running: boolean;
  /** Some row's action (this one's or another's) is under way. */
  anyRunning: boolean;
  busyText: string;
  /** The button's accessible name ("Remove pin /home/me/app"). */
  label: string;
  onRun: () => Promise<unknown>;
  className?: string;
  children: React.ReactNode;
}): React.JSX.Element {
  const ref = useRef<HTMLButtonElement>(null);
  const off = running || anyRunning;
  return (
    <button
      type="button"
      ref={ref}
      className={[className, 'row-action'].filter(Boolean).join(' ')}
      data-row-action=""
      aria-disabled={off || undefined}
      aria-busy={running || undefined}
      aria-label={running ? `${label}: ${busyText}` : label}
      onClick={() => {
        if (off) return;
        const me = ref.current;
        const list = me?.closest('ul, ol');
        const rows = list ? [...list.querySelectorAll<HTMLElement>('[data-row-action]')] : [];
        const index = me ? rows.indexOf(me) : -1;
        const hadFocus = me !== null && document.activeElement === me;
        void onRun().finally(() =>
          // After React has drawn the rows the action left.
          setTimeout(() => {
            if (!hadFocus || me?.isConnected) return;
            const lost = document.activeElement === null || document.activeElement === document.body;
            if (!lost) return;
            const now = list?.isConnected ? [...list.querySelectorAll<HTMLElement>('[data-row-action]')] : [];
            const next = now[index] ?? now[index - 1];
            if (next) return next.focus();
            const heading = list?.closest('section, fieldset')?.querySelector<HTMLElement>('h2, h3, legend');
            if (heading) {
              heading.tabIndex = -1;
              heading.focus();
            }
          }, 0),
        );
      }}
    >
      {running ? (
        <>
          <span className="spinner" aria-hidden="true" /> {busyText}
        </>
      ) : (
        children
      )}
    </button>
  );
}

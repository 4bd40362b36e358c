import type { AuthState } from '../../common/auth-state';
import { stateLine } from '../format';

/** The colour class of a state (the text carries the meaning, the colour only repeats it). */
export const STATE_CLASS: Record<AuthState['status'], string> = {
  ok: 'ok',
  expiring: 'warn',
  expired: 'bad',
  invalid: 'bad',
  error: 'bad',
  unknown: 'neutral',
};

/** Status with a live countdown; the text carries the meaning, the colour only repeats it. */
export function StatusBadge({ state, now }: { state: AuthState; now: number }): React.JSX.Element {
  return <span className={`badge ${STATE_CLASS[state.status]}`}>{stateLine(state, now)}</span>;
}

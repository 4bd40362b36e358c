/**
 * An exception while the app starts (creating the tray, the window, the IPC handlers) must not be
 * silent: a tray app without its tray is an invisible process that also holds the single-instance
 * lock, so every later launch would just quit. The user gets a native error box, the log one line
 * (redacted: no secret reaches a log), and the process ends so the next launch starts afresh.
 */
import { isAppError } from '../../common/errors';
import { redact } from '../../common/redact';
import { sanitizeForTerminal } from '../../common/terminal-text';

export interface StartupFailurePorts {
  /** Electron's dialog.showErrorBox (synchronous: returns when the user closed it). */
  readonly showErrorBox: (title: string, content: string) => void;
  readonly log: (line: string) => void;
  readonly exit: (code: number) => void;
}

export const STARTUP_FAILED = 'Claude Auth Tray could not start';

export function reportStartupFailure(e: unknown, ports: StartupFailurePorts): void {
  const what = e instanceof Error ? e.message : String(e);
  const step = isAppError(e) ? e.nextStepFor('window') : undefined;
  const next = step ? ` ${step}` : '';
  const line = sanitizeForTerminal(redact(`${what}${next}`));
  ports.log(`claude-auth-tray: ${STARTUP_FAILED}: ${line}`);
  try {
    ports.showErrorBox(
      STARTUP_FAILED,
      `${line}\n\nStart it again. If this keeps happening, start it from a terminal and report the line it prints.`,
    );
  } finally {
    ports.exit(1);
  }
}

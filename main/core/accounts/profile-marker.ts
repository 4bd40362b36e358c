/**
 * The pin's marker (issue 15, who pays in a pinned folder): a project pin also writes
 * `env.CLAUDE_AUTH_TRAY_PROFILE=<profile id>` into the folder's settings.local.json. Claude Code
 * applies a settings file's `env` to its own process, and the status line inherits it
 * (test/compat/claude-statusline.test.ts), so the line knows which profile this folder's session
 * runs on. An owned key like the pin's others: unpin and reset remove it. Never a secret.
 *
 * Hot path (the status-line bundle): no schema library.
 */
export const PROFILE_MARKER_VAR = 'CLAUDE_AUTH_TRAY_PROFILE';

/**
 * Only what a profile id can be (`newProfileId`: a slug and hex digits) counts: anything else in the
 * variable is ignored by the line and never keyed, so the shell line, which tests the same set
 * (keyShellExpr), takes the slow path for it.
 */
export const MARKER_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-';
const MARKER_RE = /^[a-z0-9-]{1,100}$/;

/** The profile id the session's marker names, when it is one; undefined when unset or not an id. */
export function markerId(env: NodeJS.ProcessEnv): string | undefined {
  const v = env[PROFILE_MARKER_VAR];
  return v !== undefined && MARKER_RE.test(v) ? v : undefined;
}

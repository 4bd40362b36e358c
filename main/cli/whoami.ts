/** `whoami [--check] [--json]`: what Claude Code will use here and why (issue 17; core/who-am-i.ts). */
import { COMMAND_TABLE } from './command-table';
import { PROVIDER_LABEL, type ProfileKind } from '../../common/profile-kinds';
import { readFileIfExists } from '../core/atomic-write';
import { describeClaudeAuth, findClaude } from '../core/claude-auth-status';
import { settingsUnparsable } from '../core/claude-settings/settings-parse';
import { CLAUDE_NOT_INSTALLED, currentVerdict } from '../core/claude-check';
import { humanDuration } from '../core/human-time';
import type { ProfileService } from '../core/profile-service';
import { whoAmI } from '../core/who-am-i';
import { HELP } from './help';
import { atMost, clean, EXIT, out, outJson, parse } from './output';

export async function whoamiCommand(svc: ProfileService, argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.whoami.options);
  if (v.help) {
    out(HELP.whoami);
    return EXIT.ok;
  }
  atMost(positionals, 0);
  const f = svc.list();
  const cwd = process.cwd();
  // --check asks Claude Code now (or waits for the check `use` started); else its recorded answer.
  const asked = v.check ? await currentVerdict(() => f.activeProfileId, process.env, cwd) : undefined;
  const found = whoAmI(f, process.env, cwd);
  // The answer --check got, even when it could not be recorded (no app folder yet).
  const w =
    !found.claudeCode && asked
      ? { ...found, claudeCode: { result: asked.result ?? null, checkedAt: asked.checkedAt, current: true } }
      : found;
  if (v.json) {
    outJson({
      folder: w.folder,
      profile: w.profile ?? null,
      source: w.source,
      file: w.file,
      ignoredPin: w.ignoredPin ?? null,
      overrides: w.overrides ?? null,
      beatenBy: w.beatenBy,
      claudeCode: w.claudeCode ? { ...w.claudeCode, checkedAt: new Date(w.claudeCode.checkedAt).toISOString() } : null,
    });
    return EXIT.ok;
  }
  const label = (kind: string): string => PROVIDER_LABEL[kind as ProfileKind] ?? kind;
  if (w.profile) out(`${clean(w.profile.name)} (${label(w.profile.kind)})`);
  else out('No profile of this app: Claude Code uses its own login or your environment.');
  if (w.source === 'pin') {
    out(`  pinned to this folder in ${clean(w.file)}`);
    if (w.overrides) out(`  it overrides the active profile "${clean(w.overrides.name)}" here`);
  } else if (w.source === 'project') out(`  with auth keys written into this folder's ${clean(w.file)}`);
  else if (w.source === 'user')
    out(
      settingsUnparsable(w.file, readFileIfExists)
        ? `  but ${clean(w.file)} could not be read (\`claude-auth-tray doctor\` says why)`
        : `  the active profile, from ${clean(w.file)}`,
    );
  if (w.ignoredPin)
    out(
      `  (${clean(w.ignoredPin)} is pinned, but Claude Code reads only the project settings of the folder it starts in)`,
    );
  for (const b of w.beatenBy) out(`But: ${clean(b.why)} Unset it (and remove its export from your shell profile).`);
  const c = w.claudeCode;
  // --check without Claude Code: say that, not "not asked yet" (issue 17); still exit 0, as whoami
  // answered from the files.
  if (!c)
    out(
      v.check && !findClaude()
        ? CLAUDE_NOT_INSTALLED
        : 'Claude Code has not been asked yet: `claude-auth-tray whoami --check` asks it.',
    );
  else {
    const what = c.result ? describeClaudeAuth(c.result) : 'no answer it could read';
    const ago = humanDuration(Math.max(0, Date.now() - c.checkedAt));
    out(
      c.current
        ? `Claude Code will use: ${clean(what)} (asked ${ago} ago).`
        : `Claude Code said ${ago} ago, before the last change: ${clean(what)}. \`claude-auth-tray whoami --check\` asks it again.`,
    );
  }
  return EXIT.ok;
}

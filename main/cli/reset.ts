/**
 * `reset [--yes] [--json]` (issue 17): removes every key this app wrote to Claude Code's files, so
 * Claude Code works without the app (core/reset.ts), after a preview and a confirmation; lists what
 * stays and the commands that remove it.
 */
import { COMMAND_TABLE } from './command-table';
import { createInterface } from 'node:readline';
import type { ProfileService } from '../core/profile-service';
import { resetPreview, runReset, type ResetPreview } from '../core/reset';
import { HELP } from './help';
import { atMost, clean, EXIT, out, outJson, parse, PromptInterrupted } from './output';

/** The OS command that deletes one keychain item of this app. */
function deleteItemCommand(id: string): string {
  if (process.platform === 'darwin') return `security delete-generic-password -s claude-auth-tray -a ${id}`;
  if (process.platform === 'win32') return `cmdkey /delete:${id}.claude-auth-tray`;
  return `secret-tool clear service claude-auth-tray username ${id}`;
}

function quote(s: string): string {
  return process.platform === 'win32' ? `"${s}"` : `'${s.replace(/'/g, `'\\''`)}'`;
}

function stays(p: ResetPreview): string[] {
  const lines = ['What stays (remove it yourself if you want it gone):'];
  if (p.keychainItems.length === 0) lines.push('  no keychain items of this app');
  else {
    const n = p.keychainItems.length;
    lines.push(
      p.keychainRead
        ? `  ${n} keychain item${n === 1 ? '' : 's'} (service "claude-auth-tray"): delete ${n === 1 ? 'it' : 'each'} with`
        : `  the keychain could not be read; each profile may have an item (service "claude-auth-tray"): delete them with`,
    );
    for (const k of p.keychainItems)
      lines.push(`    ${deleteItemCommand(k.id)}${k.name ? `   # ${clean(k.name)}` : ''}`);
    lines.push('    (or, while the app is installed: claude-auth-tray remove <name> for each profile)');
  }
  lines.push(
    `  the data folder ${p.dataDir} (profiles, backups of your settings, Claude.ai account folders):`,
    `    ${process.platform === 'win32' ? `rmdir /s /q ${quote(p.dataDir)}` : `rm -rf ${quote(p.dataDir)}`}`,
  );
  return lines;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      rl.question(question, resolve);
      rl.once('close', () => resolve(''));
      // Ctrl-C stops as at the key prompt: exit 130, nothing changed (output.ts reportError).
      rl.once('SIGINT', () => {
        process.stderr.write('\n');
        reject(new PromptInterrupted('interrupted'));
      });
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export async function resetCommand(svc: ProfileService, argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.reset.options);
  if (v.help) {
    out(HELP.reset);
    return EXIT.ok;
  }
  atMost(positionals, 0);
  const f = svc.list();
  const p = resetPreview(svc, f, process.env);
  const work = p.files.some((x) => x.keys.length > 0 || x.pinDir !== undefined) || p.activeProfile !== undefined;
  if (v.json && !v.yes) {
    outJson({ ...p, done: false });
    return EXIT.ok;
  }
  if (!v.json) {
    if (!work) out("Claude Code's files hold no key of this app: nothing to remove.");
    else {
      out("Removes every key this app wrote to Claude Code's files (your own keys stay, byte for byte):");
      for (const x of p.files)
        out(
          x.gone
            ? `  ${x.pinDir}: the folder is gone; its pin is forgotten (project pin)`
            : `  ${x.file}: ${x.keys.length ? x.keys.join(', ') : 'no keys left'}${x.pinDir ? ' (project pin)' : ''}`,
        );
      if (p.activeProfile) out(`  and "${clean(p.activeProfile)}" is no longer active.`);
      if (p.statusLine) out('  The status line goes back to yours (or none).');
    }
    for (const line of stays(p)) out(line);
  }
  if (!work) return EXIT.ok;
  if (!v.yes) {
    if (!process.stdin.isTTY) {
      out('Nothing was changed. Run again with --yes to remove these keys.');
      return EXIT.ok;
    }
    if (!(await confirm('Remove these keys? [y/N] '))) {
      out('Nothing was changed.');
      return EXIT.failure;
    }
  }
  const { changed, refused } = runReset(svc, p, process.env);
  if (v.json) outJson({ ...p, done: refused.length === 0, changed, refused });
  else {
    // A refused pin: said, with what to do, and the rest was done (exit 1: not everything was).
    for (const x of refused) {
      const again = 'run `claude-auth-tray reset` again.';
      const step = x.nextStep ? x.nextStep.replace(/try again\.$/, again) : `Then ${again}`;
      out(`Refused: ${clean(x.message)} ${clean(step)}`);
    }
    out(
      changed.length
        ? `Done: ${changed.length} file${changed.length === 1 ? '' : 's'} changed. Claude Code now uses its own login or your environment.`
        : 'Done: nothing needed changing.',
    );
    if (refused.length)
      out(`Not everything was done: ${refused.length} pin${refused.length === 1 ? '' : 's'} refused (above).`);
  }
  return refused.length ? EXIT.failure : EXIT.ok;
}

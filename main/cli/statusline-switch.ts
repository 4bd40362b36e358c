import { COMMAND_TABLE } from './command-table';
import { didYouMean } from '../../common/did-you-mean';
import { ProfileService } from '../core/profile-service';
import { setStatusLine, statusLineState } from '../core/usage/status-line-switch';
import { clean, EXIT, out, outJson, parse, UsageError } from './output';
import { HELP } from './help';

const SUBS = ['on', 'off', 'status'];

/** `statusline on|off|status`: our status line in Claude Code's settings.json (issue 15, item 1). */
export function statusLineSwitchCommand(svc: ProfileService, argv: readonly string[]): number {
  const { values: v, positionals } = parse(argv, COMMAND_TABLE.statusline.options);
  if (v.help) {
    out(HELP.statusline);
    return EXIT.ok;
  }
  const sub = positionals[0];
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  if (sub === 'on' || sub === 'off') {
    const r = setStatusLine(svc, sub === 'on');
    const s = statusLineState(svc);
    if (sub === 'on') {
      out(`Status line on: Claude Code shows who pays and the subscription limits (${r.file}).`);
      if (s.wrapped) out(`Your own status line still runs next to it: ${clean(s.wrapped)}`);
    } else {
      out(r.changed ? `Status line off: ${r.file} has your own status line back, as it was.` : 'Status line is off.');
    }
    return EXIT.ok;
  }
  if (sub === 'status' || sub === undefined) {
    const s = statusLineState(svc);
    if (v.json) outJson(s);
    else {
      out(
        `Status line: ${s.on ? 'on' : 'off'}${s.on && !s.inSettings ? ' (but settings.json no longer runs it: run `claude-auth-tray statusline on`)' : ''}.`,
      );
      if (s.wrapped) out(`Your own status line: ${clean(s.wrapped)}`);
    }
    return EXIT.ok;
  }
  throw new UsageError(`unknown statusline command "${sub}"${didYouMean(sub, SUBS) || `: one of ${SUBS.join(', ')}`}`);
}

/**
 * Crash-safety helper: switches a settings file between two plans forever, printing a dot after each
 * write, until the parent SIGKILLs it. Bundled by the test with esbuild.
 */
import { SettingsBridge } from '../../main/core/claude-settings/settings-bridge';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: writer-loop <settings.json>');
const bridge = new SettingsBridge(file);
const plans = [
  [{ path: ['apiKeyHelper'] as const, value: 'helper-A --profile a' }],
  [
    { path: ['env', 'CLAUDE_CODE_USE_BEDROCK'] as const, value: '1' },
    { path: ['env', 'AWS_REGION'] as const, value: 'us-west-2' },
  ],
];
for (let i = 0; ; i++) {
  bridge.apply(plans[i % 2]!);
  process.stdout.write('.');
}

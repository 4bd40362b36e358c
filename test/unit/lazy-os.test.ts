import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsConfigFile } from '../../main/core/expiry/aws';
import { loginStorageDir } from '../../main/core/expiry/claude-login';
import { adcFile } from '../../main/core/expiry/gcloud-adc';
import { appDataDir, claudeConfigDir } from '../../main/core/paths';

// node:os is loaded on first use (lazy-os.ts, issue 16): where HOME (and USERPROFILE) are not set, the
// folders still come from the account's home, as with node:os imported at the top.
describe('without HOME: the home folder from node:os, loaded lazily', () => {
  const home = os.homedir();
  it('in these modules', () => {
    expect(claudeConfigDir({})).toBe(path.join(home, '.claude'));
    expect(appDataDir({}, 'linux')).toBe(path.join(home, '.config', 'Claude Auth Tray'));
    expect(appDataDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'Claude Auth Tray'));
    expect(awsConfigFile({})).toBe(path.join(home, '.aws', 'config'));
    expect(loginStorageDir({ CLAUDE_SECURESTORAGE_CONFIG_DIR: '' })).toBe(path.join(home, '.claude'));
    expect(adcFile({}, 'linux')).toBe(path.join(home, '.config', 'gcloud', 'application_default_credentials.json'));
  });
});

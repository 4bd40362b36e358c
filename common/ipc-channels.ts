/**
 * Invoke channel names only (no schemas), so the preload bundle stays tiny. `ipc-contract.ts` checks at
 * compile time that its schema map has exactly these keys.
 */
export const INVOKE_CHANNEL_NAMES = [
  'app:snapshot',
  'profiles:add',
  'profiles:update',
  'profiles:remove',
  'profiles:activate',
  'profiles:refresh',
  'keys:check',
  'helper:run',
  'doctor:run',
  'doctor:fix',
  'settings:get',
  'settings:set',
  'aws:profiles',
  'signin:start',
  'provider:login',
  'shell:open-external',
  'team:invite',
  'team:list',
  'team:revoke',
  'bundle:export',
  'bundle:preview',
  'bundle:import',
  'pins:remove',
  'accounts:sign-out',
  'accounts:add',
  'accounts:login-code',
  'accounts:login-cancel',
  'pins:add',
] as const;

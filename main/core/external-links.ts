/** Sites the app may open in the browser (issue 5: Console, AWS and Google Cloud consoles, docs). */
export const EXTERNAL_ALLOWLIST: readonly string[] = [
  'console.anthropic.com',
  'platform.claude.com',
  'claude.ai',
  'docs.anthropic.com',
  'docs.claude.com',
  'console.aws.amazon.com',
  'docs.aws.amazon.com',
  'console.cloud.google.com',
  'cloud.google.com',
  'ai.azure.com',
  'portal.azure.com',
  'learn.microsoft.com',
];

export function isAllowedExternal(raw: string): boolean {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' || u.username || u.password || u.port) return false;
    return EXTERNAL_ALLOWLIST.some((h) => u.hostname === h || u.hostname.endsWith(`.${h}`));
  } catch {
    return false;
  }
}

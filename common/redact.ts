/**
 * Masking and redaction. A tested function, not a habit (architecture.md, rule 7).
 */

/** Patterns that look like credentials wherever they appear in free text. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\bya29\.[A-Za-z0-9._-]{10,}/g,
  /\b(?:eyJ)[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{5,}/g,
  /\b(?:Bearer|bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g,
];

/** Whether text holds something shaped like a credential (the patterns `redact` replaces). */
export function looksLikeCredential(text: string): boolean {
  return SECRET_PATTERNS.some((re) => new RegExp(re.source).test(text));
}

/**
 * Masked hint of a secret: enough to recognise it, never enough to use it.
 * `sk-ant-api03-abcdef…` → `sk-ant-…a1b2`; short secrets show nothing but their length class.
 */
export function maskSecret(secret: string): string {
  const s = secret.trim();
  if (s.length < 12) return '••••';
  const tail = s.slice(-4);
  const prefix = s.startsWith('sk-ant-') ? 'sk-ant-' : s.slice(0, 3);
  return `${prefix}…${tail}`;
}

/**
 * Redacts free text (stderr lines, error messages): every known secret is replaced by its mask, and
 * anything shaped like a credential is replaced too.
 */
export function redact(text: string, knownSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join(maskSecret(secret));
  }
  for (const re of SECRET_PATTERNS) out = out.replace(re, (m) => maskSecret(m));
  return out;
}

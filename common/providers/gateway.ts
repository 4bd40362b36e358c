import { hasControlChars } from '../terminal-text';
import { looksLikeCredential } from '../redact';
import { always, HAIKU_MODEL_FIELD, MODEL_FIELD, modelsOf, never, opt } from './shared';
import type { ProviderSpec } from './types';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Names that carry credentials: settings.json is plain text, the token belongs in the keychain. */
const SECRET_NAME = /authorization|cookie|token|key|secret/i;

/** The "Name: value" lines of ANTHROPIC_CUSTOM_HEADERS, one per line, empty lines dropped. */
export function headerLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/**
 * What is wrong with custom headers, if anything. Never quotes a value (it could be a secret the
 * user pasted by mistake): only a header's name, once it is a plain token.
 */
export function customHeadersProblem(text: string): string | undefined {
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (hasControlChars(line)) return `header ${i + 1} contains control characters`;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name) || line.slice(colon + 1).trim() === '')
      return `header ${i + 1} is not of the form "Name: value"`;
    if (SECRET_NAME.test(name))
      // Both surfaces show this (a schema message): no --flag in it (issue 17).
      return `header ${name} looks like a secret: give it as the gateway token, which is kept in the keychain (headers are written to settings.json in plain text)`;
    if (looksLikeCredential(line.slice(colon + 1)))
      return `header ${name} has a value that looks like a key or token: give it as the gateway token, which is kept in the keychain (headers are written to settings.json in plain text)`;
  }
  return undefined;
}

/**
 * An LLM gateway (LiteLLM, a company proxy, any Anthropic-compatible endpoint): ANTHROPIC_BASE_URL,
 * a token in the keychain that this app's apiKeyHelper prints, optional ANTHROPIC_CUSTOM_HEADERS
 * (no secrets) and model names.
 */
export const gateway = {
  kind: 'gateway',
  label: 'LLM gateway',
  nameHint: 'e.g. Company gateway',
  traits: { activatable: true, session: false, shareable: true, helperServes: 'keychain-key' },
  needsSecret: always,
  renewsItself: never,
  canSignIn: never,
  secret: { label: 'gateway token' },
  fields: [
    {
      key: 'baseUrl',
      flag: 'base-url',
      type: 'url',
      required: true,
      label: 'Gateway URL',
      placeholder: 'https://llm-gateway.example.com',
      hint: 'ANTHROPIC_BASE_URL: the gateway’s Anthropic-compatible endpoint.',
    },
    { key: 'secret', flag: 'key-stdin', type: 'secret', label: 'Gateway token' },
    {
      key: 'headers',
      flag: 'header',
      type: 'lines',
      label: 'Extra headers (optional)',
      placeholder: 'X-Team: platform',
      hint: 'ANTHROPIC_CUSTOM_HEADERS, one "Name: value" per line, written in plain text: no tokens or keys here.',
    },
    MODEL_FIELD,
    HAIKU_MODEL_FIELD,
  ],
  form: 'fields',
  cli: {
    flags: ['key-stdin'],
    usage: ['gateway --base-url <url> [--key-stdin] [--header "Name: value"]… [--model <id>] [--haiku-model <id>]'],
    fromOptions: () => ({}),
  },
  fromFlat: (i) => ({
    name: i.name,
    kind: 'gateway',
    baseUrl: i.baseUrl ?? '',
    ...opt('headers', i.headers === undefined ? undefined : headerLines(i.headers).join('\n')),
    ...modelsOf(i),
  }),
} as const satisfies ProviderSpec<'gateway'>;

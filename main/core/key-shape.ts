/**
 * Whether a key looks like one, checked where it enters (issue 17): the CLI's `add`/`edit`, the
 * window's Add and edit (both through ProfileService / app-api), and a key helper's output. Only the
 * shape: whether the key works is the key check's job (key-validation.ts). Messages never contain
 * the key, nor a part of it.
 */
import { AppError } from '../../common/errors';
import { envSecretOf, providerOf } from '../../common/providers';
import type { ProfileKind } from '../../common/profile-kinds';
import { isValidKeyToken, MAX_KEY_LENGTH, MIN_KEY_LENGTH, notAKeyReason } from './secret-text';

interface KindAndMode {
  readonly kind: ProfileKind;
  readonly authMode?: string | undefined;
}

/** What a profile's key is called: "API key", "Gateway token", "Bedrock API key". */
export function secretLabel(p: KindAndMode): string {
  return envSecretOf(p)?.what ?? providerOf(p.kind).secret?.label ?? 'key';
}

const NEXT = 'Copy the whole key again from where it was issued.';

/** Why `key` is not a key of this kind (no part of the key in it), or undefined when it looks right. */
export function keyShapeProblem(p: KindAndMode, key: string): AppError | undefined {
  const what = secretLabel(p);
  if (!isValidKeyToken(key)) {
    return new AppError({
      kind: 'invalid-argument',
      message: `That ${what} is not a single token of printable ASCII without spaces (at most ${MAX_KEY_LENGTH} characters).`,
      nextStep: 'Give only the key itself, without spaces or extra lines.',
    });
  }
  const notAKey = notAKeyReason(key);
  if (notAKey) {
    return new AppError({
      kind: 'invalid-argument',
      message: `That is not a ${what}: ${notAKey}.`,
      nextStep: NEXT,
    });
  }
  const rule = providerOf(p.kind).secret;
  if (rule?.prefix && !key.startsWith(rule.prefix)) {
    return new AppError({
      kind: 'invalid-argument',
      message: rule.otherwise ?? `That does not look like a ${what} (they start with ${rule.prefix}).`,
      nextStep: rule.otherwiseNext ?? NEXT,
    });
  }
  // Past a prefix shared by every key of the kind (sk-ant-admin…), at least MIN_KEY_LENGTH more.
  const least = MIN_KEY_LENGTH + (rule?.prefix?.length ?? 0);
  if (key.length < least) {
    return new AppError({
      kind: 'invalid-argument',
      message: `That does not look like a ${what}: it is ${key.length} characters long, and keys have at least ${least}.`,
      nextStep: NEXT,
    });
  }
  return undefined;
}

export function assertKeyShape(p: KindAndMode, key: string): void {
  const problem = keyShapeProblem(p, key);
  if (problem) throw problem;
}

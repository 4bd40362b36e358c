import { describe, expect, it } from 'vitest';
import { PROFILE_KINDS } from '../../common/profile-kinds';
import { providerOf } from '../../common/providers';
import { HELPER_SERVES, helperServes } from '../../common/providers/helper-serves';

describe("the api-key helper's table of what it serves (issue 16)", () => {
  it('agrees with the registry for every kind, and names no kind the registry does not serve', () => {
    const fromRegistry = Object.fromEntries(
      PROFILE_KINDS.flatMap((k) => {
        const s = providerOf(k).traits.helperServes;
        return s ? [[k, s]] : [];
      }),
    );
    expect({ ...HELPER_SERVES }).toEqual(fromRegistry);
    for (const k of PROFILE_KINDS) expect(helperServes(k)).toBe(providerOf(k).traits.helperServes);
  });

  it('serves nothing for a kind it does not know or a value that is no string', () => {
    for (const v of ['toString', '__proto__', 'constructor', 'nope', '', 1, undefined, null, {}])
      expect(helperServes(v)).toBeUndefined();
  });
});

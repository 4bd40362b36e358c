import type { Profile, ProfilesFile } from '../../common/profile';

/** By id, else by name; names are unique regardless of case, so `work` finds "Work". */
export function findProfile(f: ProfilesFile, ref: string): Profile | undefined {
  const lower = ref.toLowerCase();
  return (
    f.profiles.find((p) => p.id === ref) ??
    f.profiles.find((p) => p.name === ref) ??
    f.profiles.find((p) => p.name.toLowerCase() === lower)
  );
}

/**
 * "did you mean …" for a mistyped command, kind or profile name (issue 17): the candidate with the
 * smallest edit distance (case-insensitive; a swap of two neighbouring letters counts as one edit),
 * if it is close enough to be a typo rather than another word.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const a = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(a, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // One edit in 3 characters, at least 1; a unique prefix of 3+ letters counts too ("doc").
  const limit = Math.max(1, Math.floor(a.length / 3));
  if (best !== undefined && bestDistance <= limit) return best;
  const prefix = a.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(a)) : [];
  return prefix.length === 1 ? prefix[0] : undefined;
}

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * `; did you mean "x"?` or nothing: appended to an "unknown …" message. `synonyms` maps a word people
 * reach for (`switch`) to the candidate it means (`use`); a typo of a synonym finds it too (`swich`).
 */
export function didYouMean(
  input: string,
  candidates: readonly string[],
  synonyms: Readonly<Record<string, string>> = {},
): string {
  const c = closest(input, [...candidates, ...Object.keys(synonyms)]);
  const meant = c === undefined ? undefined : candidates.includes(c) ? c : synonyms[c];
  return meant === undefined ? '' : `; did you mean "${meant}"?`;
}

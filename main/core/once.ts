/** A value computed at most once, when first asked (a file read many callers may need, or none). */
export function once<T>(fn: () => T): () => T {
  let done = false;
  let v: T;
  return () => {
    if (!done) {
      v = fn();
      done = true;
    }
    return v;
  };
}

/**
 * Evaluate once per test file: runs `make` on first use and hands every later caller the same
 * promise (result or error). Its own file, importing no code under test: a DoD file that imports it
 * re-runs only when the code it judges changes.
 */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= make();
    return result;
  };
}

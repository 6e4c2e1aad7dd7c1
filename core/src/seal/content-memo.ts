/**
 * Remembers a pure function's result per input array, for bytes passed again and again (a seal's data
 * and its certificate on every signing). An entry is found by the array object and used only while the
 * array still holds the bytes it was computed from (compared with a private copy), so changing an
 * array in place gives a fresh result, never a stale one. Failures are not kept: they throw every time.
 * A WeakMap keeps no input alive on its own. Results are shared: callers must only read them.
 */
export function memoByContent<T>(fn: (bytes: Uint8Array) => T): (bytes: Uint8Array) => T {
  const entries = new WeakMap<Uint8Array, { bytes: Buffer; value: T }>();
  return (bytes) => {
    if (!(bytes instanceof Uint8Array)) return fn(bytes);
    const hit = entries.get(bytes);
    if (hit !== undefined && hit.bytes.equals(bytes)) return hit.value;
    const value = fn(bytes);
    entries.set(bytes, { bytes: Buffer.from(bytes), value });
    return value;
  };
}

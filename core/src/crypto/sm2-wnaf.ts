/**
 * Width-w NAF digits for k*P with a point P without a table (a key seen for the first time): with the
 * odd multiples P, 3P, ..., (2^(w-1) - 1)P, about 256 doublings and 256/(w+1) additions
 * (sm2-wasm-verify.ts). Variable time: public inputs only.
 */
export const WIDTH = 5;

/** Signed digits of k, least significant first; each non-zero digit is odd and |digit| < 2^(w-1). */
export function wnaf(k: bigint, width = WIDTH): Int8Array {
  const digits = new Int8Array(258);
  const full = 1n << BigInt(width);
  const half = 1 << (width - 1);
  let i = 0;
  while (k > 0n) {
    if (k & 1n) {
      let d = Number(k & (full - 1n));
      if (d >= half) d -= 1 << width;
      digits[i] = d;
      k -= BigInt(d);
    }
    k >>= 1n;
    i++;
  }
  return digits;
}

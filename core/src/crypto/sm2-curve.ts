/** SM2 recommended curve parameters (GB/T 32918.5 / GM/T 0003.5). */
export const SM2_P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
export const SM2_A = 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn;
export const SM2_B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
export const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
export const SM2_GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
export const SM2_GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

/** Default signer identity of GM/T 0009-2012 section 10; everyone else uses it, so we must too. */
export const SM2_DEFAULT_USER_ID = new Uint8Array(Buffer.from('1234567812345678', 'ascii'));

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Modular inverse by the extended Euclidean algorithm (variable time: only for public values or blinded use). */
export function invMod(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('value has no inverse');
  return mod(oldS, m);
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + Buffer.from(bytes).toString('hex'));
}

export function bigIntToBytes(value: bigint, length = 32): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('integer too large');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** y^2 = x^3 + ax + b over Fp. */
export function isOnCurve(x: bigint, y: bigint): boolean {
  if (x < 0n || x >= SM2_P || y < 0n || y >= SM2_P) return false;
  return mod(y * y - (x * x * x + SM2_A * x + SM2_B), SM2_P) === 0n;
}

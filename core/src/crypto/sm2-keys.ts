import { createECDH, randomBytes } from 'node:crypto';
import { SealError } from '../errors';
import { SM2_N, SM2_P, bigIntToBytes, bytesToBigInt, invMod, isOnCurve } from './sm2-curve';

// Fixed DER prefixes: an SM2 key is an id-ecPublicKey with the SM2 curve OID as parameter.
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const SM2_CURVE_OID_DER = Buffer.from('06082a811ccf5501822d', 'hex');

/** An SM2 public key: the uncompressed point 04 || x || y, validated on construction. */
export class Sm2PublicKey {
  readonly x: bigint;
  readonly y: bigint;

  private constructor(readonly point: Uint8Array) {
    this.x = bytesToBigInt(point.subarray(1, 33));
    this.y = bytesToBigInt(point.subarray(33, 65));
  }

  static fromPoint(point: Uint8Array): Sm2PublicKey {
    if (point.length !== 65 || point[0] !== 0x04) throw new Sm2KeyError('SM2 public key must be a 65-byte uncompressed point');
    const key = new Sm2PublicKey(new Uint8Array(point));
    if (!isOnCurve(key.x, key.y)) throw new Sm2KeyError('SM2 public key is not on the curve');
    return key;
  }

  static fromCoordinates(x: bigint, y: bigint): Sm2PublicKey {
    if (x >= SM2_P || y >= SM2_P) throw new Sm2KeyError('coordinate out of range');
    const point = new Uint8Array(65);
    point[0] = 4;
    point.set(bigIntToBytes(x), 1);
    point.set(bigIntToBytes(y), 33);
    return Sm2PublicKey.fromPoint(point);
  }

  /** SubjectPublicKeyInfo DER (id-ecPublicKey, curve SM2). */
  static fromSpkiDer(der: Uint8Array): Sm2PublicKey {
    const buf = Buffer.from(der);
    if (buf.length !== SPKI_PREFIX.length + 65 || !buf.subarray(0, SPKI_PREFIX.length).equals(SPKI_PREFIX)) {
      throw new Sm2KeyError('not an SM2 SubjectPublicKeyInfo');
    }
    return Sm2PublicKey.fromPoint(buf.subarray(SPKI_PREFIX.length));
  }

  toSpkiDer(): Uint8Array {
    return new Uint8Array(Buffer.concat([SPKI_PREFIX, this.point]));
  }

  toPem(): string {
    return pem('PUBLIC KEY', this.toSpkiDer());
  }

  equals(other: Sm2PublicKey): boolean {
    return Buffer.from(this.point).equals(Buffer.from(other.point));
  }
}

/**
 * An SM2 private key held in process memory. Keys at rest are always wrapped (see key-wrap);
 * this object exists only while a signing operation needs it.
 */
export class Sm2PrivateKey {
  readonly d: bigint;
  readonly publicKey: Sm2PublicKey;
  /** (1 + d)^-1 mod n, used by every signature; computed once per key. */
  readonly inverseOnePlusD: bigint;

  private constructor(private readonly secret: Uint8Array) {
    this.d = bytesToBigInt(secret);
    const ecdh = createECDH('SM2');
    ecdh.setPrivateKey(Buffer.from(secret));
    this.publicKey = Sm2PublicKey.fromPoint(new Uint8Array(ecdh.getPublicKey()));
    this.inverseOnePlusD = blindedInverse(1n + this.d);
  }

  static generate(): Sm2PrivateKey {
    for (;;) {
      const candidate = randomBytes(32);
      const d = bytesToBigInt(candidate);
      // d must lie in [1, n-2] so that 1 + d is invertible (GB/T 32918.1 6.1).
      if (d >= 1n && d <= SM2_N - 2n) return new Sm2PrivateKey(new Uint8Array(candidate));
    }
  }

  static fromBytes(secret: Uint8Array): Sm2PrivateKey {
    const d = bytesToBigInt(secret);
    if (secret.length !== 32 || d < 1n || d > SM2_N - 2n) throw new Sm2KeyError('SM2 private key out of range');
    return new Sm2PrivateKey(new Uint8Array(secret));
  }

  /** Parse SEC1 ECPrivateKey DER or PKCS#8 DER holding an SM2 key (as written by OpenSSL). */
  static fromDer(der: Uint8Array): Sm2PrivateKey {
    const buf = Buffer.from(der);
    // Both forms carry "04 20 <32 bytes>" (the private key OCTET STRING) after a version INTEGER 1.
    const marker = Buffer.from('0201010420', 'hex');
    const at = buf.indexOf(marker);
    if (at < 0 || at + marker.length + 32 > buf.length) throw new Sm2KeyError('not an SM2 private key');
    if (buf.indexOf(SM2_CURVE_OID_DER) < 0) throw new Sm2KeyError('private key is not on the SM2 curve');
    return Sm2PrivateKey.fromBytes(buf.subarray(at + marker.length, at + marker.length + 32));
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.secret);
  }

  /** SEC1 ECPrivateKey DER with curve and public key, readable by OpenSSL. */
  toSec1Der(): Uint8Array {
    return new Uint8Array(
      Buffer.concat([
        Buffer.from('30770201010420', 'hex'),
        Buffer.from(this.secret),
        Buffer.from('a00a', 'hex'), // [0] parameters: the 10-byte curve OID
        SM2_CURVE_OID_DER,
        Buffer.from('a144034200', 'hex'),
        Buffer.from(this.publicKey.point),
      ]),
    );
  }

  toPem(): string {
    return pem('EC PRIVATE KEY', this.toSec1Der());
  }
}

/**
 * (x)^-1 mod n for a secret x. The extended Euclidean algorithm's step count depends on its input,
 * so it only ever sees x * b for a fresh random b (independent of x), and the result is multiplied
 * back by b: (x b)^-1 b = x^-1.
 */
function blindedInverse(x: bigint): bigint {
  for (;;) {
    const b = bytesToBigInt(randomBytes(32));
    if (b < 1n || b >= SM2_N) continue;
    return (invMod((x * b) % SM2_N, SM2_N) * b) % SM2_N;
  }
}

/** A malformed or out-of-range SM2 key: a SealError with code KEY_INVALID. */
export class Sm2KeyError extends SealError {
  override readonly name: string = 'Sm2KeyError';

  constructor(message: string) {
    super('KEY_INVALID', message);
  }
}

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

import { SealError } from '../errors';
import { PROTECTED, rawSignature, sealInput, world } from './__tests__/fixtures';
import { buildTimeStampToken } from './__tests__/timestamp-token-builder';
import { buildV1Seal, buildV1Signature } from './__tests__/v1-builder';
import { makeSeal } from './make-seal';
import { equalBytes } from './cert-list-match';
import { decodeSeal } from './seal-decode';
import { decodeSesSignature } from './signature-decode';
import { parseTimeStampToken } from './timestamp-token';
import { verifySeal, verifySesSignature } from './verify';
import { seededRandom } from '../asn1/__tests__/seeded-random';

function mutate(input: Uint8Array, rand: () => number): Uint8Array {
  const at = Math.floor(rand() * input.length);
  const bytes = Array.from(input);
  switch (Math.floor(rand() * 6)) {
    case 0:
      bytes[at] ^= 1 << Math.floor(rand() * 8);
      break; // bit flip
    case 1:
      bytes[at] = Math.floor(rand() * 256);
      break; // byte replace
    case 2:
      return input.subarray(0, at); // truncation
    case 3:
      bytes.splice(at, 0, Math.floor(rand() * 256));
      break; // insertion
    case 4:
      bytes.splice(at, 1 + Math.floor(rand() * 8));
      break; // deletion
    default:
      bytes.splice(at, 0, ...bytes.slice(at, at + 1 + Math.floor(rand() * 64)));
      break; // duplication
  }
  return new Uint8Array(bytes);
}

const DECODE_CODES = new Set(['BAD_ASN1', 'SEAL_FORMAT_INVALID', 'UNSUPPORTED_VERSION']);

/** Returns the decoded value, or undefined after asserting the failure was a coded format error. */
function decodeOrCodedError<T>(decode: () => T, allowed: Set<string>): T | undefined {
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof SealError) || !allowed.has(error.code)) throw error;
    return undefined;
  }
}

describe('fuzz: mutated seal data never crashes or hangs', () => {
  const ROUNDS = 1500;
  /** Verification costs several SM2 operations; a sample of decodable mutants keeps the suite fast. */
  const VERIFIED_SAMPLE = 40;

  it.each([
    ['V4 SES_Signature', 'v4', 11],
    ['V1 SES_Signature', 'v1', 12],
  ])('%s: decode every mutant, verify a sample (kind %s, seed %d)', async (_name, kind, seed) => {
    const w = world();
    const stamp = (v: Uint8Array) => buildTimeStampToken(v, new Date());
    const signature =
      kind === 'v4'
        ? rawSignature({
            seal: await makeSeal(sealInput(w, { extDatas: [{ extnID: '1.2.3', critical: true, extnValue: new Uint8Array([1]) }] })),
            signer: w.holder,
            timeStamp: stamp,
          })
        : buildV1Signature({ seal: buildV1Seal({ maker: w.maker, certs: [w.holder.cert] }), signer: w.holder });
    const rand = seededRandom(seed);
    let decoded = 0;
    const original = decodeSesSignature(signature);
    // Stands in for the TSA's signature over its token, which this module leaves to the injected trust.
    const tsaSigned = (token: Uint8Array) => ({
      ok: original.timeStamp !== undefined && equalBytes(token, original.timeStamp),
      message: 'token altered',
    });
    const trust = w.trustWith({}, { verifyTimeStampToken: tsaSigned });
    for (let i = 0; i < ROUNDS; i++) {
      const mutant = mutate(signature, rand);
      const sig = decodeOrCodedError(() => decodeSesSignature(mutant), DECODE_CODES);
      if (sig === undefined) continue;
      if (++decoded > VERIFIED_SAMPLE) continue;
      const report = await verifySesSignature(sig, { protectedBytes: PROTECTED, trust });
      expect(report.checks.length).toBeGreaterThan(8);
      // Every byte of the signature data is covered by some check: no altered input may verify.
      if (!equalBytes(mutant, signature)) expect({ seed, i, valid: report.valid }).toEqual({ seed, i, valid: false });
    }
    expect(decoded).toBeGreaterThan(0); // the mutants reach the verifier, not only the parser
  });

  it('SESeal: mutants decode or fail with a format code; decodable ones verify without throwing and never as valid', async () => {
    const w = world();
    const seals = [await makeSeal(sealInput(w)), buildV1Seal({ maker: w.maker, certs: [w.holder.cert] })];
    const rand = seededRandom(21);
    let decoded = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const mutant = mutate(seals[i % 2], rand);
      const seal = decodeOrCodedError(() => decodeSeal(mutant), DECODE_CODES);
      if (seal === undefined || ++decoded > VERIFIED_SAMPLE) continue;
      const report = await verifySeal(seal, { at: new Date('2026-06-01T00:00:00Z'), trust: w.trust });
      if (!equalBytes(mutant, seals[i % 2])) expect({ i, valid: report.valid }).toEqual({ i, valid: false });
    }
  });

  it('time-stamp tokens: mutants parse or fail with TIMESTAMP_INVALID', () => {
    const token = buildTimeStampToken(new Uint8Array([1, 2, 3]), new Date('2026-06-01T00:00:00Z'));
    const rand = seededRandom(31);
    for (let i = 0; i < ROUNDS; i++) decodeOrCodedError(() => parseTimeStampToken(mutate(token, rand)), new Set(['TIMESTAMP_INVALID']));
  });

  it('random bytes and deep nesting are refused with BAD_ASN1', () => {
    const rand = seededRandom(41);
    for (let i = 0; i < 500; i++) {
      const junk = new Uint8Array(1 + Math.floor(rand() * 64)).map(() => Math.floor(rand() * 256));
      decodeOrCodedError(() => decodeSesSignature(junk), DECODE_CODES);
      decodeOrCodedError(() => decodeSeal(junk), DECODE_CODES);
    }
    let deep = new Uint8Array([0x05, 0x00]);
    for (let i = 0; i < 200; i++) deep = new Uint8Array([0x30, ...lengthBytes(deep.length), ...deep]);
    expect(() => decodeSeal(deep)).toThrow(expect.objectContaining({ code: 'BAD_ASN1' }));
  });
});

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

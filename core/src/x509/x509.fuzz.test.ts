import { isSealError } from '../errors';
import { makeChain } from './__tests__/pki-fixture';
import { Certificate } from './certificate';
import { Crl } from './crl';
import { signCrl } from './crl-builder';
import { localTbsSigner } from './signer';
import { verifyCertificateChain } from './verify/chain';
import { seededRandom } from '../asn1/__tests__/seeded-random';

function mutate(input: Uint8Array, rand: () => number): Uint8Array {
  const bytes = Array.from(input);
  const pick = (n: number) => Math.floor(rand() * n);
  const kind = pick(6);
  const pos = pick(bytes.length);
  switch (kind) {
    case 0: // flip a few bytes anywhere
      for (let i = 1 + pick(3); i > 0; i--) bytes[pick(bytes.length)] = pick(256);
      break;
    case 1: // truncate
      bytes.length = pos;
      break;
    case 2: // insert random bytes
      bytes.splice(pos, 0, ...Array.from({ length: 1 + pick(4) }, () => pick(256)));
      break;
    case 3: // delete a range
      bytes.splice(pos, 1 + pick(8));
      break;
    case 4: // hit the first 40 bytes, where the outer headers and lengths live
      bytes[pick(Math.min(40, bytes.length))] ^= 1 << pick(8);
      break;
    default: // extreme values that stress length and tag handling
      bytes[pos] = [0x00, 0x7f, 0x80, 0x81, 0x84, 0xff, 0x1f, 0x30, 0xa3][pick(9)];
  }
  return Uint8Array.from(bytes);
}

/** Run fn; anything thrown must be a SealError. Returns whether fn succeeded. */
function onlySealErrors(fn: () => unknown, seed: number, input: Uint8Array): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (!isSealError(e)) throw new Error(`seed ${seed}: non-SealError ${String(e)} for input ${Buffer.from(input).toString('hex')}`);
    return false;
  }
}

describe('fuzzing parsers and the verifier with mutated DER', () => {
  let pki: Awaited<ReturnType<typeof makeChain>>;
  let crl: Crl;
  beforeAll(async () => {
    pki = await makeChain();
    crl = await signCrl(
      {
        issuer: pki.issuing.cert.subject,
        thisUpdate: new Date('2026-05-01T00:00:00Z'),
        nextUpdate: new Date('2026-08-01T00:00:00Z'),
        crlNumber: 1n,
        authorityKeyIdentifier: pki.issuing.cert.extensions.subjectKeyIdentifier!,
        entries: [{ serialNumber: 42n, revokedAt: new Date('2026-04-01T00:00:00Z'), reason: 'keyCompromise' }],
      },
      localTbsSigner(pki.issuing.key),
    );
  });

  test('3000 certificate mutations: parse and verify give a certificate or a SealError, never anything else', () => {
    const rand = seededRandom(0x5ea1);
    let parsed = 0;
    let verified = 0;
    for (let i = 0; i < 3000; i++) {
      const input = mutate(pki.leaf.cert.der, rand);
      let cert: Certificate | undefined;
      if (onlySealErrors(() => (cert = Certificate.fromDer(input)), i, input) && cert) {
        parsed++;
        const c = cert;
        onlySealErrors(() => [c.subjectText, c.issuerText, c.serialHex, c.isSelfIssued, c.toPem()], i, input);
        const ok = onlySealErrors(
          () =>
            verifyCertificateChain(c, {
              intermediates: [pki.issuing.cert],
              trustAnchors: [pki.root.cert],
              at: new Date('2026-06-01T00:00:00Z'),
              crls: [crl],
            }),
          i,
          input,
        );
        // Whatever still verifies must have left the signed bytes untouched.
        if (ok) {
          verified++;
          expect(Buffer.from(c.tbsDer)).toEqual(Buffer.from(pki.leaf.cert.tbsDer));
        }
      }
    }
    // The mutations must actually exercise the deeper layers, not only fail at the first byte.
    expect(parsed).toBeGreaterThan(100);
    expect(verified).toBeLessThan(parsed);
  });

  test('2000 CRL mutations: parse gives a CRL or a SealError', () => {
    const rand = seededRandom(0xc21);
    let parsed = 0;
    for (let i = 0; i < 2000; i++) {
      const input = mutate(crl.der, rand);
      let out: Crl | undefined;
      if (onlySealErrors(() => (out = Crl.fromDer(input)), i, input) && out) {
        parsed++;
        const c = out;
        onlySealErrors(
          () =>
            verifyCertificateChain(pki.leaf.cert, {
              intermediates: [pki.issuing.cert],
              trustAnchors: [pki.root.cert],
              at: new Date('2026-06-01T00:00:00Z'),
              crls: [c],
            }),
          i,
          input,
        );
      }
    }
    expect(parsed).toBeGreaterThan(50);
  });

  test('hostile shapes: deep nesting, huge lengths, empty and random input', () => {
    const deep = new Uint8Array(20_000);
    for (let i = 0; i < deep.length; i += 2) [deep[i], deep[i + 1]] = [0x30, 0x80];
    const cases = [
      deep,
      Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30]),
      Uint8Array.from([0x30, 0x00]),
      new Uint8Array(0),
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff),
    ];
    for (const input of cases) {
      expect(() => Certificate.fromDer(input)).toThrow(expect.objectContaining({ name: 'SealError' }));
      expect(() => Crl.fromDer(input)).toThrow(expect.objectContaining({ name: 'SealError' }));
    }
  });
});

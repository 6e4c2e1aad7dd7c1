import { randomBytes } from 'node:crypto';
import { SealError } from '../errors';
import { seededRandom } from '../asn1/__tests__/seeded-random';
import { T, world } from '../seal/__tests__/fixtures';
import { sealOfd } from '../verify/__tests__/signed-ofd';
import { testSeal } from '../verify/__tests__/signed-pdf';
import { verifyOfd } from '../verify/verify-ofd';
import { OfdPackage } from './ofd-package';
import { signOfd } from './sign-ofd';
import { writeZip } from './zip-write';
import { minimalOfd } from './__tests__/minimal-ofd';

const XML_TOKENS = [
  '<',
  '>',
  '&',
  '&amp;',
  '&x;',
  '"',
  "'",
  '/>',
  '</ofd:X>',
  '<!DOCTYPE a>',
  '<![CDATA[',
  ']]>',
  '<?x',
  '../',
  '/',
  '..',
  '\u0000',
  '=',
  ' ID="1"',
  'Boundary="1 2"',
  '99999999999999999999',
  '-1',
  'NaN',
];

/** Container-level damage: bytes, lengths and header numbers of the zip itself. */
function mutateZip(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = Buffer.from(input);
  const pick = (n: number) => Math.floor(random() * n);
  switch (pick(4)) {
    case 0:
      for (let i = 0, n = 1 + pick(8); i < n; i++) bytes[pick(bytes.length)] = pick(256);
      return bytes;
    case 1:
      return bytes.subarray(0, pick(bytes.length));
    case 2: {
      // a 16- or 32-bit header field set to an extreme
      const at = pick(bytes.length - 4);
      const value = [0, 1, 0xffff, 0xffffffff, bytes.length, 30][pick(6)]!;
      if (value > 0xffff || pick(2) === 0) bytes.writeUInt32LE(value >>> 0, at);
      else bytes.writeUInt16LE(value, at);
      return bytes;
    }
    default: {
      const a = pick(bytes.length);
      const at = pick(bytes.length);
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(a, Math.min(bytes.length, a + pick(300))), bytes.subarray(at)]);
    }
  }
}

/** XML-level damage inside a well-formed zip: what a hostile producer writes. */
function mutateXml(input: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  const pkg = OfdPackage.open(input);
  const xmlFiles = pkg.paths.filter((p) => p.endsWith('.xml'));
  const target = xmlFiles[pick(xmlFiles.length)]!;
  let text = Buffer.from(pkg.file(target)).toString('utf8');
  for (let i = 0, n = 1 + pick(3); i < n; i++) {
    const at = pick(text.length);
    text =
      pick(2) === 0
        ? text.slice(0, at) + XML_TOKENS[pick(XML_TOKENS.length)] + text.slice(at + pick(6))
        : text.slice(0, at) + text.slice(at + 1 + pick(40));
  }
  return writeZip(
    pkg.paths.map((p) => ({ name: p, data: p === target ? Buffer.from(text, 'utf8') : pkg.file(p), compress: true })),
    new Date(),
  );
}

describe('OFD reader, signer and verifier under damaged input', () => {
  const w = world();

  it('answer every mutation with a result or a SealError, never another exception', async () => {
    const seal = await testSeal(w, '12010000007101');
    const once = await sealOfd(minimalOfd({ pages: 2, imageBytesPerPage: 64 }), seal, T.signing);
    const twice = (await sealOfd(once.ofd, seal, new Date(T.signing.getTime() + 1000), { page: 2 })).ofd;
    const seed = randomBytes(4).readUInt32LE(0);
    const random = seededRandom(seed);
    const container = () => Promise.resolve(new Uint8Array([0x30, 0x00]));
    for (let i = 0; i < 300; i++) {
      const damaged = i % 2 === 0 ? mutateZip(twice, random) : mutateXml(twice, random);
      for (const run of [
        () => verifyOfd(damaged, { trust: w.trust }),
        () =>
          signOfd(
            damaged,
            { page: 1, position: { xMm: 10, yMm: 10 }, size: { widthMm: 30, heightMm: 30 }, eseal: seal.der, signingTime: T.signing },
            container,
          ),
      ]) {
        try {
          await run();
        } catch (error) {
          if (!(error instanceof SealError)) throw new Error(`seed ${seed}, mutation ${i}: ${(error as Error).stack}`);
        }
      }
    }
  }, 120_000);
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sm2 as referenceSm2 } from 'sm-crypto';
import { sm3 } from '../crypto/sm3';
import { PROTECTED, T, sealInput, signedFixture, world } from './__tests__/fixtures';
import { expectCodeAsync } from './__tests__/expect-code';
import { LocalSm2Signer } from '../crypto/signer';
import { makeSeal } from './make-seal';
import { makeSesSignature } from './make-signature';
import { SealOid } from './oids';
import { decodeSeal } from './seal-decode';
import { decodeSesSignature } from './signature-decode';
import type { SealSigner } from './signer';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// sm-crypto (the reference JS implementation) and OpenSSL are independent oracles for our SM2 signatures.
describe('makeSeal / makeSesSignature', () => {
  it('the maker signature is SM2/SM3 with the default ID over DER(SES_SealInfo), as sm-crypto and OpenSSL see it', async () => {
    const w = world();
    const seal = decodeSeal(await makeSeal(sealInput(w)));
    expect(seal.signatureAlgorithm).toBe(SealOid.SM2_WITH_SM3);
    const pub = hex(w.maker.key.publicKey.point);
    expect(referenceSm2.doVerifySignature(Array.from(seal.signedBytes), hex(seal.signatureValue), pub, { der: true, hash: true })).toBe(
      true,
    );

    const dir = mkdtempSync(join(tmpdir(), 'seal-oracle-'));
    try {
      writeFileSync(join(dir, 'pub.pem'), w.maker.key.publicKey.toPem());
      writeFileSync(join(dir, 'data'), seal.signedBytes);
      writeFileSync(join(dir, 'sig'), seal.signatureValue);
      const out = execFileSync('openssl', [
        'dgst',
        '-sm3',
        '-verify',
        join(dir, 'pub.pem'),
        '-sigopt',
        'distid:1234567812345678',
        '-signature',
        join(dir, 'sig'),
        join(dir, 'data'),
      ]);
      expect(out.toString()).toMatch(/Verified OK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the signer signature is over DER(TBS_Sign), embeds the seal byte for byte, and verifies in sm-crypto', async () => {
    const w = world();
    const { seal, signature } = await signedFixture(w);
    const sig = decodeSesSignature(signature);
    expect(hex(sig.seal.raw)).toBe(hex(seal));
    expect(sig.signerCert).toEqual(w.holder.cert);
    expect(
      referenceSm2.doVerifySignature(Array.from(sig.signedBytes), hex(sig.signatureValue), hex(w.holder.key.publicKey.point), {
        der: true,
        hash: true,
      }),
    ).toBe(true);
  });

  it('asks for the time-stamp over the signature value and embeds it', async () => {
    const w = world();
    let stamped: Uint8Array | undefined;
    const bytes = await makeSesSignature({
      eseal: await makeSeal(sealInput(w)),
      timeInfo: T.signing,
      dataHash: sm3(PROTECTED),
      propertyInfo: 'p',
      signerCert: w.holder.cert,
      signer: new LocalSm2Signer(w.holder.key),
      extDatas: [{ extnID: '1.2.3', critical: false, extnValue: new Uint8Array([1]) }],
      timeStamp: async (value) => {
        stamped = value;
        return new Uint8Array([0xee]);
      },
    });
    const sig = decodeSesSignature(bytes);
    expect(stamped).toEqual(sig.signatureValue);
    expect(sig.timeStamp).toEqual(new Uint8Array([0xee]));
    expect(sig.extDatas).toEqual([{ extnID: '1.2.3', critical: false, extnValue: new Uint8Array([1]) }]);
  });

  describe('refuses to produce data that could never verify', () => {
    it('a signer whose signature does not verify under its own public key', async () => {
      const w = world();
      const other = new LocalSm2Signer(w.holder.key);
      const liar: SealSigner = { publicKey: w.maker.key.publicKey, signDigest: (e) => other.signDigest(e) };
      await expectCodeAsync(makeSeal(sealInput(w, { makerSigner: liar })), 'SIGNATURE_INVALID');
    });

    it('a maker signer whose key is not the one in the maker certificate, or an unreadable maker certificate', async () => {
      const w = world();
      await expectCodeAsync(makeSeal(sealInput(w, { makerSigner: new LocalSm2Signer(w.holder.key) })), 'SIGNATURE_INVALID');
      await expectCodeAsync(makeSeal(sealInput(w, { makerCert: new Uint8Array([0x30, 0x00]) })), 'CERT_INVALID');
    });

    it('a signer certificate the seal does not list', async () => {
      const w = world();
      const seal = await makeSeal(sealInput(w));
      await expectCodeAsync(
        makeSesSignature({
          eseal: seal,
          timeInfo: T.signing,
          dataHash: sm3(PROTECTED),
          propertyInfo: 'p',
          signerCert: w.stranger.cert,
          signer: new LocalSm2Signer(w.stranger.key),
        }),
        'CERT_NOT_IN_SEAL',
      );
    });

    it('a signer whose key is not the one in the signer certificate (the signature could never verify)', async () => {
      const w = world();
      const seal = await makeSeal(sealInput(w));
      const base = { eseal: seal, timeInfo: T.signing, dataHash: sm3(PROTECTED), propertyInfo: 'p', signerCert: w.holder.cert };
      await expectCodeAsync(makeSesSignature({ ...base, signer: new LocalSm2Signer(w.stranger.key) }), 'SIGNATURE_INVALID');
      const listedGarbage = await makeSeal(sealInput(w, { certs: [new Uint8Array([0x30, 0x00])] }));
      await expectCodeAsync(
        makeSesSignature({
          ...base,
          eseal: listedGarbage,
          signerCert: new Uint8Array([0x30, 0x00]),
          signer: new LocalSm2Signer(w.holder.key),
        }),
        'CERT_INVALID',
      );
    });

    it('a signing time outside the seal validity', async () => {
      const w = world();
      const seal = await makeSeal(sealInput(w));
      await expectCodeAsync(
        makeSesSignature({
          eseal: seal,
          timeInfo: new Date('2030-01-01T00:00:00Z'),
          dataHash: sm3(PROTECTED),
          propertyInfo: 'p',
          signerCert: w.holder.cert,
          signer: new LocalSm2Signer(w.holder.key),
        }),
        'SEAL_OUT_OF_VALIDITY',
      );
    });

    it('a data hash that is not 32 bytes, a non-ASCII propertyInfo, an unreadable seal', async () => {
      const w = world();
      const seal = await makeSeal(sealInput(w));
      const base = {
        eseal: seal,
        timeInfo: T.signing,
        dataHash: sm3(PROTECTED),
        propertyInfo: 'p',
        signerCert: w.holder.cert,
        signer: new LocalSm2Signer(w.holder.key),
      };
      await expectCodeAsync(makeSesSignature({ ...base, dataHash: new Uint8Array(20) }), 'VALIDATION_FAILED');
      await expectCodeAsync(makeSesSignature({ ...base, propertyInfo: '范围' }), 'VALIDATION_FAILED');
      await expectCodeAsync(makeSesSignature({ ...base, eseal: seal.subarray(0, 50) }), 'BAD_ASN1');
    });
  });

  describe('input validation (VALIDATION_FAILED)', () => {
    const w = () => world();
    it.each([
      ['empty esID', { esID: '' }],
      ['non-ASCII esID', { esID: '章1' }],
      ['both certs and digests', { certDigests: [{ algorithm: 'SM3', value: new Uint8Array(32) }] }],
      ['neither certs nor digests', { certs: undefined }],
      ['empty certs', { certs: [] }],
      ['validStart after validEnd', { validStart: T.sealEnd, validEnd: T.sealStart }],
      ['invalid date', { createDate: new Date('nonsense') }],
      ['zero picture width', { picture: { type: 'PNG', data: new Uint8Array([1]), width: 0, height: 40 } }],
      ['empty picture', { picture: { type: 'PNG', data: new Uint8Array(0), width: 40, height: 40 } }],
      ['bad extension OID', { extDatas: [{ extnID: 'not-an-oid', critical: false, extnValue: new Uint8Array(0) }] }],
      ['digest algorithm not a PrintableString', { certs: undefined, certDigests: [{ algorithm: 'SM3 摘要', value: new Uint8Array(32) }] }],
      ['empty name', { name: '' }],
      ['type 0', { type: 0 }],
    ])('%s', async (_what, overrides) => {
      await expectCodeAsync(makeSeal(sealInput(w(), overrides as never)), 'VALIDATION_FAILED');
    });
  });
});

describe('signer failures surface as coded errors', () => {
  it('a signer that returns nothing usable', async () => {
    const w = world();
    const broken: SealSigner = { publicKey: w.maker.key.publicKey, signDigest: async () => new Uint8Array(0) };
    await expectCodeAsync(makeSeal(sealInput(w, { makerSigner: broken })), 'SIGNATURE_INVALID');
  });
});

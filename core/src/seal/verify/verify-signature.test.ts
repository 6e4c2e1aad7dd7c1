import { createHash } from 'node:crypto';
import { der, parseDer } from '../../asn1';
import { sm3 } from '../../crypto/sm3';
import { Sm2PrivateKey } from '../../crypto/sm2-keys';
import { PROTECTED, T, rawSignature, sealInput, signedFixture, world } from '../__tests__/fixtures';
import { buildTestCertificate } from '../__tests__/test-certificates';
import { failures, statusOf } from '../__tests__/report-helpers';
import { expectCodeAsync } from '../__tests__/expect-code';
import { makeSeal } from '../make-seal';
import { decodeSesSignature } from '../signature-decode';
import { encodeSesSignature } from '../signature-encode';
import { verifySesSignature } from './verify-signature';

const content = { protectedBytes: PROTECTED };

describe('verifySesSignature', () => {
  it('passes a good signature and lists every check in the standard order', async () => {
    const w = world();
    const { signature } = await signedFixture(w);
    const report = await verifySesSignature(signature, { ...content, trust: w.trust });
    expect(report.valid).toBe(true);
    expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'signature.format:pass',
      'signature.value:pass',
      'signature.signer-certificate:pass',
      'seal.format:pass',
      'seal.maker-signature:pass',
      'seal.maker-certificate:pass',
      'seal.validity:pass',
      'signature.cert-in-seal:pass',
      'signature.data-hash:pass',
      'signature.timestamp:skipped',
      'signature.seal-ledger-status:indeterminate',
    ]);
    expect(report.signingTime).toEqual(T.signing);
    expect(report.signingTimeSource).toBe('timeInfo');
    expect(report.version).toBe(4);
  });

  it('accepts the digest instead of the bytes, and a decoded signature', async () => {
    const w = world();
    const { signature } = await signedFixture(w);
    expect((await verifySesSignature(decodeSesSignature(signature), { dataHash: sm3(PROTECTED), trust: w.trust })).valid).toBe(true);
  });

  it('DATA_HASH_MISMATCH when the protected bytes changed', async () => {
    const w = world();
    const { signature } = await signedFixture(w);
    const changed = new Uint8Array(PROTECTED);
    changed[3] ^= 1;
    expect(failures(await verifySesSignature(signature, { protectedBytes: changed, trust: w.trust }))).toEqual([
      'signature.data-hash:DATA_HASH_MISMATCH',
    ]);
    expect(failures(await verifySesSignature(signature, { dataHash: new Uint8Array(32), trust: w.trust }))).toEqual([
      'signature.data-hash:DATA_HASH_MISMATCH',
    ]);
  });

  it('SIGNATURE_INVALID when the signed data (TBS_Sign) was altered', async () => {
    const w = world();
    const { signature } = await signedFixture(w);
    const at = Buffer.from(signature).indexOf(Buffer.from('0 1000 2000 500'));
    const tampered = new Uint8Array(signature);
    tampered[at] = 0x39; // the claimed byte range
    expect(failures(await verifySesSignature(tampered, { ...content, trust: w.trust }))).toEqual(['signature.value:SIGNATURE_INVALID']);
  });

  it('SIGNATURE_INVALID when the signature comes from another key than the certificate in SES_Signature', async () => {
    const w = world();
    const seal = await makeSeal(sealInput(w));
    const forged = rawSignature({ seal, signer: { key: w.stranger.key, cert: w.holder.cert } });
    expect(failures(await verifySesSignature(forged, { ...content, trust: w.trust }))).toEqual(['signature.value:SIGNATURE_INVALID']);
  });

  it('CERT_NOT_IN_SEAL when the signer certificate is valid but not listed in the seal', async () => {
    const w = world();
    const seal = await makeSeal(sealInput(w));
    const report = await verifySesSignature(rawSignature({ seal, signer: w.stranger }), { ...content, trust: w.trust });
    expect(failures(report)).toEqual(['signature.cert-in-seal:CERT_NOT_IN_SEAL']);
  });

  it('matches certListType 2 by the digest algorithm named in type, and refuses SHA-1 digests', async () => {
    const w = world();
    const bySm3 = await signedFixture(w, { certs: undefined, certDigests: [{ algorithm: 'SM3', value: sm3(w.holder.cert) }] });
    const ok = await verifySesSignature(bySm3.signature, { ...content, trust: w.trust });
    expect(ok.valid).toBe(true);
    expect(statusOf(ok, 'signature.cert-in-seal').message).toMatch(/SM3 digest/);

    const sha1 = new Uint8Array(createHash('sha1').update(w.holder.cert).digest());
    const seal = await makeSeal(sealInput(w, { certs: undefined, certDigests: [{ algorithm: 'SHA1', value: sha1 }] }));
    const report = await verifySesSignature(rawSignature({ seal, signer: w.holder }), { ...content, trust: w.trust });
    expect(failures(report)).toEqual(['signature.cert-in-seal:CERT_NOT_IN_SEAL']);
    expect(statusOf(report, 'signature.cert-in-seal').details?.unsupportedAlgorithms).toEqual(['SHA1']);
  });

  it('SEAL_OUT_OF_VALIDITY when the signing time lies outside the seal validity', async () => {
    const w = world();
    const seal = await makeSeal(sealInput(w));
    const late = rawSignature({ seal, signer: w.holder, timeInfo: new Date('2027-02-01T00:00:00Z') });
    expect(failures(await verifySesSignature(late, { ...content, trust: w.trust }))).toEqual(['seal.validity:SEAL_OUT_OF_VALIDITY']);
  });

  it('judges the signer certificate at signing time: expired then fails, expired since then passes', async () => {
    const w = world();
    const shortLived = w.issue('Short Lived', 0x5005n, T.certStart, new Date('2026-05-01T00:00:00Z'));
    const seal = await makeSeal(sealInput(w, { certs: [shortLived.cert] }));
    const afterExpiry = rawSignature({ seal, signer: shortLived });
    expect(failures(await verifySesSignature(afterExpiry, { ...content, trust: w.trust }))).toEqual([
      'signature.signer-certificate:CERT_EXPIRED',
    ]);
    const beforeExpiry = rawSignature({ seal, signer: shortLived, timeInfo: new Date('2026-04-01T00:00:00Z') });
    expect((await verifySesSignature(beforeExpiry, { ...content, trust: w.trust })).valid).toBe(true);

    const notYet = w.issue('Future', 0x6006n, new Date('2026-09-01T00:00:00Z'), T.certEnd);
    const seal2 = await makeSeal(sealInput(w, { certs: [notYet.cert] }));
    const early = rawSignature({ seal: seal2, signer: notYet });
    expect(failures(await verifySesSignature(early, { ...content, trust: w.trust }))).toEqual([
      'signature.signer-certificate:CERT_NOT_YET_VALID',
    ]);
  });

  it('judges signer revocation against signing time', async () => {
    const w = world();
    const { signature } = await signedFixture(w);
    const before = w.trustWith({ revoked: new Map([['2002', new Date('2026-05-31T00:00:00Z')]]) });
    expect(failures(await verifySesSignature(signature, { ...content, trust: before }))).toEqual([
      'signature.signer-certificate:CERT_REVOKED',
    ]);
    const after = w.trustWith({ revoked: new Map([['2002', new Date('2026-06-02T00:00:00Z')]]) });
    expect((await verifySesSignature(signature, { ...content, trust: after })).valid).toBe(true);
  });

  it('CERT_CHAIN_INVALID for a signer certificate from an untrusted issuer; CERT_INVALID for garbage', async () => {
    const w = world();
    const rogueCa = Sm2PrivateKey.generate();
    const key = Sm2PrivateKey.generate();
    const rogue = {
      key,
      cert: buildTestCertificate({
        subject: 'Rogue',
        subjectKey: key.publicKey,
        issuer: 'Rogue CA',
        issuerKey: rogueCa,
        serial: 7n,
        notBefore: T.certStart,
        notAfter: T.certEnd,
      }),
    };
    const seal = await makeSeal(sealInput(w, { certs: [rogue.cert] }));
    const report = await verifySesSignature(rawSignature({ seal, signer: rogue }), { ...content, trust: w.trust });
    expect(failures(report)).toEqual(['signature.signer-certificate:CERT_CHAIN_INVALID']);

    const garbage = { key, cert: new Uint8Array([1, 2, 3]) };
    const seal2 = await makeSeal(sealInput(w, { certs: [garbage.cert] }));
    const report2 = await verifySesSignature(rawSignature({ seal: seal2, signer: garbage }), { ...content, trust: w.trust });
    expect(failures(report2)).toEqual(['signature.signer-certificate:CERT_INVALID']);
    expect(statusOf(report2, 'signature.value').status).toBe('skipped');
  });

  it('a trust function that throws is a failed chain check, not a crash', async () => {
    const w = world();
    const { signature } = await signedFixture(w);
    const broken = w.trustWith(
      {},
      {
        checkCertificate: () => {
          throw new Error('CRL store offline');
        },
      },
    );
    const report = await verifySesSignature(signature, { ...content, trust: broken });
    expect(failures(report)).toEqual(['signature.signer-certificate:CERT_CHAIN_INVALID', 'seal.maker-certificate:CERT_CHAIN_INVALID']);
  });

  it('a tampered embedded seal fails the maker signature (and the outer signature, which covers it)', async () => {
    const w = world();
    const { signature } = await signedFixture(w);
    const name = Buffer.from('合同专用章', 'utf8');
    const at = Buffer.from(signature).indexOf(name);
    const tampered = new Uint8Array(signature);
    tampered.set(Buffer.from('财务专用章', 'utf8'), at);
    const report = await verifySesSignature(tampered, { ...content, trust: w.trust });
    expect(failures(report)).toEqual(['signature.value:SIGNATURE_INVALID', 'seal.maker-signature:SEAL_MAKER_SIGNATURE_INVALID']);
    expect(report.sealName).toContain('财务专用章');
  });

  it('SEAL_FORMAT_INVALID in signature.format when TBS_Sign.version disagrees with the seal', async () => {
    const w = world();
    const seal = await makeSeal(sealInput(w));
    const report = await verifySesSignature(rawSignature({ seal, signer: w.holder, tbsVersion: 5 }), { ...content, trust: w.trust });
    expect(failures(report)).toEqual(['signature.format:SEAL_FORMAT_INVALID']);
  });

  it('accepts a raw r||s signature value (some V1 producers), still verified', async () => {
    const w = world();
    const { signature } = await signedFixture(w);
    const d = decodeSesSignature(signature);
    const sig = parseDer(d.signatureValue).children.map((n) => {
      const v = n.content[0] === 0 ? n.content.subarray(1) : n.content;
      return Buffer.concat([Buffer.alloc(32 - v.length), Buffer.from(v)]);
    });
    const rebuilt = encodeSesSignature({ ...d, tbsSign: d.signedBytes, signatureValue: new Uint8Array(Buffer.concat(sig)) });
    const report = await verifySesSignature(rebuilt, { ...content, trust: w.trust });
    expect(report.valid).toBe(true);
    expect(statusOf(report, 'signature.value').details?.signatureForm).toBe('raw-r-s');
  });

  describe('ledger status at signing time', () => {
    it.each([
      [{ state: 'active' as const }, []],
      [{ state: 'revoked' as const, revokedAt: new Date('2026-07-01T00:00:00Z') }, []],
      [{ state: 'revoked' as const, revokedAt: new Date('2026-05-01T00:00:00Z') }, ['signature.seal-ledger-status:SEAL_REVOKED']],
      [{ state: 'revoked' as const }, ['signature.seal-ledger-status:SEAL_REVOKED']],
      [{ state: 'suspended' as const }, ['signature.seal-ledger-status:SEAL_NOT_ACTIVE']],
      [{ state: 'not-found' as const }, ['signature.seal-ledger-status:SEAL_NOT_ACTIVE']],
    ])('%o', async (ledgerStatus, expected) => {
      const w = world();
      const { signature } = await signedFixture(w);
      const report = await verifySesSignature(signature, { ...content, trust: w.trust, ledgerStatus });
      expect(failures(report)).toEqual(expected);
      expect(statusOf(report, 'signature.seal-ledger-status').status).toBe(expected.length ? 'fail' : 'pass');
    });
  });

  it('an external signing time (e.g. the ledger anchor) is used for every time-dependent check', async () => {
    const w = world();
    const { signature } = await signedFixture(w);
    const report = await verifySesSignature(signature, {
      ...content,
      trust: w.trust,
      signingTimeSource: { kind: 'external', at: new Date('2027-03-01T00:00:00Z'), label: 'ledger block 42' },
    });
    expect(report.signingTimeSource).toBe('ledger block 42');
    expect(failures(report)).toEqual(['seal.validity:SEAL_OUT_OF_VALIDITY']);
  });

  it('unreadable input and missing content throw coded errors; verification failures never throw', async () => {
    const w = world();
    await expectCodeAsync(verifySesSignature(new Uint8Array([0x30, 0x80]), { ...content, trust: w.trust }), 'BAD_ASN1');
    await expectCodeAsync(verifySesSignature(der.seq(der.int(1)), { ...content, trust: w.trust }), 'SEAL_FORMAT_INVALID');
    const { signature } = await signedFixture(w);
    await expectCodeAsync(verifySesSignature(signature, { trust: w.trust } as never), 'VALIDATION_FAILED');
  });
});

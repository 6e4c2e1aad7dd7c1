import { sm2Sign } from '../../crypto/sm2';
import { Sm2PrivateKey } from '../../crypto/sm2-keys';
import { sm3 } from '../../crypto/sm3';
import { SealOid } from '../../seal/oids';
import { encodeSesSignature, encodeTbsSign } from '../../seal/signature-encode';
import { PROTECTED, T, world } from '../../seal/__tests__/fixtures';
import { makeSeal } from '../../seal/make-seal';
import { sealInput } from '../../seal/__tests__/fixtures';
import { tsaFixture, type TsaFixture } from '../../timestamp/__tests__/tsa-fixture';
import { toPem } from '../../x509/pem';
import { DAY, clone, documentBundle, failCodes, fixtureNode, type FixtureNode } from './__tests__/bundle-fixture';
import type { BundleTrust } from './bundle-trust';
import type { ProofBundleV2 } from './bundle-types';
import { verifyProofBundleV2 } from './verify-bundle';

const flip = (base64: string, at: number) => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[at]! ^= 0x01;
  return bytes.toString('base64');
};

/** A real SES_Signature whose token a real (development) TSA made over its signature value. */
async function timeStampedSignature(tsa: TsaFixture, genTime?: Date): Promise<Uint8Array> {
  const w = world();
  const tbsSign = encodeTbsSign({
    version: 4,
    eseal: await makeSeal(sealInput(w)),
    timeInfo: T.signing,
    dataHash: sm3(PROTECTED),
    propertyInfo: '0 1000 2000 500',
  });
  const signatureValue = sm2Sign(w.holder.key, tbsSign);
  const timeStamp = await tsa.stamp(signatureValue, genTime ? { genTime } : {});
  return encodeSesSignature({ tbsSign, signerCert: w.holder.cert, signatureAlgorithm: SealOid.SM2_WITH_SM3, signatureValue, timeStamp });
}

describe('proof bundle v2: court-chain receipts, time-stamp tokens and compromise times, offline', () => {
  let node: FixtureNode;
  let tsa: TsaFixture;
  const court = { chain: 'court-sim', key: Sm2PrivateKey.generate() };
  const courtKeys = [{ chain: court.chain, publicKey: Buffer.from(court.key.publicKey.point).toString('hex') }];
  let trust: BundleTrust;
  let bundle: ProofBundleV2;

  beforeAll(async () => {
    node = await fixtureNode();
    tsa = await tsaFixture();
    trust = node.trust({
      caCertificates: [...node.ca.chain(), ...tsa.ca.chain()].map((c) => toPem(c.der)),
      courtKeys,
    });
    bundle = await documentBundle(node, { signatures: 2, sesSignatures: [await timeStampedSignature(tsa)], court });
  });

  it('checks each receipt against the court key and each token against the TSA chain, naming the anchors', () => {
    const result = verifyProofBundleV2(clone(bundle), trust);
    expect(result.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(result.verdict).toBe('VALID');
    const receipt = result.checks.find((c) => c.id === 'signatures[1].courtReceipts[0]')!;
    expect(receipt.message).toMatch(/^court chain court-sim recorded batch batch_\w+ as evidence CCE-\w+ \(tx [0-9a-f]{64}, height 42\)/);
    expect(receipt.anchor).toBe('court-chain key of court-sim (trust file)');
    const stamp = result.checks.find((c) => c.id === 'signatures[0].timeStampToken')!;
    expect(stamp.message).toMatch(/^time-stamped at .*Z over the anchored signature's value$/);
    expect(stamp.anchor).toMatch(/^time-stamp authority .*时间戳服务/);
  });

  it('gives each tampered receipt and token its own code', async () => {
    const other = await documentBundle(node, { signatures: 1, sesSignatures: [await timeStampedSignature(tsa)], court });
    const cases: Array<[string, (b: ProofBundleV2) => void, string]> = [
      [
        'a byte of the receipt',
        (b) => void (b.signatures[0]!.courtReceipts![0]!.receipt = flip(b.signatures[0]!.courtReceipts![0]!.receipt, 5)),
        'BUNDLE_COURT_RECEIPT_INVALID',
      ],
      [
        'a byte of the court signature',
        (b) => void (b.signatures[0]!.courtReceipts![0]!.signature = flip(b.signatures[0]!.courtReceipts![0]!.signature!, 20)),
        'BUNDLE_COURT_RECEIPT_INVALID',
      ],
      ["the receipt's signature removed", (b) => void delete b.signatures[0]!.courtReceipts![0]!.signature, 'BUNDLE_COURT_RECEIPT_INVALID'],
      ['the height shown', (b) => void (b.signatures[0]!.courtReceipts![0]!.blockHeight = 43), 'BUNDLE_COURT_RECEIPT_MISMATCH'],
      [
        'a genuine receipt of another batch',
        (b) => void (b.signatures[0]!.courtReceipts = other.signatures[0]!.courtReceipts),
        'BUNDLE_COURT_RECEIPT_MISMATCH',
      ],
      [
        'a byte of the token',
        (b) => void (b.signatures[0]!.timeStampToken = flip(b.signatures[0]!.timeStampToken!, 60)),
        'BUNDLE_TIMESTAMP_MISMATCH',
      ],
      [
        'a byte of the SES_Signature',
        (b) => void (b.signatures[0]!.sesSignature = flip(b.signatures[0]!.sesSignature!, 300)),
        'BUNDLE_TIMESTAMP_MISMATCH',
      ],
      [
        'a genuine signature and token of another entry',
        (b) => {
          b.signatures[0]!.sesSignature = other.signatures[0]!.sesSignature;
          b.signatures[0]!.timeStampToken = other.signatures[0]!.timeStampToken;
        },
        'BUNDLE_TIMESTAMP_MISMATCH',
      ],
    ];
    for (const [what, tamper, code] of cases) {
      const b = clone(bundle);
      tamper(b);
      expect([what, failCodes(b, trust)]).toEqual([what, [code]]);
    }
  });

  it('refuses a token of a TSA the trust file does not certify, and one whose signature does not hold', async () => {
    const stranger = await tsaFixture();
    const foreign = await documentBundle(node, { signatures: 1, sesSignatures: [await timeStampedSignature(stranger)] });
    expect(failCodes(foreign, trust)).toEqual(['BUNDLE_TIMESTAMP_UNTRUSTED']);

    // Signed with a key other than the certificate's, then embedded consistently: only the TSA signature is wrong.
    const forgedTsa: TsaFixture = {
      ...tsa,
      stamp: (value, options = {}) => tsa.stamp(value, { ...options, key: Sm2PrivateKey.generate() }),
    };
    const forged = await documentBundle(node, { signatures: 1, sesSignatures: [await timeStampedSignature(forgedTsa)] });
    expect(failCodes(forged, trust)).toEqual(['BUNDLE_TIMESTAMP_INVALID']);
  });

  it('refuses a token earlier than the signing time claimed', async () => {
    const early = await documentBundle(node, {
      signatures: 1,
      sesSignatures: [await timeStampedSignature(tsa, new Date(Date.now() - 9 * DAY))],
    });
    expect(failCodes(early, trust)).toEqual(['BUNDLE_TIMESTAMP_MISMATCH']);
  });

  it('a court key that is not an SM2 point is a malformed trust file', () => {
    expect(() => node.trust({ courtKeys: [{ chain: 'x', publicKey: '04' + '00'.repeat(64) }] })).toThrow(/SM2 point/);
  });

  it('judges a key leak from the compromise time the ledger recorded, not from the revocation', async () => {
    // Signed 5 days ago (claimed), anchored 4 days ago, revoked 1 day ago with the key reported leaked 6 days ago.
    const leakedBefore = await documentBundle(node, {
      signatures: 1,
      revoke: { at: new Date(Date.now() - DAY), reason: 'KEY_LEAKED', compromisedAt: new Date(Date.now() - 6 * DAY) },
    });
    const before = verifyProofBundleV2(leakedBefore, trust);
    expect(before.checks.filter((c) => c.status === 'fail').map((c) => c.code)).toEqual(['SEAL_REVOKED']);
    expect(before.checks.find((c) => c.id === 'signatures[0].seal')!.message).toMatch(
      /was revoked at .* \(reason KEY_LEAKED, key reported compromised from .*Z\), before the signature at /,
    );

    // Reported leaked 4.5 days ago: after the claimed signing time, before the anchor proves it.
    const leakedBeforeAnchor = await documentBundle(node, {
      signatures: 1,
      revoke: { at: new Date(Date.now() - DAY), reason: 'KEY_LEAKED', compromisedAt: new Date(Date.now() - 4.5 * DAY) },
    });
    expect(failCodes(leakedBeforeAnchor, trust)).toEqual(['SEAL_REVOKED']);

    // Reported leaked 3 days ago: the anchor proves the signature came first.
    const leakedAfterAnchor = await documentBundle(node, {
      signatures: 1,
      revoke: { at: new Date(Date.now() - DAY), reason: 'KEY_LEAKED', compromisedAt: new Date(Date.now() - 3 * DAY) },
    });
    expect(verifyProofBundleV2(leakedAfterAnchor, trust).verdict).toBe('VALID');

    // The compromise time is part of the attested record: changing it breaks the node's signature.
    const edited = clone(leakedBefore);
    const last = edited.seals[0]!.history.at(-1) as { statement: string };
    last.statement = last.statement.replace(/"compromisedAt":"[^"]+"/, `"compromisedAt":"${new Date(Date.now() - 2 * DAY).toISOString()}"`);
    expect(failCodes(edited, trust)).toEqual(expect.arrayContaining(['BUNDLE_ATTESTATION_INVALID']));
  });
});

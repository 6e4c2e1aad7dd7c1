/** TEST-ONLY: one CA, a seal maker and a seal holder with real SM2 keys and certificates, a V4 seal and a signature. */
import { sm2Sign } from '../../crypto/sm2';
import { Sm2PrivateKey } from '../../crypto/sm2-keys';
import { SealOid } from '../oids';
import { encodeSesSignature, encodeTbsSign } from '../signature-encode';
import { sm3 } from '../../crypto/sm3';
import { makeSeal, type MakeSealInput } from '../make-seal';
import { makeSesSignature } from '../make-signature';
import type { SealTrust } from '../verify';
import { LocalSm2Signer } from '../../crypto/signer';
import { type TestTrustOptions, buildTestCertificate, makeTestTrust } from './test-certificates';

export const T = {
  certStart: new Date('2026-01-01T00:00:00Z'),
  certEnd: new Date('2027-12-31T00:00:00Z'),
  sealCreate: new Date('2026-01-10T02:00:00Z'),
  sealStart: new Date('2026-01-10T00:00:00Z'),
  sealEnd: new Date('2027-01-10T00:00:00Z'),
  signing: new Date('2026-06-01T08:30:00Z'),
};

/** A tiny valid PNG signature plus filler: content is opaque to seal data. */
export const PICTURE = {
  type: 'PNG',
  data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
  width: 40,
  height: 40,
};

export interface Party {
  key: Sm2PrivateKey;
  cert: Uint8Array;
}

export interface World {
  caKey: Sm2PrivateKey;
  maker: Party;
  holder: Party;
  /** A certificate from the same CA that the seal does not list. */
  stranger: Party;
  trust: SealTrust;
  trustWith(options: Partial<TestTrustOptions>, extra?: Partial<SealTrust>): SealTrust;
  issue(subject: string, serial: bigint, notBefore?: Date, notAfter?: Date, key?: Sm2PrivateKey): Party;
}

let cached: World | undefined;

export function world(): World {
  if (cached) return cached;
  const caKey = Sm2PrivateKey.generate();
  const issue = (
    subject: string,
    serial: bigint,
    notBefore = T.certStart,
    notAfter = T.certEnd,
    key = Sm2PrivateKey.generate(),
  ): Party => ({
    key,
    cert: buildTestCertificate({
      subject,
      subjectKey: key.publicKey,
      issuer: 'Test Root CA',
      issuerKey: caKey,
      serial,
      notBefore,
      notAfter,
    }),
  });
  cached = {
    caKey,
    maker: issue('Seal Maker', 0x1001n),
    holder: issue('Seal Holder', 0x2002n),
    stranger: issue('Stranger', 0x3003n),
    trust: makeTestTrust({ caKey: caKey.publicKey }),
    trustWith: (options, extra) => makeTestTrust({ caKey: caKey.publicKey, ...options }, extra),
    issue,
  };
  return cached;
}

export function sealInput(w: World, overrides: Partial<MakeSealInput> = {}): MakeSealInput {
  return {
    esID: '12010000000001',
    vid: 'eseal-test',
    type: 1,
    name: '天津测试有限公司合同专用章',
    certs: [w.holder.cert],
    createDate: T.sealCreate,
    validStart: T.sealStart,
    validEnd: T.sealEnd,
    picture: PICTURE,
    makerCert: w.maker.cert,
    makerSigner: new LocalSm2Signer(w.maker.key),
    ...overrides,
  };
}

export const PROTECTED = new Uint8Array(Buffer.from('%PDF-1.7 ... the /ByteRange bytes of a document ...'));

export async function signedFixture(w: World = world(), overrides: Partial<MakeSealInput> = {}) {
  const seal = await makeSeal(sealInput(w, overrides));
  const signature = await makeSesSignature({
    eseal: seal,
    timeInfo: T.signing,
    dataHash: sm3(PROTECTED),
    propertyInfo: '0 1000 2000 500',
    signerCert: w.holder.cert,
    signer: new LocalSm2Signer(w.holder.key),
  });
  return { seal, signature };
}

export interface RawSignatureInput {
  seal: Uint8Array;
  signer: Party;
  timeInfo?: Date;
  dataHash?: Uint8Array;
  tbsVersion?: number;
  propertyInfo?: string;
  timeStamp?: (signatureValue: Uint8Array) => Uint8Array;
}

/** Builds an SES_Signature without makeSesSignature's guards, to produce data the verifier must reject. */
export function rawSignature(input: RawSignatureInput): Uint8Array {
  const tbsSign = encodeTbsSign({
    version: input.tbsVersion ?? 4,
    eseal: input.seal,
    timeInfo: input.timeInfo ?? T.signing,
    dataHash: input.dataHash ?? sm3(PROTECTED),
    propertyInfo: input.propertyInfo ?? 'p',
  });
  const signatureValue = sm2Sign(input.signer.key, tbsSign);
  return encodeSesSignature({
    tbsSign,
    signerCert: input.signer.cert,
    signatureAlgorithm: SealOid.SM2_WITH_SM3,
    signatureValue,
    timeStamp: input.timeStamp?.(signatureValue),
  });
}

/**
 * Golden fixtures: certificates and keys made by OpenSSL (an independent X.509/SM2 producer), a seal and a
 * signature made by this module with them. Pins the byte format: a change in encoding fails here first.
 * Regenerate seal.der / signature.der with REGENERATE_SEAL_FIXTURES=1 (see __fixtures__/README.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sm2PrivateKey } from '../crypto/sm2-keys';
import { sm3 } from '../crypto/sm3';
import { Certificate } from '../x509/certificate';
import { PICTURE } from './__tests__/fixtures';
import { LocalSm2Signer } from '../crypto/signer';
import { failures } from './__tests__/report-helpers';
import { makeSeal } from './make-seal';
import { makeSesSignature } from './make-signature';
import { decodeSeal } from './seal-decode';
import { encodeSeal } from './seal-encode';
import { decodeSesSignature } from './signature-decode';
import { encodeSesSignature } from './signature-encode';
import { sealTrustFromX509, verifySesSignature } from './verify';

const dir = join(__dirname, '__fixtures__');
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const pemKey = (name: string) =>
  Sm2PrivateKey.fromDer(new Uint8Array(Buffer.from(readFileSync(join(dir, name), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64')));
const SIGNING = new Date('2027-01-15T02:00:00Z');

async function regenerate(): Promise<void> {
  const seal = await makeSeal({
    esID: '12010000000077',
    vid: 'golden',
    type: 1,
    name: '测试单位合同专用章',
    certs: [read('holder-cert.der')],
    createDate: new Date('2026-12-01T00:00:00Z'),
    validStart: new Date('2026-12-01T00:00:00Z'),
    validEnd: new Date('2027-12-01T00:00:00Z'),
    picture: PICTURE,
    extDatas: [{ extnID: '1.2.156.112562.1', critical: false, extnValue: new Uint8Array(Buffer.from('golden')) }],
    makerCert: read('maker-cert.der'),
    makerSigner: new LocalSm2Signer(pemKey('maker-key.pem')),
  });
  const signature = await makeSesSignature({
    eseal: seal,
    timeInfo: SIGNING,
    dataHash: sm3(read('protected.bin')),
    propertyInfo: '0 100 200 300',
    signerCert: read('holder-cert.der'),
    signer: new LocalSm2Signer(pemKey('holder-key.pem')),
  });
  writeFileSync(join(dir, 'seal.der'), seal);
  writeFileSync(join(dir, 'signature.der'), signature);
}

describe('golden seal data (OpenSSL certificates)', () => {
  beforeAll(async () => {
    if (process.env.REGENERATE_SEAL_FIXTURES === '1') await regenerate();
  });

  it('re-encodes the stored seal and signature byte for byte', () => {
    const seal = read('seal.der');
    const signature = read('signature.der');
    expect(Buffer.from(encodeSeal(decodeSeal(seal)))).toEqual(Buffer.from(seal));
    const sig = decodeSesSignature(signature);
    expect(Buffer.from(encodeSesSignature({ ...sig, tbsSign: sig.signedBytes }))).toEqual(Buffer.from(signature));
    expect(Buffer.from(sig.seal.raw)).toEqual(Buffer.from(seal));
    expect(sig.seal.sealInfo.extDatas).toEqual([
      { extnID: '1.2.156.112562.1', critical: false, extnValue: new Uint8Array(Buffer.from('golden')) },
    ]);
  });

  it('verifies with the x509 module parsing OpenSSL-made certificates', async () => {
    const anchors = [Certificate.fromDer(read('maker-cert.der')), Certificate.fromDer(read('holder-cert.der'))];
    const report = await verifySesSignature(read('signature.der'), {
      protectedBytes: read('protected.bin'),
      trust: sealTrustFromX509({ trustAnchors: anchors }),
    });
    expect(failures(report)).toEqual([]);
    expect(report.signingTime).toEqual(SIGNING);
  });

  it('fails DATA_HASH_MISMATCH for other content and CERT_CHAIN_INVALID without the anchors', async () => {
    const maker = Certificate.fromDer(read('maker-cert.der'));
    const report = await verifySesSignature(read('signature.der'), {
      protectedBytes: new Uint8Array([1]),
      trust: sealTrustFromX509({ trustAnchors: [maker] }),
    });
    expect(failures(report)).toEqual(['signature.signer-certificate:CERT_CHAIN_INVALID', 'signature.data-hash:DATA_HASH_MISMATCH']);
  });
});

/** TEST-ONLY: a development CA, a seal maker and holder, a sealed PDF (time-stamped) and the service's archive signer. */
import { LocalSm2Signer } from '../../crypto/signer';
import { Sm2PrivateKey } from '../../crypto/sm2-keys';
import { sm3 } from '../../crypto/sm3';
import { signPdf } from '../../pdf';
import { minimalPdf, sealImprint } from '../../pdf/__tests__/helpers';
import { makeSeal, makeSesSignature } from '../../seal';
import { PICTURE } from '../../seal/__tests__/fixtures';
import { DEFAULT_TSA_POLICY, TspOid, makeTimeStampToken } from '../../timestamp';
import { verifySignedDocument } from '../../verify';
import { pdfPropertyInfo } from '../../verify/property-info';
import { sealTrustFromX509 } from '../../seal/verify/x509-trust';
import { timeStampTrustFromX509 } from '../../timestamp/seal-trust';
import type { Certificate } from '../../x509/certificate';
import { DevelopmentCertificateAuthority } from '../../x509/development-ca';
import { localTbsSigner } from '../../x509/signer';
import { createArchivePackage } from '../create-package';
import type { ArchiveSigner } from '../write-package';

export interface ArchiveWorld {
  ca: DevelopmentCertificateAuthority;
  anchors: Certificate[];
  signedPdf: Uint8Array;
  archiver: ArchiveSigner;
  /** A package of `document` (the signed PDF by default), made as the service makes one. */
  packageOf(document?: Uint8Array, signer?: ArchiveSigner): Promise<Uint8Array>;
}

/** `ca`: the CA everything is issued under (a CLI test passes the one of its data folder); a new one by default. */
export async function archiveWorld(ca?: DevelopmentCertificateAuthority): Promise<ArchiveWorld> {
  ca ??= await DevelopmentCertificateAuthority.create();
  const now = Date.now();
  const validity = { notBefore: new Date(now - 30 * 60_000), notAfter: new Date(now + 365 * 86_400_000) };
  const party = async (commonName: string, profile: 'seal' | 'signer' | 'tsa') => {
    const key = Sm2PrivateKey.generate();
    const cert = await ca.issue({ subject: { country: 'CN', commonName }, publicKey: key.publicKey, ...validity, profile });
    return { key, cert };
  };
  const [maker, holder, tsa, archive] = await Promise.all([
    party('Seal maker', 'signer'),
    party('合同专用章', 'seal'),
    party('TSA', 'tsa'),
    party('Archive service', 'signer'),
  ]);
  const seal = await makeSeal({
    esID: '12010000009901',
    vid: 'eseal-test',
    type: 1,
    name: '天津测试有限公司合同专用章',
    certs: [holder.cert.der],
    createDate: validity.notBefore,
    validStart: validity.notBefore,
    validEnd: validity.notAfter,
    picture: PICTURE,
    makerCert: maker.cert.der,
    makerSigner: new LocalSm2Signer(maker.key),
  });
  const at = new Date(Math.floor(now / 1000) * 1000);
  const signed = await signPdf(
    minimalPdf(),
    { page: 1, position: { xMm: 20, yMm: 20 }, imprint: { png: sealImprint(40), widthMm: 30, heightMm: 30 }, signingTime: at },
    (input) =>
      makeSesSignature({
        eseal: seal,
        timeInfo: at,
        dataHash: input.sm3,
        propertyInfo: pdfPropertyInfo(input.byteRange),
        signerCert: holder.cert.der,
        signer: new LocalSm2Signer(holder.key),
        timeStamp: (value) =>
          makeTimeStampToken({
            info: {
              policy: DEFAULT_TSA_POLICY,
              hashAlgorithm: TspOid.SM3,
              hashedMessage: sm3(value),
              serialNumber: 1n,
              genTime: new Date(),
            },
            signer: localTbsSigner(tsa.key),
            certificate: tsa.cert,
            includeCertificate: true,
          }),
      }),
  );
  const chain = ca.chain();
  const anchors = chain.slice(-1);
  const archiver: ArchiveSigner = { signer: new LocalSm2Signer(archive.key), certificates: [archive.cert.der, ...chain.map((c) => c.der)] };
  return {
    ca,
    anchors,
    signedPdf: signed.pdf,
    archiver,
    async packageOf(document = signed.pdf, signer = archiver) {
      const crl = await ca.currentCrl();
      const material = { trustAnchors: anchors, intermediates: chain.slice(0, -1), crls: [crl] };
      const report = await verifySignedDocument(signed.pdf, {
        trust: sealTrustFromX509({ ...material, verifyTimeStampToken: timeStampTrustFromX509(material) }),
      });
      return createArchivePackage({
        document,
        metadata: { title: '采购合同', responsible: '天津测试有限公司', retention: 'PERMANENT' },
        caCertificates: chain.slice(0, -1).map((c) => c.der),
        crl: crl.der,
        verificationReport: report,
        createdAt: new Date(),
        signer,
      });
    },
  };
}

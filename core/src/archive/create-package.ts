import { sm3Hex } from '../crypto/sm3';
import { SealError } from '../errors';
import { inspectOfdSignatures, isZipFile } from '../ofd';
import { inspectPdfSignatures } from '../pdf';
import { decodeSesSignature } from '../seal/signature-decode';
import type { DecodedSesSignature } from '../seal/model';
import { writeMetadata } from './metadata';
import type { ArchiveEntity, ArchiveMetadata } from './model';
import { type ArchiveSigner, writeArchivePackage } from './write-package';

export interface CreateArchiveInput {
  document: Uint8Array;
  metadata: Omit<ArchiveMetadata, 'signatures' | 'classification'> & { classification?: 'NONE' };
  /** The CA certificates (DER) the seal and signer certificates chain to, issuing CA first. */
  caCertificates: readonly Uint8Array[];
  /** The CA's CRL (DER) at archiving time: the revocation snapshot. */
  crl: Uint8Array;
  /** The verification report made at archiving (JSON), with the time the record was judged by. */
  verificationReport: {
    signatures: ReadonlyArray<{
      esID?: string;
      sealName?: string;
      signingTime?: string;
      signingTimeSource?: string;
      signerSubject?: string;
    }>;
  };
  /** Proof bundle v2 of the document (JSON), when the evidence is there; its court receipts are also kept apart. */
  proofBundle?: { signatures?: ReadonlyArray<{ courtReceipts?: unknown[] }> } & Record<string, unknown>;
  /** The court chains' receipts as the relay stored them; default: those the proof bundle carries. */
  courtReceipts?: readonly unknown[];
  createdAt: Date;
  signer: ArchiveSigner;
}

/**
 * Gather a sealed document's archive package: the document, each signature's seal data (SESeal),
 * signer certificate and time-stamp token taken from the document itself, the CA certificates and
 * CRL snapshot, the proof bundle and court receipts, the verification report and DA/T 46 metadata,
 * signed by the service (writeArchivePackage).
 */
export async function createArchivePackage(input: CreateArchiveInput): Promise<Uint8Array> {
  const ofd = isZipFile(input.document);
  const signatures = sesSignaturesOf(input.document, ofd);
  if (signatures.length === 0)
    throw new SealError('VALIDATION_FAILED', 'only a sealed document is archived: this one has no readable seal signature');
  const json = (value: unknown) => new Uint8Array(Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'));
  const fileName = ofd ? 'document.ofd' : 'document.pdf';
  const entities: ArchiveEntity[] = [
    { name: fileName, role: 'document', mediaType: ofd ? 'application/ofd' : 'application/pdf', bytes: input.document },
  ];
  const seen = new Set<string>();
  const once = (entity: ArchiveEntity) => {
    const key = sm3Hex(entity.bytes);
    if (seen.has(key)) return;
    seen.add(key);
    entities.push(entity);
  };
  signatures.forEach((sig, i) => {
    once({
      name: `seal-${sig.seal.sealInfo.esID.replace(/[^A-Za-z0-9._-]/g, '_')}.esl`,
      role: 'seal-data',
      mediaType: 'application/octet-stream',
      bytes: sig.seal.raw,
    });
    once({ name: `signer-${i + 1}.cer`, role: 'certificate', mediaType: 'application/pkix-cert', bytes: sig.signerCert });
    if (sig.timeStamp)
      once({ name: `signature-${i + 1}.tst`, role: 'time-stamp-token', mediaType: 'application/timestamp-token', bytes: sig.timeStamp });
  });
  input.caCertificates.forEach((der, i) =>
    once({ name: `ca-${i + 1}.cer`, role: 'certificate', mediaType: 'application/pkix-cert', bytes: der }),
  );
  entities.push({ name: 'ca.crl', role: 'crl', mediaType: 'application/pkix-crl', bytes: input.crl });
  if (input.proofBundle)
    entities.push({ name: 'proof-bundle.json', role: 'proof-bundle', mediaType: 'application/json', bytes: json(input.proofBundle) });
  const receipts = input.courtReceipts ?? (input.proofBundle?.signatures ?? []).flatMap((s) => s.courtReceipts ?? []);
  if (receipts.length > 0)
    entities.push({ name: 'court-receipts.json', role: 'court-receipts', mediaType: 'application/json', bytes: json(receipts) });
  entities.push({
    name: 'verification-report.json',
    role: 'verification-report',
    mediaType: 'application/json',
    bytes: json(input.verificationReport),
  });
  const metadata: ArchiveMetadata = {
    ...input.metadata,
    classification: input.metadata.classification ?? 'NONE',
    signatures: input.verificationReport.signatures.map((s) => ({
      esID: s.esID ?? '',
      sealName: s.sealName ?? '',
      signingTime: s.signingTime ?? '',
      signingTimeSource: s.signingTimeSource ?? '',
      ...(s.signerSubject ? { signer: s.signerSubject } : {}),
    })),
  };
  entities.push({
    name: 'metadata.xml',
    role: 'metadata',
    mediaType: 'application/xml',
    bytes: writeMetadata(
      metadata,
      { fileName, format: ofd ? 'OFD' : 'PDF', size: input.document.length, sm3: sm3Hex(input.document) },
      input.createdAt,
    ),
  });
  return writeArchivePackage({ entities, createdAt: input.createdAt, signer: input.signer });
}

function sesSignaturesOf(document: Uint8Array, ofd: boolean): DecodedSesSignature[] {
  const containers = ofd
    ? inspectOfdSignatures(document).signatures.flatMap((s) => (s.signedValue ? [s.signedValue] : []))
    : inspectPdfSignatures(document).signatures.map((s) => s.contents);
  return containers.flatMap((bytes) => {
    try {
      return [decodeSesSignature(bytes)];
    } catch {
      return []; // an unreadable signature shows in the verification report; it has nothing to archive
    }
  });
}

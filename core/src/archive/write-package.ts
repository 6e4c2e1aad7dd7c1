import { SealError } from '../errors';
import { sm3Hex } from '../crypto/sm3';
import { signMessage, type Sm2Signer } from '../crypto/signer';
import { Certificate } from '../x509/certificate';
import { xmlAttributes, xmlEscape, XML_DECLARATION } from '../ofd/xml-write';
import { writeManifest } from './manifest';
import { ARCHIVE_NAMESPACE, type ArchiveEntity, ENTITY_ROLES, MEDIA_TYPES } from './model';

export interface ArchiveSigner {
  signer: Sm2Signer;
  /** The signer's certificate (DER), then the CA certificates above it. */
  certificates: readonly Uint8Array[];
}

export const SAFE_ENTITY_NAME = /^(?!\.)[A-Za-z0-9._-]{1,100}$/;
const SM2_WITH_SM3 = '1.2.156.10197.1.501';

/**
 * Writes the package: every entity base64 in an Entity element with its role, media type, SM3 and
 * size; the SM3 manifest of them all; and the service's SM2 signature over the manifest bytes, with
 * its certificate chain. Refuses names, roles or media types the checker would refuse.
 */
export async function writeArchivePackage(input: {
  entities: readonly ArchiveEntity[];
  createdAt: Date;
  signer: ArchiveSigner;
}): Promise<Uint8Array> {
  const names = new Set<string>();
  for (const e of input.entities) {
    if (!SAFE_ENTITY_NAME.test(e.name) || names.has(e.name))
      throw invalid(`entity name ${JSON.stringify(e.name)} is not safe or not unique`);
    if (!ENTITY_ROLES.includes(e.role) || !MEDIA_TYPES[e.role].includes(e.mediaType))
      throw invalid(`entity ${e.name}: role ${e.role} with media type ${e.mediaType} is not allowed`);
    names.add(e.name);
  }
  const manifest = writeManifest(input.createdAt, input.entities);
  const signatureValue = await signMessage(input.signer.signer, manifest);
  const signerCert = Certificate.fromDer(input.signer.certificates[0] ?? new Uint8Array());
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const entities = [...input.entities].map(
    (e) =>
      `    <Entity${xmlAttributes(
        Object.entries({ name: e.name, role: e.role, mediaType: e.mediaType, sm3: sm3Hex(e.bytes), size: String(e.bytes.length) }),
      )}>${b64(e.bytes)}</Entity>`,
  );
  const xml = [
    XML_DECLARATION,
    `<EEP xmlns="${ARCHIVE_NAMESPACE}" version="1">`,
    '  <FormatDescription>Electronic record encapsulation package after DA/T 48-2009 (XML), metadata after DA/T 46-2009; entities base64, SM3 manifest, SM2 signature (GB/T 35276) over the manifest.</FormatDescription>',
    '  <SignedObject>',
    ...entities,
    `    <Manifest algorithm="SM3">${b64(manifest)}</Manifest>`,
    '  </SignedObject>',
    '  <SignatureBlock>',
    `    <SignatureTime>${input.createdAt.toISOString()}</SignatureTime>`,
    `    <SignatureAlgorithm>${SM2_WITH_SM3}</SignatureAlgorithm>`,
    `    <Signer>${xmlEscape(signerCert.subjectText)}</Signer>`,
    `    <SignatureValue>${b64(signatureValue)}</SignatureValue>`,
    ...input.signer.certificates.map((c) => `    <Certificate>${b64(c)}</Certificate>`),
    '  </SignatureBlock>',
    '</EEP>',
    '',
  ].join('\n');
  return new Uint8Array(Buffer.from(xml, 'utf8'));
}

function invalid(message: string): SealError {
  return new SealError('ARCHIVE_MALFORMED', message);
}

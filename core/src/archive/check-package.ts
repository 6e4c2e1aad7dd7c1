import { sm2Verify } from '../crypto/sm2';
import { sm3Hex } from '../crypto/sm3';
import { isSealError } from '../errors';
import { parseProofBundleV2 } from '../evidence/bundle-v2/parse-bundle';
import { parseXml, childrenNamed } from '../ofd/xml-read';
import { isZipFile } from '../ofd';
import { sealTrustFromX509 } from '../seal/verify/x509-trust';
import { decodeSeal } from '../seal/seal-decode';
import { readTimeStampToken } from '../timestamp/token-read';
import { timeStampTrustFromX509 } from '../timestamp/seal-trust';
import { verifySignedDocument } from '../verify/verify-signed-document';
import { Certificate } from '../x509/certificate';
import { Crl } from '../x509/crl';
import { verifyCertificateChain } from '../x509/verify/chain';
import { type Manifest, readManifest } from './manifest';
import { REQUIRED_METADATA } from './metadata';
import { ENTITY_ROLES, MEDIA_TYPES, REQUIRED_ROLES } from './model';
import { ARCHIVE_LIMITS, type PackageEntity, type ReadPackage, readArchivePackage } from './read-package';
import { SAFE_ENTITY_NAME } from './write-package';

/** The four properties of an archived record (四性): 真实性, 完整性, 可用性, 安全性. */
export type ArchiveProperty = 'authenticity' | 'integrity' | 'usability' | 'security';

/** Why a property fails, one code per kind of finding: what a program reading the JSON report matches on. */
export const ARCHIVE_FINDING_CODES = [
  'PACKAGE_TOO_LARGE',
  'PACKAGE_XML_REFUSED',
  'PACKAGE_UNREADABLE',
  'NOT_CHECKED',
  'UNEXPECTED_CONTENT',
  'UNSAFE_ENTITY_NAME',
  'UNKNOWN_ROLE',
  'MEDIA_TYPE_NOT_ALLOWED',
  'ALGORITHM_NOT_ALLOWED',
  'DOCUMENT_ENCRYPTED',
  'MANIFEST_UNREADABLE',
  'ENTITY_NAME_REPEATED',
  'ENTITY_MISSING',
  'ENTITY_SM3_MISMATCH',
  'ENTITY_SIZE_MISMATCH',
  'ENTITY_ROLE_MISMATCH',
  'ENTITY_DECLARATION_MISMATCH',
  'ENTITY_NOT_IN_MANIFEST',
  'REQUIRED_ENTITY_MISSING',
  'DOCUMENT_REPEATED',
  'SIGNER_CERTIFICATE_UNREADABLE',
  'PACKAGE_SIGNATURE_INVALID',
  'SIGNATURE_TIME_MISMATCH',
  'SIGNER_UNTRUSTED',
  'DOCUMENT_SIGNATURE_INVALID',
  'DOCUMENT_UNREADABLE',
  'ENTITY_UNREADABLE',
] as const;
export type ArchiveFindingCode = (typeof ARCHIVE_FINDING_CODES)[number];

export interface PropertyResult {
  ok: boolean;
  /** What was checked and found, one line each; failures start with "FAIL". */
  findings: string[];
  /** The codes of the failures, each once, in the order found; empty when the property holds. */
  codes: ArchiveFindingCode[];
}

export interface ArchiveCheckReport {
  ok: boolean;
  createdAt?: string;
  signer?: string;
  /** The document's verdict when re-verified offline from the package's own certificates and CRL. */
  documentVerdict?: string;
  properties: Record<ArchiveProperty, PropertyResult>;
}

export interface ArchiveCheckOptions {
  /** Roots the package signer and the document's certificates must chain to. */
  trustAnchors: readonly Certificate[];
  /** Largest package accepted (security): default 64 MB. */
  maxBytes?: number;
}

const SM2_WITH_SM3 = '1.2.156.10197.1.501';

/**
 * Check an archive package for the four properties, each reported on its own:
 * - security: the package is within bounds, the XML has no DOCTYPE or entity tricks, entity names are
 *   plain file names, roles and media types are the format's, nothing unknown is inside, the
 *   algorithms are SM2/SM3;
 * - integrity: the manifest lists exactly the entities, each with its SM3 and size, and every
 *   required kind of entity is there;
 * - authenticity: the service's SM2 signature over the manifest verifies, its certificate chains to
 *   a trust anchor at the signing time, and the document's own seal signatures verify offline with
 *   the package's certificates, CRL snapshot and time-stamp tokens;
 * - usability: every entity reads as what it claims to be (the document as PDF/OFD, seal data as
 *   GB/T 38540, certificates, CRL, tokens, JSON, the metadata with its required fields).
 */
export async function checkArchivePackage(bytes: Uint8Array, options: ArchiveCheckOptions): Promise<ArchiveCheckReport> {
  const properties: Record<ArchiveProperty, PropertyResult> = {
    authenticity: { ok: true, findings: [], codes: [] },
    integrity: { ok: true, findings: [], codes: [] },
    usability: { ok: true, findings: [], codes: [] },
    security: { ok: true, findings: [], codes: [] },
  };
  const pass = (p: ArchiveProperty, text: string) => properties[p].findings.push(text);
  const fail: Fail = (p, code, text) => {
    properties[p].ok = false;
    properties[p].findings.push(`FAIL ${text}`);
    if (!properties[p].codes.includes(code)) properties[p].codes.push(code);
  };
  const finish = (extra: Partial<ArchiveCheckReport> = {}): ArchiveCheckReport => ({
    ok: Object.values(properties).every((p) => p.ok),
    ...extra,
    properties,
  });

  const maxBytes = options.maxBytes ?? ARCHIVE_LIMITS.maxXmlBytes;
  if (bytes.length > maxBytes) {
    fail('security', 'PACKAGE_TOO_LARGE', `the package is ${bytes.length} bytes, more than ${maxBytes}`);
    return notChecked(finish(), ['authenticity', 'integrity', 'usability']);
  }
  let pkg: ReadPackage;
  try {
    pkg = readArchivePackage(bytes);
  } catch (error) {
    const code = isSealError(error) ? error.code : 'INTERNAL';
    const message = isSealError(error) ? error.message : 'unreadable';
    if (code === 'ARCHIVE_MALFORMED') fail('usability', 'PACKAGE_UNREADABLE', `the package cannot be read: ${message}`);
    else fail('security', 'PACKAGE_XML_REFUSED', `the package XML was refused (${code}): ${message}`);
    return notChecked(
      finish(),
      code === 'ARCHIVE_MALFORMED' ? ['authenticity', 'integrity', 'security'] : ['authenticity', 'integrity', 'usability'],
    );
  }

  checkSecurity(pkg, pass, fail);
  const manifest = checkIntegrity(pkg, pass, fail);
  const signer = checkPackageSignature(pkg, manifest, options, pass, fail);
  const documentVerdict = await checkDocument(pkg, options, pass, fail);
  checkUsability(pkg, pass, fail);
  return finish({
    ...(manifest ? { createdAt: manifest.createdAt.toISOString() } : {}),
    ...(signer ? { signer } : {}),
    ...(documentVerdict ? { documentVerdict } : {}),
  });
}

type Note = (p: ArchiveProperty, text: string) => void;
type Fail = (p: ArchiveProperty, code: ArchiveFindingCode, text: string) => void;

function notChecked(report: ArchiveCheckReport, which: ArchiveProperty[]): ArchiveCheckReport {
  for (const p of which) {
    report.properties[p].ok = false;
    report.properties[p].findings.push('FAIL not checked: the package could not be read safely');
    if (!report.properties[p].codes.includes('NOT_CHECKED')) report.properties[p].codes.push('NOT_CHECKED');
  }
  report.ok = false;
  return report;
}

function checkSecurity(pkg: ReadPackage, pass: Note, fail: Fail): void {
  const problems: Array<{ code: ArchiveFindingCode; text: string }> = pkg.unexpected.map((u) => ({
    code: 'UNEXPECTED_CONTENT',
    text: `unexpected content ${u}`,
  }));
  for (const e of pkg.entities) {
    if (!SAFE_ENTITY_NAME.test(e.name))
      problems.push({ code: 'UNSAFE_ENTITY_NAME', text: `entity name ${JSON.stringify(e.name.slice(0, 100))} is not a plain file name` });
    if (!(ENTITY_ROLES as readonly string[]).includes(e.role))
      problems.push({ code: 'UNKNOWN_ROLE', text: `entity ${e.name} has unknown role ${JSON.stringify(e.role)}` });
    else if (!MEDIA_TYPES[e.role].includes(e.mediaType))
      problems.push({ code: 'MEDIA_TYPE_NOT_ALLOWED', text: `entity ${e.name}: media type ${e.mediaType} is not allowed for ${e.role}` });
  }
  if (pkg.signature.algorithm !== SM2_WITH_SM3)
    problems.push({ code: 'ALGORITHM_NOT_ALLOWED', text: `signature algorithm ${pkg.signature.algorithm} is not SM2 with SM3` });
  const document = pkg.entities.find((e) => e.role === 'document');
  if (document && !isZipFile(document.bytes) && Buffer.from(document.bytes).includes('/Encrypt'))
    problems.push({ code: 'DOCUMENT_ENCRYPTED', text: 'the document is encrypted: an archived record must be readable without a key' });
  for (const problem of problems) fail('security', problem.code, problem.text);
  if (problems.length === 0)
    pass('security', `${pkg.entities.length} entities, plain names, allowed roles and media types, SM2/SM3, no DOCTYPE or entities`);
}

function checkIntegrity(pkg: ReadPackage, pass: Note, fail: Fail): Manifest | undefined {
  let manifest: Manifest;
  try {
    manifest = readManifest(pkg.manifestBytes);
  } catch (error) {
    fail('integrity', 'MANIFEST_UNREADABLE', `the manifest cannot be read: ${isSealError(error) ? error.message : 'unreadable'}`);
    return undefined;
  }
  const byName = new Map<string, PackageEntity>(pkg.entities.map((e) => [e.name, e]));
  if (byName.size !== pkg.entities.length) fail('integrity', 'ENTITY_NAME_REPEATED', 'two entities have the same name');
  for (const line of manifest.lines) {
    const entity = byName.get(line.name);
    if (entity === undefined) {
      fail('integrity', 'ENTITY_MISSING', `${line.name} is in the manifest but not in the package`);
      continue;
    }
    const actual = sm3Hex(entity.bytes);
    if (actual !== line.sm3) fail('integrity', 'ENTITY_SM3_MISMATCH', `${line.name}: SM3 ${actual} is not the manifest's ${line.sm3}`);
    if (entity.bytes.length !== line.size)
      fail('integrity', 'ENTITY_SIZE_MISMATCH', `${line.name}: ${entity.bytes.length} bytes, the manifest says ${line.size}`);
    if (entity.role !== line.role)
      fail('integrity', 'ENTITY_ROLE_MISMATCH', `${line.name}: role ${entity.role}, the manifest says ${line.role}`);
    if (entity.declaredSm3 !== actual || entity.declaredSize !== entity.bytes.length)
      fail('integrity', 'ENTITY_DECLARATION_MISMATCH', `${line.name}: its declared SM3 or size is not its content's`);
  }
  const listed = new Set(manifest.lines.map((l) => l.name));
  for (const e of pkg.entities)
    if (!listed.has(e.name)) fail('integrity', 'ENTITY_NOT_IN_MANIFEST', `${e.name} is in the package but not in the manifest`);
  for (const role of REQUIRED_ROLES)
    if (!manifest.lines.some((l) => l.role === role)) fail('integrity', 'REQUIRED_ENTITY_MISSING', `no ${role} entity`);
  if (manifest.lines.filter((l) => l.role === 'document').length > 1) fail('integrity', 'DOCUMENT_REPEATED', 'more than one document');
  pass('integrity', `manifest of ${manifest.lines.length} entities, SM3 and size of each checked`);
  return manifest;
}

function checkPackageSignature(
  pkg: ReadPackage,
  manifest: Manifest | undefined,
  options: ArchiveCheckOptions,
  pass: Note,
  fail: Fail,
): string | undefined {
  let certificates: Certificate[];
  try {
    certificates = pkg.signature.certificates.map((der) => Certificate.fromDer(der));
  } catch {
    fail('authenticity', 'SIGNER_CERTIFICATE_UNREADABLE', 'a certificate of the signature block cannot be read');
    return undefined;
  }
  const signer = certificates[0];
  if (signer === undefined) {
    fail('authenticity', 'SIGNER_CERTIFICATE_UNREADABLE', 'the signature block has no certificate');
    return undefined;
  }
  if (!sm2Verify(signer.sm2PublicKey(), pkg.manifestBytes, pkg.signature.value))
    fail('authenticity', 'PACKAGE_SIGNATURE_INVALID', 'the package signature does not verify over the manifest');
  else pass('authenticity', `the package signature by ${signer.subjectText} verifies over the manifest`);
  const at = manifest?.createdAt ?? new Date(pkg.signature.time);
  if (pkg.signature.time !== manifest?.createdAt.toISOString())
    fail('authenticity', 'SIGNATURE_TIME_MISMATCH', 'the signature time is not the signed creation time');
  try {
    verifyCertificateChain(signer, {
      trustAnchors: options.trustAnchors,
      intermediates: certificates.slice(1),
      at,
      requiredKeyUsage: ['digitalSignature'],
    });
    pass('authenticity', `the signer's certificate chains to a trust anchor at ${at.toISOString()}`);
  } catch (error) {
    fail(
      'authenticity',
      'SIGNER_UNTRUSTED',
      `the signer's certificate is not trusted at ${at.toISOString()}: ${isSealError(error) ? error.message : 'unreadable'}`,
    );
  }
  return signer.subjectText;
}

/** The sealed document re-verified offline: the package's CA certificates and CRL snapshot, no ledger. */
async function checkDocument(pkg: ReadPackage, options: ArchiveCheckOptions, pass: Note, fail: Fail): Promise<string | undefined> {
  const document = pkg.entities.find((e) => e.role === 'document');
  if (document === undefined) return undefined;
  const intermediates = pkg.entities.filter((e) => e.role === 'certificate').flatMap((e) => parsed(() => Certificate.fromDer(e.bytes)));
  const crls = pkg.entities.filter((e) => e.role === 'crl').flatMap((e) => parsed(() => Crl.fromDer(e.bytes)));
  const material = { trustAnchors: options.trustAnchors, intermediates, crls };
  try {
    const report = await verifySignedDocument(document.bytes, {
      trust: sealTrustFromX509({ ...material, verifyTimeStampToken: timeStampTrustFromX509(material) }),
    });
    const failedChecks = report.signatures.flatMap((s) =>
      s.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.code ?? ''}`),
    );
    if (report.verdict === 'INVALID' || failedChecks.length > 0)
      fail(
        'authenticity',
        'DOCUMENT_SIGNATURE_INVALID',
        `the document's seal signatures do not hold: ${failedChecks.join(', ') || report.verdict}`,
      );
    else
      pass(
        'authenticity',
        `the document's ${report.signatures.length} seal signature(s) verify offline (${report.verdict}; ledger checks need the ledger)`,
      );
    return report.verdict;
  } catch (error) {
    fail(
      'usability',
      'DOCUMENT_UNREADABLE',
      `the document cannot be read: ${isSealError(error) ? `${error.code} ${error.message}` : 'unreadable'}`,
    );
    return undefined;
  }
}

function checkUsability(pkg: ReadPackage, pass: Note, fail: Fail): void {
  let read = 0;
  for (const e of pkg.entities) {
    const problem = readAs(e);
    if (problem === undefined) read += 1;
    else fail('usability', 'ENTITY_UNREADABLE', `${e.name} (${e.role}): ${problem}`);
  }
  pass('usability', `${read} of ${pkg.entities.length} entities read as what they claim to be`);
}

function readAs(e: PackageEntity): string | undefined {
  try {
    switch (e.role) {
      case 'document':
        return undefined; // read by the document verification above
      case 'metadata': {
        const { root } = parseXml(e.bytes, ARCHIVE_LIMITS, 'metadata');
        const missing = REQUIRED_METADATA.filter(
          (name) => childrenNamed(root, name).length !== 1 || childrenNamed(root, name)[0]!.text.trim() === '',
        );
        return missing.length > 0 ? `metadata lacks ${missing.join(', ')}` : undefined;
      }
      case 'seal-data':
        decodeSeal(e.bytes);
        return undefined;
      case 'certificate':
        Certificate.fromDer(e.bytes);
        return undefined;
      case 'crl':
        Crl.fromDer(e.bytes);
        return undefined;
      case 'time-stamp-token':
        readTimeStampToken(e.bytes);
        return undefined;
      case 'proof-bundle':
        parseProofBundleV2(JSON.parse(Buffer.from(e.bytes).toString('utf8')));
        return undefined;
      case 'court-receipts':
      case 'verification-report':
        JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(e.bytes));
        return undefined;
      default:
        return 'unknown role';
    }
  } catch (error) {
    return isSealError(error) ? `${error.code} ${error.message}` : error instanceof Error ? error.message : 'unreadable';
  }
}

function parsed<T>(read: () => T): T[] {
  try {
    return [read()];
  } catch {
    return [];
  }
}

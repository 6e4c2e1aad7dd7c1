import { isSealError } from '../errors';
import type { OfdSignatureInfo } from '../ofd';
import { decodeSesSignature } from '../seal/signature-decode';
import type { DecodedSesSignature } from '../seal/model';
import type { PdfCheckResult } from './report';

/** SignedValue.dat must be a GB/T 38540 SES_Signature of a seal (Type="Seal"); digital signatures (Type="Sign") are another standard. */
export function decodeSignedValue(sig: OfdSignatureInfo): { check: PdfCheckResult; decoded?: DecodedSesSignature } {
  const id = 'ofd.container';
  if (sig.problem)
    return {
      check: { id, status: 'fail', code: sig.problem.code, message: `the signature's files cannot be read: ${sig.problem.message}` },
    };
  if (sig.type !== 'Seal')
    return {
      check: {
        id,
        status: 'fail',
        code: 'UNSUPPORTED_VERSION',
        message: `signature type ${sig.type} is not a GB/T 38540 electronic seal`,
        details: { type: sig.type },
      },
    };
  try {
    const decoded = decodeSesSignature(sig.signedValue!);
    return {
      check: { id, status: 'pass', message: 'SignedValue.dat holds a GB/T 38540 SES_Signature', details: { version: decoded.version } },
      decoded,
    };
  } catch (error) {
    if (!isSealError(error)) throw error;
    return {
      check: { id, status: 'fail', code: error.code, message: `SignedValue.dat is not a readable SES_Signature: ${error.message}` },
    };
  }
}

/** Standard step 1: every referenced file is present and has the SM3 CheckValue Signature.xml records. */
export function checkReferences(sig: OfdSignatureInfo): PdfCheckResult {
  const id = 'ofd.references';
  const mismatched = sig.references.filter((r) => r.status === 'mismatch').map((r) => r.path);
  const missing = sig.references.filter((r) => r.status === 'missing').map((r) => r.path);
  const details = {
    checkMethod: sig.checkMethod,
    covered: sig.references.length,
    mismatched: mismatched.slice(0, 50),
    missing: missing.slice(0, 50),
  };
  if (sig.references.length === 0)
    return { id, status: 'fail', code: 'DOCUMENT_MODIFIED', message: 'Signature.xml protects no file', details };
  if (mismatched.length + missing.length === 0)
    return { id, status: 'pass', message: `all ${sig.references.length} protected files have their recorded SM3`, details };
  return {
    id,
    status: 'fail',
    code: 'DOCUMENT_MODIFIED',
    message: `${mismatched.length} protected file(s) changed and ${missing.length} missing since signing`,
    details,
  };
}

/** Standard step 2: Seal.esl must be byte for byte the SESeal inside the signature. */
export function checkSealMatch(sig: OfdSignatureInfo, decoded: DecodedSesSignature): PdfCheckResult {
  const id = 'ofd.seal-match';
  if (sig.sealFile === undefined) return { id, status: 'skipped', message: 'Signature.xml names no seal file (optional in GB/T 33190)' };
  if (Buffer.from(sig.sealFile).equals(Buffer.from(decoded.seal.raw)))
    return { id, status: 'pass', message: 'Seal.esl is the seal embedded in the signature' };
  return { id, status: 'fail', code: 'SEAL_FORMAT_INVALID', message: 'Seal.esl is not the seal embedded in the signature' };
}

/** propertyInfo must name this Signature.xml: a signed value moved to another signature fails here. */
export function checkOfdPropertyInfo(sig: OfdSignatureInfo, decoded: DecodedSesSignature): PdfCheckResult {
  const id = 'ofd.property-info';
  const named = decoded.propertyInfo.startsWith('/') ? decoded.propertyInfo : `/${decoded.propertyInfo}`;
  if (named === sig.signaturePath)
    return {
      id,
      status: 'pass',
      message: "propertyInfo names this signature's Signature.xml",
      details: { propertyInfo: decoded.propertyInfo },
    };
  return {
    id,
    status: 'fail',
    code: 'DATA_HASH_MISMATCH',
    message: "propertyInfo does not name this signature's Signature.xml",
    details: { propertyInfo: decoded.propertyInfo, expected: sig.signaturePath },
  };
}

/** Files added after signing are allowed only as later signatures' own files. */
export function checkOfdChangesAfter(sig: OfdSignatureInfo, laterSignatures: number): PdfCheckResult {
  const id = 'ofd.changes-after';
  const details = { uncovered: sig.uncovered.slice(0, 50), uncoveredCount: sig.uncovered.length, laterSignatures };
  if (sig.uncovered.length > 0)
    return {
      id,
      status: 'fail',
      code: 'DOCUMENT_MODIFIED',
      message: "files outside this signature's coverage were added after it",
      details,
    };
  return {
    id,
    status: 'pass',
    message: laterSignatures > 0 ? 'only later signatures were added after this signature' : 'nothing was added after this signature',
    details,
  };
}

import { isSealError } from '../errors';
import { SIGNATURE_SUBFILTER } from '../pdf/signature-dictionary';
import type { ChangesAfterSignature, PdfSignatureInfo } from '../pdf';
import { decodeSesSignature } from '../seal/signature-decode';
import type { DecodedSesSignature } from '../seal/model';
import { failed, passed } from '../seal/verify/report';
import { pdfPropertyInfo } from './property-info';
import type { PdfCheckResult } from './report';

/** The signed bytes must be a whole earlier revision, or nothing the signer saw is pinned down. */
export function checkByteRange(sig: PdfSignatureInfo): PdfCheckResult {
  if (sig.coversWholeRevision)
    return {
      id: 'pdf.byte-range',
      status: 'pass',
      message: `the signature covers the whole of revision ${sig.revision}`,
      details: { byteRange: sig.byteRange },
    };
  return {
    id: 'pdf.byte-range',
    status: 'fail',
    code: 'DOCUMENT_MODIFIED',
    message: 'the signed bytes are not a whole revision',
    details: { problems: sig.coverageProblems, byteRange: sig.byteRange },
  };
}

/**
 * `unknownCover`: an allowed change is vouched for only by a later signature whose own verdict is
 * INDETERMINATE, so whether the change is acceptable is unknown too.
 */
export function checkChangesAfter(
  changesAfter: ChangesAfterSignature,
  unknownCover = false,
  covering: readonly string[] = [],
): PdfCheckResult {
  const { verdict, changes } = changesAfter;
  const details = {
    verdict,
    changes: changes.slice(0, 50),
    changeCount: changes.length,
    ...(covering.length > 0 ? { laterSignatureWidgets: covering } : {}),
  };
  const whose = covering.length > 0 ? `: ${covering.join('; ')}, drawn over this signature's revision` : '';
  if (verdict === 'none') return { id: 'pdf.changes-after', status: 'pass', message: 'nothing changed after this signature', details };
  if (verdict === 'allowed' && unknownCover) {
    return {
      id: 'pdf.changes-after',
      status: 'indeterminate',
      code: 'EVIDENCE_MISSING',
      message: `later signatures added their own fields, and one of them cannot be judged yet${whose}`,
      details,
    };
  }
  if (verdict === 'allowed')
    return {
      id: 'pdf.changes-after',
      status: 'pass',
      message: `only later signatures' own fields followed this signature${whose}`,
      details,
    };
  const first = changes.find((c) => !c.allowed);
  const where =
    first && first.object !== 0
      ? ` (object ${first.object}${first.page !== undefined ? ` on page ${first.page}` : ''}: ${first.reason})`
      : first
        ? ` (${first.reason})`
        : '';
  return {
    id: 'pdf.changes-after',
    status: 'fail',
    code: 'DOCUMENT_MODIFIED',
    message: `the document was modified after this signature${where}`,
    details,
  };
}

export type ContainerOutcome = { check: PdfCheckResult; decoded?: DecodedSesSignature };

/**
 * The /Contents is attacker-controlled bytes: decode defensively and turn every decoding failure
 * into a failed check for this signature, so one broken signature does not hide the others.
 */
export function decodeContainer(sig: PdfSignatureInfo): ContainerOutcome {
  if (sig.subFilter !== SIGNATURE_SUBFILTER) {
    return {
      check: {
        id: 'pdf.container',
        status: 'fail',
        code: 'UNSUPPORTED_VERSION',
        message: `signature container /SubFilter /${sig.subFilter ?? '(none)'} is not a GB/T 38540 SES_Signature`,
        details: { subFilter: sig.subFilter },
      },
    };
  }
  if (!sig.contentsIsDer)
    return { check: { id: 'pdf.container', status: 'fail', code: 'BAD_ASN1', message: '/Contents does not hold a DER structure' } };
  try {
    const decoded = decodeSesSignature(sig.contents);
    return {
      check: {
        ...passed('signature.format', 'the /Contents holds a GB/T 38540 SES_Signature'),
        id: 'pdf.container',
        details: { version: decoded.version },
      },
      decoded,
    };
  } catch (error) {
    if (!isSealError(error)) throw error;
    return {
      check: {
        ...failed('signature.format', error.code, `the /Contents is not a readable SES_Signature: ${error.message}`),
        id: 'pdf.container',
      },
    };
  }
}

/** propertyInfo must name this signature's byte range: a signature moved to another range fails here. */
export function checkPropertyInfo(sig: PdfSignatureInfo, decoded: DecodedSesSignature): PdfCheckResult {
  const expected = sig.byteRange ? pdfPropertyInfo(sig.byteRange) : undefined;
  if (expected !== undefined && decoded.propertyInfo === expected) {
    return {
      id: 'pdf.property-info',
      status: 'pass',
      message: "propertyInfo names this signature's byte range",
      details: { propertyInfo: decoded.propertyInfo },
    };
  }
  return {
    id: 'pdf.property-info',
    status: 'fail',
    code: 'DATA_HASH_MISMATCH',
    message: "propertyInfo does not name this signature's byte range",
    details: { propertyInfo: decoded.propertyInfo, expected },
  };
}

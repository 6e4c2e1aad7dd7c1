import { SealError } from '../errors';
import { PdfDocument } from './document';
import { PdfDict, asInt, isName } from './objects';

/**
 * A document certified with DocMDP permission 1 forbids any change, a new signature included
 * (ISO 32000-1 §12.8.2.2). Sealing it would produce a file every viewer reports as broken, so refuse.
 */
export function assertSigningPermitted(doc: PdfDocument): void {
  const perms = doc.resolveDict(doc.catalog().get('Perms'));
  const permission = docMdpPermission(doc, doc.resolveDict(perms?.get('DocMDP')));
  if (permission === 1) {
    throw new SealError('VALIDATION_FAILED', 'the document is certified with no changes permitted (DocMDP P=1); it cannot be sealed', {
      details: { docMdpPermission: permission },
    });
  }
}

/**
 * The DocMDP permission (1 no changes, 2 form filling and signing, 3 also annotations) a signature
 * dictionary certifies the document with, from its /Reference transform; undefined when it is an
 * ordinary (approval) signature. P defaults to 2 (§12.8.2.2).
 */
export function docMdpPermission(doc: PdfDocument, signature: PdfDict | undefined): number | undefined {
  const references = doc.resolve(signature?.get('Reference'));
  if (!Array.isArray(references)) return undefined;
  let strictest: number | undefined;
  for (const ref of references.slice(0, 16)) {
    const reference = doc.resolveDict(ref);
    if (!reference || !isName(doc.resolve(reference.get('TransformMethod')), 'DocMDP')) continue;
    const params = doc.resolveDict(reference.get('TransformParams'));
    const permission = asInt(doc.resolve(params?.get('P'))) ?? 2;
    strictest = strictest === undefined ? permission : Math.min(strictest, permission);
  }
  return strictest;
}

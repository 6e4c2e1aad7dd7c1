import { SealError } from '../errors';
import { PdfDocument } from './document';
import { asInt, isName } from './objects';

/**
 * A document certified with DocMDP permission 1 forbids any change, a new signature included
 * (ISO 32000-1 §12.8.2.2). Sealing it would produce a file every viewer reports as broken, so refuse.
 */
export function assertSigningPermitted(doc: PdfDocument): void {
  const perms = doc.resolveDict(doc.catalog().get('Perms'));
  const certification = doc.resolveDict(perms?.get('DocMDP'));
  const references = doc.resolve(certification?.get('Reference'));
  if (!Array.isArray(references)) return;
  for (const ref of references.slice(0, 16)) {
    const reference = doc.resolveDict(ref);
    if (!reference || !isName(doc.resolve(reference.get('TransformMethod')), 'DocMDP')) continue;
    const params = doc.resolveDict(reference.get('TransformParams'));
    const permission = asInt(doc.resolve(params?.get('P'))) ?? 2;
    if (permission === 1) {
      throw new SealError('VALIDATION_FAILED', 'the document is certified with no changes permitted (DocMDP P=1); it cannot be sealed', {
        details: { docMdpPermission: permission },
      });
    }
  }
}

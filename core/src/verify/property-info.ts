import type { ByteRange } from '../pdf';

/**
 * The SES_Signature's propertyInfo for a PDF names the protected range, so a signature lifted into
 * another signature dictionary with a different /ByteRange no longer matches (GB/T 38540 leaves the
 * text to the binding; this is ours).
 */
export function pdfPropertyInfo(range: ByteRange): string {
  return `ByteRange=[${range.join(' ')}]`;
}

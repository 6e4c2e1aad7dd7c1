import { SealError } from '../errors';
import { BYTE_RANGE_PLACEHOLDER, ByteRange } from './byte-range';
import { PdfDict, PdfValue } from './objects';
import { pdfDate, serializeValue, textString } from './serialize';

/** How the signature container is identified in the signature dictionary (see README). */
export const SIGNATURE_FILTER = 'Adobe.PPKLite';
export const SIGNATURE_SUBFILTER = 'GBT38540.SESSignature';

export interface SignatureDictionaryFields {
  signingTime: Date;
  signerName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
}

/** The signature dictionary, with fixed-width placeholders filled in after the file is laid out. */
export function signatureDictionaryText(request: SignatureDictionaryFields, contentsSize: number): string {
  const optional: [string, PdfValue][] = [['M', pdfDate(request.signingTime)]];
  if (request.signerName) optional.push(['Name', textString(request.signerName)]);
  if (request.reason) optional.push(['Reason', textString(request.reason)]);
  if (request.location) optional.push(['Location', textString(request.location)]);
  if (request.contactInfo) optional.push(['ContactInfo', textString(request.contactInfo)]);
  const rest = serializeValue(new PdfDict(optional)).slice(2, -2);
  return (
    `<</Type/Sig/Filter/${SIGNATURE_FILTER}/SubFilter/${SIGNATURE_SUBFILTER}` +
    `/ByteRange ${BYTE_RANGE_PLACEHOLDER}/Contents <${'0'.repeat(contentsSize * 2)}>${rest}>>`
  );
}

/** Finds the placeholders inside our own signature object: we wrote it, so their order is known. */
export function locatePlaceholders(out: Uint8Array, originalLength: number, sigNum: number) {
  const buf = Buffer.from(out.buffer, out.byteOffset, out.length);
  const objAt = buf.indexOf(`\n${sigNum} 0 obj\n`, originalLength - 1, 'latin1');
  const byteRangeAt = buf.indexOf(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, objAt, 'latin1') + '/ByteRange '.length;
  const lt = buf.indexOf('/Contents <', byteRangeAt, 'latin1') + '/Contents '.length;
  const gt = buf.indexOf('>', lt, 'latin1');
  if (objAt < 0 || byteRangeAt < objAt || gt < 0) throw new SealError('INTERNAL', 'signature placeholders not found');
  const byteRange: ByteRange = [0, lt, gt + 1, out.length - (gt + 1)];
  return { byteRange, contentsAt: { byteRangeAt, hexAt: lt + 1 }, contentsHexLength: gt - lt - 1 };
}

/** What the signing record needs of a sealed document, whatever its format. */
export interface SealedDocument {
  document: Uint8Array;
  /** The DER SES_Signature. */
  container: Uint8Array;
  /**
   * PDF: SM3 of the signed file. OFD: SM3 of the signature's Signature.xml, which pins every file of
   * the signed document by its SM3 and, unlike the zip bytes, survives a later signature or repacking.
   */
  documentSm3After: string;
  /** PDF: the signature field. OFD: the Signature.xml location. */
  fieldName: string;
  pages: number[];
  /** PDF only; empty for OFD. */
  byteRange: number[];
  /** PDF only: what reading the input had to repair (broken cross-reference data and the like). */
  repairs?: string[];
}

import { SealError } from '../errors';
import { PdfDocument } from './document';
import { valuesEqual } from './equality';
import { PdfRef, isName } from './objects';

/** A signature of the file that covers a whole revision: the only thing that may vouch for a new widget. */
export interface CoveringSignature {
  /** Object number of its signature dictionary. */
  signatureObject: number;
  /** End of the revision it signs. */
  end: number;
  /** The document as it was at `end`. */
  open(): PdfDocument;
}

/**
 * Decides whether a widget or field that appeared after one signature is a later signature's own:
 * its field's /V is that signature's dictionary, the signature's own update (the last xref section
 * of the revision it signs, the one holding its dictionary) wrote the widget and its field, and the
 * signature covers both exactly as the final document has them. A /V alone proves nothing: the
 * object number the next signing gives its dictionary is predictable, so whoever prepares the next
 * round could add a widget claiming it before that signer signs. Anything else (an unsigned widget
 * with an appearance, a widget an earlier update added for a later signature, a new kid of an
 * already-signed field, a field signed by an earlier signature) belongs to no later signer, so no
 * one vouches for what it paints. Whether the owning signature is itself valid is for the verifier
 * to judge (it is told the owner's object number).
 */
export class LaterSignatures {
  private readonly later: CoveringSignature[];

  constructor(
    private readonly finalDoc: PdfDocument,
    all: readonly CoveringSignature[],
    signedEnd: number,
  ) {
    this.later = all.filter((s) => s.end > signedEnd);
  }

  /** The signature object owning this annotation or field as the final document has it, if any. */
  ownerOf(num: number): number | undefined {
    const dict = this.finalDoc.resolveDict(new PdfRef(num, 0));
    if (!dict) return undefined;
    const parentRef = dict.get('Parent');
    const isOwnField = isName(this.finalDoc.resolve(dict.get('FT')), 'Sig');
    const fieldRef = isOwnField ? new PdfRef(num, 0) : parentRef instanceof PdfRef ? parentRef : undefined;
    const field = fieldRef && (isOwnField ? dict : this.finalDoc.resolveDict(fieldRef));
    if (!field || !fieldRef || !isName(this.finalDoc.resolve(field.get('FT')), 'Sig')) return undefined;
    if (!isOwnField && !isName(dict.get('Subtype'), 'Widget')) return undefined;
    const value = field.get('V');
    if (!(value instanceof PdfRef)) return undefined;
    const owner = this.later.find((s) => s.signatureObject === value.num);
    if (!owner) return undefined;
    return this.wroteAndCovers(owner, [num, fieldRef.num]) ? owner.signatureObject : undefined;
  }

  private wroteAndCovers(owner: CoveringSignature, nums: number[]): boolean {
    try {
      const signed = owner.open();
      const ownUpdate = signed.chain.sections[0]!.entries;
      const written = (n: number) => {
        const entry = ownUpdate.get(n);
        return entry !== undefined && entry.type !== 'free';
      };
      if (![owner.signatureObject, ...nums].every(written)) return false;
      return nums.every((n) => {
        const then = signed.getObject(n);
        return then !== null && valuesEqual(then, this.finalDoc.getObject(n));
      });
    } catch (error) {
      if (error instanceof SealError && error.code === 'PDF_TOO_COMPLEX') throw error;
      return false;
    }
  }
}

import { SealError } from '../errors';
import { addAppearance } from './appearance';
import { assertSigningPermitted } from './certification';
import { ByteRange, formatByteRange, signedRanges, sm3ByteRange } from './byte-range';
import { PdfDocument } from './document';
import { appendAnnotations, addFieldToAcroForm, existingFieldNames } from './form-update';
import { addImageXObject } from './image-xobject';
import { IncrementalUpdate } from './incremental';
import { PdfLimits } from './limits';
import { PdfDict, PdfName } from './objects';
import { AnchorPosition, ImprintSize, SealPosition, checkImprintSize } from './placement';
import { placeImprint } from './seal-placement';
import { locatePlaceholders, signatureDictionaryText } from './signature-dictionary';
import { decodePng } from './png';
import { assertVerifiable } from './self-check';
import { textString } from './serialize';

export interface PdfSealRequest {
  /** 1-based page number; ignored for a cross-page seal, which spans every page. */
  page: number;
  /**
   * Millimetres from the bottom-left corner of the page as displayed (CropBox, else MediaBox, after
   * /Rotate), a text anchor searched on `page`, or "auto": bottom right, clear of the page's text.
   */
  position: SealPosition | AnchorPosition | 'auto';
  imprint: ImprintSize & { png: Uint8Array };
  /** Defaults to "Signature<n>", the first unused name. */
  fieldName?: string;
  signerName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  signingTime: Date;
  /** 骑缝章: slice the imprint across the right edge of every page, one widget per page. */
  crossPage?: boolean;
  /** Cross-page seal: pages per group, each group carrying the whole imprint (default 20). */
  crossPageGroupSize?: number;
  /** Bytes reserved for the DER container in /Contents. Default: 16 KiB + twice the imprint PNG size. */
  contentsSize?: number;
  limits?: Partial<PdfLimits>;
}

/** What the container callback receives: the exact bytes to sign and their SM3 digest. */
export interface ContainerInput {
  byteRange: ByteRange;
  /** SM3 of the /ByteRange bytes: the GB/T 38540 dataHash. */
  sm3: Uint8Array;
  /** The two signed slices of the output file (views, not copies), for signers that hash themselves. */
  signedData: readonly [Uint8Array, Uint8Array];
  signingTime: Date;
}

/** Builds the DER SES_Signature (or any container) for the given input. */
export type MakeContainer = (input: ContainerInput) => Promise<Uint8Array>;

export interface SignedPdf {
  pdf: Uint8Array;
  byteRange: ByteRange;
  sm3: Uint8Array;
  container: Uint8Array;
  fieldName: string;
  /** Object number of the signature dictionary (/V of the field). */
  signatureObject: number;
  /** Pages (1-based) that carry a widget of the new field. */
  pages: number[];
  /** Length of the original file: bytes [0, originalLength) of `pdf` are the input, unchanged. */
  originalLength: number;
  /** What reading the input had to repair (empty for a well-formed file); see PdfDocument.repairs. */
  repairs: string[];
}

const MAX_CONTENTS_SIZE = 4 * 1024 * 1024;

/**
 * Seals a PDF by appending one incremental update: image, appearance, widget(s), signature field,
 * signature dictionary, updated /Annots and AcroForm, and a new xref section. The input bytes are
 * copied unchanged to the front of the output, so earlier signatures stay valid. Broken
 * cross-reference data is repaired on read (see `repairs`); the output is then read back as the
 * verifier reads it, and refused with PDF_UNVERIFIABLE rather than returned if that reading fails.
 */
export async function signPdf(pdf: Uint8Array, request: PdfSealRequest, makeContainer: MakeContainer): Promise<SignedPdf> {
  const {
    bytes: updateBytes,
    sigNum,
    fieldName,
    pages,
    repairs,
  } = guardReader(() => PdfDocument.read(pdf, { limits: request.limits }, (doc) => prepareUpdate(doc, request)));
  // allocUnsafe: every byte is overwritten just below, so zero-filling 10 MB first would be wasted.
  const out: Uint8Array = Buffer.allocUnsafe(pdf.length + updateBytes.length);
  out.set(pdf, 0);
  out.set(updateBytes, pdf.length);

  const { byteRange, contentsAt, contentsHexLength } = locatePlaceholders(out, pdf.length, sigNum);
  Buffer.from(out.buffer, out.byteOffset, out.length).write(formatByteRange(byteRange), contentsAt.byteRangeAt, 'latin1');
  const sm3 = sm3ByteRange(out, byteRange);
  const container = await makeContainer({ byteRange, sm3, signedData: signedRanges(out, byteRange), signingTime: request.signingTime });
  if (!(container instanceof Uint8Array) || container.length === 0)
    throw new SealError('INTERNAL', 'signature container callback returned no bytes');
  if (container.length * 2 > contentsHexLength) {
    throw new SealError('VALIDATION_FAILED', 'signature container is larger than the space reserved in /Contents; raise contentsSize', {
      details: { containerBytes: container.length, reservedBytes: contentsHexLength / 2 },
    });
  }
  Buffer.from(out.buffer, out.byteOffset, out.length).write(Buffer.from(container).toString('hex'), contentsAt.hexAt, 'latin1');
  guardReader(() => assertVerifiable({ pdf: out, signatureObject: sigNum, byteRange, container, pages }, request.limits));
  return { pdf: out, byteRange, sm3, container, fieldName, signatureObject: sigNum, pages, originalLength: pdf.length, repairs };
}

interface PreparedUpdate {
  bytes: Buffer;
  sigNum: number;
  fieldName: string;
  pages: number[];
  repairs: string[];
}

function prepareUpdate(doc: PdfDocument, request: PdfSealRequest): PreparedUpdate {
  checkImprintSize(request.imprint);
  if (!(request.signingTime instanceof Date) || Number.isNaN(request.signingTime.getTime())) {
    throw new SealError('VALIDATION_FAILED', 'signingTime must be a valid Date');
  }
  const contentsSize = request.contentsSize ?? 16 * 1024 + 2 * request.imprint.png.length;
  if (!Number.isSafeInteger(contentsSize) || contentsSize < 64 || contentsSize > MAX_CONTENTS_SIZE) {
    throw new SealError('VALIDATION_FAILED', `contentsSize must be between 64 and ${MAX_CONTENTS_SIZE}`);
  }
  const image = decodePng(request.imprint.png);
  assertSigningPermitted(doc);
  const placements = placeImprint(doc, request);
  const fieldName = chooseFieldName(doc, request.fieldName);

  const update = new IncrementalUpdate(doc);
  const imageRef = addImageXObject(update, image);
  const sigRef = update.allocate();
  const fieldRef = update.allocate();
  const single = placements.length === 1;
  const widgetRefs = single ? [fieldRef] : placements.map(() => update.allocate());
  placements.forEach((placement, i) => {
    const appearance = addAppearance(update, imageRef, placement);
    const widget = new PdfDict()
      .set('Type', new PdfName('Annot'))
      .set('Subtype', new PdfName('Widget'))
      .set('Rect', placement.rect)
      .set('P', placement.page.ref)
      .set('F', 132) // Print | Locked: printed, and viewers must not let users move the seal
      .set('AP', new PdfDict().set('N', appearance));
    if (single) {
      widget.set('FT', new PdfName('Sig')).set('T', textString(fieldName)).set('V', sigRef);
    } else {
      widget.set('Parent', fieldRef);
    }
    update.put(widgetRefs[i], widget);
    appendAnnotations(doc, update, placement.page, [widgetRefs[i]]);
  });
  if (!single) {
    update.put(
      fieldRef,
      new PdfDict().set('FT', new PdfName('Sig')).set('T', textString(fieldName)).set('V', sigRef).set('Kids', widgetRefs),
    );
  }
  update.putRaw(sigRef, signatureDictionaryText(request, contentsSize));
  addFieldToAcroForm(doc, update, fieldRef);
  return {
    bytes: update.encode().bytes,
    sigNum: sigRef.num,
    fieldName,
    pages: placements.map((p) => p.page.number),
    repairs: [...doc.repairs],
  };
}

function chooseFieldName(doc: PdfDocument, requested?: string): string {
  const taken = existingFieldNames(doc);
  if (requested !== undefined) {
    if (!requested || requested.includes('.') || taken.has(requested)) {
      throw new SealError('VALIDATION_FAILED', 'fieldName must be non-empty, without ".", and not used by another field', {
        details: { fieldName: requested },
      });
    }
    return requested;
  }
  for (let n = 1; ; n++) if (!taken.has(`Signature${n}`)) return `Signature${n}`;
}

/** A safety net at the module boundary: hostile input must surface as a coded error, never a crash. */
function guardReader<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof SealError) throw error;
    throw new SealError('PDF_MALFORMED', 'PDF could not be read', { cause: error });
  }
}

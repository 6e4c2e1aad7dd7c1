import { sm3 } from '../crypto/sm3';
import { SealError } from '../errors';
import { absoluteLoc, folderOf } from './entry-name';
import type { OfdLimits } from './limits';
import { malformed } from './ofd-error';
import { OfdPackage, OFD_ENTRY } from './ofd-package';
import { pageBox } from './page-box';
import { encodeSignatureFile, readSignatureFile, type SignatureReference } from './signature-file';
import { encodeSignatureList, readSignatureList, signIdAllocator, type SignatureList } from './signature-list';
import { xmlEscape } from './xml-write';
import { writeZip, type ZipSource } from './zip-write';

export type OfdPageCorner = 'bottom-left' | 'top-left' | 'bottom-right' | 'top-right';

export interface OfdSealRequest {
  /** 1-based page of the default document. */
  page: number;
  /** Millimetres from `corner` of the page (default bottom-left, as for PDF) to the stamp's nearest corner. */
  position: { xMm: number; yMm: number; corner?: OfdPageCorner };
  /** Size of the visible stamp (the seal picture's size). */
  size: { widthMm: number; heightMm: number };
  /** DER SESeal, written as Seal.esl; it must be the seal the SES_Signature embeds. */
  eseal: Uint8Array;
  signingTime: Date;
  provider?: { name: string; company: string; version: string };
  limits?: Partial<OfdLimits>;
}

/** What the container callback signs: Signature.xml, its SM3 (the dataHash) and its path (the propertyInfo). */
export interface OfdContainerInput {
  signatureXml: Uint8Array;
  sm3: Uint8Array;
  propertyInfo: string;
  signingTime: Date;
}

export type MakeOfdContainer = (input: OfdContainerInput) => Promise<Uint8Array>;

export interface SignedOfd {
  ofd: Uint8Array;
  /** The DER SES_Signature written as SignedValue.dat. */
  container: Uint8Array;
  signId: string;
  signaturePath: string;
  /** The Signature.xml bytes the SES_Signature signs, and their SM3 (the dataHash). */
  signatureXml: Uint8Array;
  sm3: Uint8Array;
  page: number;
}

const DEFAULT_PROVIDER = { name: 'eseal', company: 'eseal', version: '0.1.0' };

/**
 * Seals an OFD as GB/T 33190 §18 lays out: a new Doc_0/Signs/Sign_N folder with Seal.esl,
 * Signature.xml and SignedValue.dat, a record in Signatures.xml (created, and named in OFD.xml, at
 * the first signature). Signature.xml references every file of the container with its SM3 except
 * Signatures.xml, which later signatures must be able to extend — so each earlier signature stays
 * valid, as in ofdrw's continue-signing mode. Unchanged files are copied without recompression.
 */
export async function signOfd(ofd: Uint8Array, request: OfdSealRequest, makeContainer: MakeOfdContainer): Promise<SignedOfd> {
  const pkg = OfdPackage.open(ofd, request.limits);
  const pages = pkg.pages();
  // With no page at all the file is what is wrong, not the caller's page number.
  if (pages.length === 0) throw malformed('the document has no page', { document: pkg.documentPath });
  if (!Number.isInteger(request.page) || request.page < 1 || request.page > pages.length) {
    throw new SealError('OFD_PAGE_OUT_OF_RANGE', `page ${request.page} is not in the document`, {
      details: { page: request.page, pageCount: pages.length },
    });
  }
  const page = pages[request.page - 1]!;
  const boundary = stampBoundary(request, pageBox(pkg, page));

  const docFolder = folderOf(pkg.documentPath);
  const signaturesPath = pkg.signaturesPath ?? `${docFolder ? `${docFolder}/` : ''}Signs/Signatures.xml`;
  const list: SignatureList =
    pkg.signaturesPath && pkg.has(pkg.signaturesPath) ? readSignatureList(pkg, pkg.signaturesPath) : { entries: [] };
  refuseIfListProtected(pkg, list, signaturesPath);

  const signFolder = freeSignFolder(pkg, folderOf(signaturesPath));
  const nextId = signIdAllocator(list);
  const signId = nextId();
  const stampId = nextId();
  const signaturePath = `${signFolder}/Signature.xml`;
  const sealPath = `${signFolder}/Seal.esl`;
  const signedValuePath = `${signFolder}/SignedValue.dat`;

  const newList = encodeSignatureList({
    maxSignId: stampId,
    entries: [
      ...list.entries,
      {
        id: signId,
        type: 'Seal',
        signaturePath,
        attributes: new Map([
          ['ID', signId],
          ['Type', 'Seal'],
          ['BaseLoc', absoluteLoc(signaturePath)],
        ]),
      },
    ],
  });
  const ofdXml = pkg.signaturesPath ? undefined : withSignaturesEntry(pkg, signaturesPath);

  // Every file the signed document consists of, with the content it will have.
  const replaced = new Map<string, Uint8Array>([
    [signaturesPath, newList],
    [sealPath, request.eseal],
  ]);
  if (ofdXml) replaced.set(OFD_ENTRY, ofdXml);
  const references: SignatureReference[] = [];
  for (const path of pkg.paths) {
    if (path === signaturesPath) continue;
    references.push({ path, checkValue: sm3(replaced.get(path) ?? pkg.file(path)) });
  }
  references.push({ path: sealPath, checkValue: sm3(request.eseal) });

  const signatureXml = encodeSignatureFile({
    provider: request.provider ?? DEFAULT_PROVIDER,
    signingTime: request.signingTime,
    references,
    stamp: { id: stampId, pageRef: page.id, boundary },
    sealPath,
    signedValuePath,
  });
  const digest = sm3(signatureXml);
  const container = await makeContainer({
    signatureXml,
    sm3: digest,
    propertyInfo: absoluteLoc(signaturePath),
    signingTime: request.signingTime,
  });

  const sources: ZipSource[] = pkg.zip.entries.map((entry) => {
    const data = replaced.get(entry.name);
    return data ? { name: entry.name, data, compress: true } : { name: entry.name, copyFrom: pkg.zip, entry };
  });
  if (!pkg.has(signaturesPath)) sources.push({ name: signaturesPath, data: newList, compress: true });
  sources.push(
    { name: sealPath, data: request.eseal, compress: false },
    { name: signaturePath, data: signatureXml, compress: true },
    { name: signedValuePath, data: container, compress: false },
  );
  return {
    ofd: writeZip(sources, request.signingTime),
    container,
    signId,
    signaturePath: absoluteLoc(signaturePath),
    signatureXml,
    sm3: digest,
    page: request.page,
  };
}

function stampBoundary(request: OfdSealRequest, box: { widthMm: number; heightMm: number }) {
  const { xMm, yMm, corner = 'bottom-left' } = request.position;
  const { widthMm, heightMm } = request.size;
  for (const [name, value] of Object.entries({ xMm, yMm, widthMm, heightMm })) {
    if (!Number.isFinite(value) || value < 0)
      throw new SealError('VALIDATION_FAILED', `${name} must be a non-negative number of millimetres`);
  }
  if (widthMm === 0 || heightMm === 0 || xMm + widthMm > box.widthMm || yMm + heightMm > box.heightMm) {
    throw new SealError('VALIDATION_FAILED', 'the stamp does not fit on the page at that position', {
      details: { page: request.page, pageWidthMm: box.widthMm, pageHeightMm: box.heightMm },
    });
  }
  // OFD measures from the top-left corner, y downwards.
  return {
    x: corner.endsWith('right') ? box.widthMm - xMm - widthMm : xMm,
    y: corner.startsWith('top') ? yMm : box.heightMm - yMm - heightMm,
    width: widthMm,
    height: heightMm,
  };
}

/**
 * A signature whose references include Signatures.xml forbids further signatures (adding one would
 * break it): refuse instead of producing a document whose earlier signature no longer verifies.
 */
function refuseIfListProtected(pkg: OfdPackage, list: SignatureList, signaturesPath: string): void {
  for (const entry of list.entries) {
    if (!pkg.has(entry.signaturePath)) continue;
    if (readSignatureFile(pkg, entry.signaturePath).references.some((r) => r.path === signaturesPath)) {
      throw new SealError(
        'VALIDATION_FAILED',
        'an earlier signature protects the signature list, so the document may not be signed again',
        { details: { signature: entry.signaturePath } },
      );
    }
  }
}

function freeSignFolder(pkg: OfdPackage, signsFolder: string): string {
  // One pass over the entries: the folder names already used directly under the Signs folder.
  const prefix = `${signsFolder}/`.toLowerCase();
  const taken = new Set<string>();
  for (const path of pkg.paths) {
    const lower = path.toLowerCase();
    if (lower.startsWith(prefix)) taken.add(lower.slice(prefix.length).split('/')[0]!);
  }
  let n = 0;
  while (taken.has(`sign_${n}`)) n++;
  return `${signsFolder}/Sign_${n}`;
}

/** Names the signature list in OFD.xml's first DocBody, editing the text so the rest stays byte for byte. */
function withSignaturesEntry(pkg: OfdPackage, signaturesPath: string): Uint8Array {
  const { text } = pkg.ofdXml;
  const body = pkg.docBody;
  const prefix = body.name.includes(':') ? `${body.name.slice(0, body.name.indexOf(':'))}:` : '';
  const element = `<${prefix}Signatures>${xmlEscape(absoluteLoc(signaturesPath))}</${prefix}Signatures>`;
  if (body.contentEnd <= body.start || text.slice(body.contentEnd, body.contentEnd + 2) !== '</') {
    // <DocBody/> cannot hold a DocRoot, so OfdPackage.open has already refused it; kept for safety.
    throw new SealError('OFD_MALFORMED', 'OFD.xml DocBody is empty');
  }
  return Buffer.from(text.slice(0, body.contentEnd) + element + text.slice(body.contentEnd), 'utf8');
}

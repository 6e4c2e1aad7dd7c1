import { sm3Hex } from '../crypto/sm3';
import { isSealError, type ErrorCode } from '../errors';
import { absoluteLoc, folderOf } from './entry-name';
import type { OfdLimits } from './limits';
import { OfdPackage } from './ofd-package';
import { isSm3CheckMethod, readSignatureFile, type SignatureFile, type StampAnnotation } from './signature-file';
import { readSignatureList, type SignatureListEntry } from './signature-list';

export interface OfdReferenceResult {
  path: string;
  status: 'match' | 'mismatch' | 'missing';
}

/** One signature of an OFD, described neutrally for the verifier: its files and what its references say. */
export interface OfdSignatureInfo {
  /** 0-based, in Signatures.xml order (the order signatures were added). */
  index: number;
  id: string;
  type: string;
  /** Absolute location of Signature.xml, the form propertyInfo names. */
  signaturePath: string;
  /** Set when this signature's own files cannot be read; the other signatures are still inspected. */
  problem?: { code: ErrorCode; message: string };
  signatureXml?: Uint8Array;
  signedValue?: Uint8Array;
  /** Seal.esl bytes, when Signature.xml names a seal file. */
  sealFile?: Uint8Array;
  checkMethod?: string;
  references: OfdReferenceResult[];
  stamps: (StampAnnotation & { page?: number })[];
  /** Files present now that this signature neither covers nor may be absent from its coverage. */
  uncovered: string[];
}

export interface OfdInspection {
  pageCount: number;
  fileCount: number;
  signatures: OfdSignatureInfo[];
}

export { isZipFile } from './zip-magic';

/**
 * Reads every signature of the default document and computes, per signature, the standard's
 * integrity facts: each reference's SM3 against the file now in the container, and which files
 * are outside its coverage. Files a signature may leave uncovered are the signature list (later
 * signatures extend it), its own Signature.xml and SignedValue.dat, and the folders of later
 * signatures. Unreadable containers throw coded errors; an unreadable signature is its own problem.
 */
export function inspectOfdSignatures(ofd: Uint8Array, limits?: Partial<OfdLimits>): OfdInspection {
  const pkg = OfdPackage.open(ofd, limits);
  const pages = pkg.pages();
  const pageIndex = new Map(pages.map((p, i) => [p.id, i + 1]));
  const entries = pkg.signaturesPath && pkg.has(pkg.signaturesPath) ? readSignatureList(pkg, pkg.signaturesPath).entries : [];

  const digests = new Map<string, string>();
  const digestOf = (path: string) => {
    let hex = digests.get(path);
    if (hex === undefined) digests.set(path, (hex = sm3Hex(pkg.file(path))));
    return hex;
  };
  // Only folders inside the signature list's folder count: a later "signature" at /Doc_0/x.xml must not exempt Doc_0.
  const signsFolder = `${folderOf(pkg.signaturesPath ?? '')}/`;
  const signFolders = entries
    .map((entry) => `${folderOf(entry.signaturePath)}/`)
    .map((f) => (f.startsWith(signsFolder) && f !== signsFolder ? f : undefined));

  const signatures = entries.map((entry, index): OfdSignatureInfo => {
    const base: OfdSignatureInfo = {
      index,
      id: entry.id,
      type: entry.type,
      signaturePath: absoluteLoc(entry.signaturePath),
      references: [],
      stamps: [],
      uncovered: [],
    };
    try {
      const file = readSignatureFile(pkg, entry.signaturePath);
      const references = file.references.map((ref): OfdReferenceResult => {
        if (!pkg.has(ref.path)) return { path: absoluteLoc(ref.path), status: 'missing' };
        if (!isSm3CheckMethod(file.checkMethod)) return { path: absoluteLoc(ref.path), status: 'mismatch' };
        return {
          path: absoluteLoc(ref.path),
          status: digestOf(ref.path) === Buffer.from(ref.checkValue).toString('hex') ? 'match' : 'mismatch',
        };
      });
      return {
        ...base,
        signatureXml: pkg.file(entry.signaturePath),
        signedValue: pkg.file(file.signedValuePath),
        sealFile: file.sealPath === undefined ? undefined : pkg.file(file.sealPath),
        checkMethod: file.checkMethod,
        references,
        stamps: file.stampAnnotations.map((s) => ({ ...s, page: pageIndex.get(s.pageRef) })),
        uncovered: uncoveredFiles(
          pkg,
          entry,
          file,
          signFolders.slice(index + 1).filter((f): f is string => f !== undefined),
        ),
      };
    } catch (error) {
      if (!isSealError(error)) throw error;
      return { ...base, problem: { code: error.code, message: error.message } };
    }
  });
  return { pageCount: pages.length, fileCount: pkg.paths.length, signatures };
}

function uncoveredFiles(pkg: OfdPackage, entry: SignatureListEntry, file: SignatureFile, laterFolders: string[]): string[] {
  const covered = new Set(file.references.map((r) => r.path));
  const mayBeUncovered = new Set([pkg.signaturesPath, entry.signaturePath, file.signedValuePath]);
  return pkg.paths
    .filter((path) => !covered.has(path) && !mayBeUncovered.has(path) && !laterFolders.some((folder) => path.startsWith(folder)))
    .map(absoluteLoc);
}

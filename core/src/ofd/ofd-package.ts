import { folderOf, resolveLoc } from './entry-name';
import { resolveOfdLimits, type OfdLimits } from './limits';
import { malformed, tooLarge } from './ofd-error';
import { child, childrenNamed, parseXml, type XmlElement } from './xml-read';
import { ZipArchive } from './zip-read';

export const OFD_ENTRY = 'OFD.xml';

/** A page of the default document: its ID (what StampAnnot/@PageRef names) and content file. */
export interface OfdPage {
  id: string;
  contentPath: string;
}

/** An XML file of the container, parsed, with the decoded text its offsets refer to. */
export interface ParsedXml {
  path: string;
  root: XmlElement;
  text: string;
}

/**
 * An OFD container, normalised for signing and verification: the zip (every hostile-input rule
 * already applied), the entry file, the default document (the first DocBody, as every reader and
 * signer takes it) and where its signature list lives, if it has one.
 */
export class OfdPackage {
  private constructor(
    readonly zip: ZipArchive,
    readonly limits: OfdLimits,
    readonly ofdXml: ParsedXml,
    readonly docBody: XmlElement,
    readonly documentPath: string,
    readonly signaturesPath: string | undefined,
  ) {}

  static open(bytes: Uint8Array, overrides?: Partial<OfdLimits>): OfdPackage {
    const limits = resolveOfdLimits(overrides);
    const zip = ZipArchive.read(bytes, limits);
    const pkg = { zip, limits };
    const ofdXml = readXml(pkg, OFD_ENTRY);
    if (ofdXml.root.local !== 'OFD') throw malformed('OFD.xml has no OFD root element');
    const docBody = child(ofdXml.root, 'DocBody');
    const docRoot = docBody && child(docBody, 'DocRoot');
    if (!docBody || !docRoot || docRoot.text.trim() === '') throw malformed('OFD.xml names no document (DocBody/DocRoot)');
    const documentPath = resolveLoc('', docRoot.text);
    if (!zip.has(documentPath)) throw malformed('the document named by OFD.xml is missing', { docRoot: documentPath });
    const signatures = child(docBody, 'Signatures');
    const signaturesPath = signatures && signatures.text.trim() !== '' ? resolveLoc('', signatures.text) : undefined;
    return new OfdPackage(zip, limits, ofdXml, docBody, documentPath, signaturesPath);
  }

  /** Files (not folders) of the container, in archive order. */
  get paths(): string[] {
    return this.zip.entries.map((e) => e.name);
  }

  has(path: string): boolean {
    return this.zip.has(path);
  }

  file(path: string): Uint8Array {
    const entry = this.zip.entry(path);
    if (!entry) throw malformed(`the container has no file ${path}`, { path });
    return this.zip.read(entry);
  }

  xml(path: string): ParsedXml {
    return readXml(this, path);
  }

  /** Pages of the default document in reading order. */
  pages(): OfdPage[] {
    const document = this.xml(this.documentPath);
    const pages = document.root.local === 'Document' ? child(document.root, 'Pages') : undefined;
    if (!pages) throw malformed('the document has no Pages', { document: this.documentPath });
    const folder = folderOf(this.documentPath);
    return childrenNamed(pages, 'Page').map((page) => {
      const id = page.attributes.get('ID');
      const baseLoc = page.attributes.get('BaseLoc');
      if (!id || !baseLoc) throw malformed('a Page has no ID or BaseLoc', { document: this.documentPath });
      return { id, contentPath: resolveLoc(folder, baseLoc) };
    });
  }
}

function readXml(pkg: { zip: ZipArchive; limits: OfdLimits }, path: string): ParsedXml {
  const entry = pkg.zip.entry(path);
  if (!entry) throw malformed(`the container has no file ${path}`, { path });
  // The declared size is checked before inflating: a huge XML is refused without being expanded.
  if (entry.uncompressedSize > pkg.limits.maxXmlBytes)
    throw tooLarge(`${path} is larger than ${pkg.limits.maxXmlBytes} bytes`, { file: path, bytes: entry.uncompressedSize });
  const { root, text } = parseXml(pkg.zip.read(entry), pkg.limits, path);
  return { path, root, text };
}

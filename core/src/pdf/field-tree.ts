import { PdfDocument } from './document';
import { tooComplex } from './errors';
import { PdfDict, PdfRef, PdfString, PdfValue } from './objects';

/** One dictionary of the AcroForm field tree, as the walk reaches it. */
export interface FieldTreeNode<S> {
  /** The /Fields or /Kids entry that led here (a reference, or a direct dictionary). */
  node: PdfValue;
  dict: PdfDict;
  /** This node's own partial name (/T), when it has one. */
  name?: string;
  /** Fully qualified name: the ancestors' partial names joined with "." (§12.7.3.2). */
  fullName: string;
  /** What the parent passed down (inheritable attributes such as /FT). */
  inherited: S;
}

/** Which children to visit next, and what they inherit; undefined to stop below this node. */
export type FieldTreeDescent<S> = { kids: readonly PdfValue[]; inherited: S } | undefined;

/**
 * Walks the AcroForm /Fields tree of an untrusted file: each referenced dictionary at most once (the
 * tree may be a cyclic graph), nesting bounded by maxDepth, time by the document's budget. `visit`
 * sees every dictionary and chooses the kids to descend into.
 */
export function walkFieldTree<S>(doc: PdfDocument, root: S, visit: (field: FieldTreeNode<S>) => FieldTreeDescent<S>): void {
  const acroForm = doc.resolveDict(doc.catalog().get('AcroForm'));
  const fields = doc.resolve(acroForm?.get('Fields'));
  if (!Array.isArray(fields)) return;
  const visited = new Set<number>();
  const walk = (node: PdfValue, prefix: string, inherited: S, depth: number): void => {
    if (depth > doc.limits.maxDepth) throw tooComplex('field tree too deep');
    if (node instanceof PdfRef) {
      if (visited.has(node.num)) return;
      visited.add(node.num);
    }
    doc.budget.tick();
    const dict = doc.resolveDict(node);
    if (!dict) return;
    const t = doc.resolve(dict.get('T'));
    const name = t instanceof PdfString ? decodeText(t) : undefined;
    const fullName = name === undefined ? prefix : prefix ? `${prefix}.${name}` : name;
    const next = visit({ node, dict, name, fullName, inherited });
    if (next) for (const kid of next.kids) walk(kid, fullName, next.inherited, depth + 1);
  };
  for (const f of fields) walk(f, '', root, 0);
}

/** Decodes a PDF text string: UTF-16BE with BOM, else PDFDocEncoding read as latin1 (close enough for names). */
export function decodeText(s: PdfString): string {
  const b = s.bytes;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const body = Buffer.from(b.subarray(2, 2 + ((b.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
  return Buffer.from(b).toString('latin1');
}

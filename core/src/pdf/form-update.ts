import { PdfDocument, PageInfo } from './document';
import { malformed, tooComplex } from './errors';
import { IncrementalUpdate } from './incremental';
import { PdfDict, PdfRef, PdfString, PdfValue, asInt } from './objects';

/**
 * Edits of existing objects that a new signature field needs: the page's /Annots and the AcroForm's
 * /Fields. Each writes a new version of the smallest object that holds the list, and never mutates
 * the parsed originals.
 */
export function appendAnnotations(doc: PdfDocument, update: IncrementalUpdate, page: PageInfo, widgets: PdfRef[]): void {
  const annots = page.dict.get('Annots');
  if (annots instanceof PdfRef) {
    const list = pendingArrays.get(update)?.get(annots.num) ?? doc.resolve(annots);
    if (Array.isArray(list)) {
      // Pages may share one /Annots array object: accumulate rather than overwrite.
      const next = [...list, ...widgets];
      if (!pendingArrays.has(update)) pendingArrays.set(update, new Map());
      pendingArrays.get(update)!.set(annots.num, next);
      update.put(annots, next);
      return;
    }
  }
  const existing = Array.isArray(annots) ? annots : [];
  update.put(page.ref, page.dict.clone().set('Annots', [...existing, ...widgets]));
}

const pendingArrays = new WeakMap<IncrementalUpdate, Map<number, PdfValue[]>>();

export function addFieldToAcroForm(doc: PdfDocument, update: IncrementalUpdate, field: PdfRef): void {
  const root = doc.trailer.get('Root');
  if (!(root instanceof PdfRef)) throw malformed('trailer /Root is not a reference');
  const catalog = doc.catalog();
  const acroForm = catalog.get('AcroForm');
  if (acroForm instanceof PdfRef) {
    const dict = doc.resolveDict(acroForm);
    if (dict) {
      update.put(acroForm, withField(doc, update, dict, field));
      return;
    }
  }
  if (acroForm instanceof PdfDict) {
    update.put(root, catalog.clone().set('AcroForm', withField(doc, update, acroForm, field)));
    return;
  }
  const ref = update.allocate();
  update.put(ref, new PdfDict().set('Fields', [field]).set('SigFlags', 3));
  update.put(root, catalog.clone().set('AcroForm', ref));
}

function withField(doc: PdfDocument, update: IncrementalUpdate, acroForm: PdfDict, field: PdfRef): PdfDict {
  const copy = acroForm.clone();
  // SignaturesExist | AppendOnly: tells viewers to save further changes incrementally.
  copy.set('SigFlags', (asInt(doc.resolve(acroForm.get('SigFlags'))) ?? 0) | 3);
  const fields = acroForm.get('Fields');
  if (fields instanceof PdfRef) {
    const list = doc.resolve(fields);
    if (Array.isArray(list)) {
      update.put(fields, [...list, field]);
      return copy;
    }
  }
  copy.set('Fields', [...(Array.isArray(fields) ? fields : []), field]);
  return copy;
}

/** Fully qualified names of existing fields, so a new field never collides with one (§12.7.3.2). */
export function existingFieldNames(doc: PdfDocument): Set<string> {
  const names = new Set<string>();
  const acroForm = doc.resolveDict(doc.catalog().get('AcroForm'));
  const fields = doc.resolve(acroForm?.get('Fields'));
  if (!Array.isArray(fields)) return names;
  const visited = new Set<number>();
  const walk = (node: PdfValue, prefix: string, depth: number) => {
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
    const full = name === undefined ? prefix : prefix ? `${prefix}.${name}` : name;
    if (name !== undefined) names.add(full);
    const kids = doc.resolve(dict.get('Kids'));
    if (Array.isArray(kids)) for (const kid of kids) walk(kid, full, depth + 1);
  };
  for (const f of fields) walk(f, '', 0);
  return names;
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

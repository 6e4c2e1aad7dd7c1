import { PdfDocument, PageInfo } from './document';
import { malformed } from './errors';
import { IncrementalUpdate } from './incremental';
import { decodeText, walkFieldTree } from './field-tree';
import { PdfDict, PdfRef, PdfValue, asInt } from './objects';

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
  walkFieldTree(doc, undefined, ({ dict, name, fullName }) => {
    if (name !== undefined) names.add(fullName);
    const kids = doc.resolve(dict.get('Kids'));
    return Array.isArray(kids) ? { kids, inherited: undefined } : undefined;
  });
  return names;
}

export { decodeText };

import { PdfDocument } from './document';
import { walkFieldTree } from './field-tree';
import { PdfDict, PdfRef, PdfValue, isName } from './objects';
import { PdfRect } from './placement';

/** A signature field found through the AcroForm, with its widgets. */
export interface FoundSignatureField {
  fieldName: string;
  fieldRef?: PdfRef;
  /** The /V value: a reference to the signature dictionary (or a direct one). */
  value: PdfValue | undefined;
  widgets: { ref?: PdfRef; dict: PdfDict }[];
}

/** Walks /Fields (with /Kids) and returns every terminal field whose (inherited) /FT is /Sig. */
export function findSignatureFields(doc: PdfDocument): FoundSignatureField[] {
  const out: FoundSignatureField[] = [];
  walkFieldTree<PdfValue | undefined>(doc, undefined, ({ node, dict, fullName, inherited }) => {
    const ft = dict.get('FT') ?? inherited;
    const kids = doc.resolve(dict.get('Kids'));
    const kidDicts = Array.isArray(kids)
      ? kids.map((k) => ({ value: k, ref: k instanceof PdfRef ? k : undefined, dict: doc.resolveDict(k) }))
      : [];
    // Kids without /T are this field's widgets; kids with /T are child fields (§12.7.3.1).
    const childFields = kidDicts.filter((k) => k.dict?.has('T'));
    if (childFields.length > 0) return { kids: childFields.map((k) => k.value), inherited: ft };
    if (!isName(doc.resolve(ft), 'Sig')) return undefined;
    const widgets = kidDicts
      .filter((k): k is { value: PdfValue; ref: PdfRef | undefined; dict: PdfDict } => k.dict !== undefined && !k.dict.has('T'))
      .map(({ ref, dict: widget }) => ({ ref, dict: widget }));
    if (widgets.length === 0 && isName(dict.get('Subtype'), 'Widget'))
      widgets.push({ ref: node instanceof PdfRef ? node : undefined, dict });
    out.push({ fieldName: fullName, fieldRef: node instanceof PdfRef ? node : undefined, value: dict.get('V'), widgets });
    return undefined;
  });
  return out;
}

/** Maps each annotation object number to the page (1-based) whose /Annots lists it. */
export function annotationPages(doc: PdfDocument): Map<number, number> {
  const map = new Map<number, number>();
  for (const page of doc.allPages()) {
    const annots = doc.resolve(page.dict.get('Annots'));
    if (!Array.isArray(annots)) continue;
    for (const a of annots) if (a instanceof PdfRef && !map.has(a.num)) map.set(a.num, page.number);
  }
  return map;
}

export function readRect(doc: PdfDocument, value: PdfValue | undefined): PdfRect | undefined {
  const arr = doc.resolve(value);
  if (!Array.isArray(arr) || arr.length !== 4) return undefined;
  const n = arr.map((x) => doc.resolve(x));
  if (!n.every((x): x is number => typeof x === 'number' && Number.isFinite(x))) return undefined;
  return [Math.min(n[0], n[2]), Math.min(n[1], n[3]), Math.max(n[0], n[2]), Math.max(n[1], n[3])];
}

import { PdfDocument } from './document';
import { tooComplex } from './errors';
import { decodeText } from './form-update';
import { PdfDict, PdfRef, PdfString, PdfValue, isName } from './objects';
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
  const acroForm = doc.resolveDict(doc.catalog().get('AcroForm'));
  const fields = doc.resolve(acroForm?.get('Fields'));
  const out: FoundSignatureField[] = [];
  if (!Array.isArray(fields)) return out;
  const visited = new Set<number>();
  const walk = (node: PdfValue, prefix: string, inheritedFt: PdfValue | undefined, depth: number) => {
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
    const ft = dict.get('FT') ?? inheritedFt;
    const kids = doc.resolve(dict.get('Kids'));
    const kidDicts = Array.isArray(kids) ? kids.map((k) => ({ ref: k instanceof PdfRef ? k : undefined, dict: doc.resolveDict(k) })) : [];
    // Kids without /T are this field's widgets; kids with /T are child fields (§12.7.3.1).
    const childFields = kidDicts.filter((k) => k.dict?.has('T'));
    if (childFields.length > 0) {
      for (const kid of kids as PdfValue[]) {
        const kd = doc.resolveDict(kid);
        if (kd?.has('T')) walk(kid, full, ft, depth + 1);
      }
      return;
    }
    if (!isName(doc.resolve(ft), 'Sig')) return;
    const widgets = kidDicts.filter((k): k is { ref: PdfRef | undefined; dict: PdfDict } => k.dict !== undefined && !k.dict.has('T'));
    if (widgets.length === 0 && isName(dict.get('Subtype'), 'Widget')) widgets.push({ ref: node instanceof PdfRef ? node : undefined, dict });
    out.push({ fieldName: full, fieldRef: node instanceof PdfRef ? node : undefined, value: dict.get('V'), widgets });
  };
  for (const f of fields) walk(f, '', undefined, 0);
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

import type { OfdPackage, OfdPage } from './ofd-package';
import { malformed } from './ofd-error';
import { child } from './xml-read';

export interface PageBox {
  widthMm: number;
  heightMm: number;
}

/** A page's size: its own Area/PhysicalBox, else the document's CommonData/PageArea/PhysicalBox. */
export function pageBox(pkg: OfdPackage, page: OfdPage): PageBox {
  const own = pkg.has(page.contentPath) ? physicalBox(child(pkg.xml(page.contentPath).root, 'Area')) : undefined;
  if (own) return own;
  const common = child(pkg.xml(pkg.documentPath).root, 'CommonData');
  const box = physicalBox(common && child(common, 'PageArea'));
  if (!box) throw malformed('neither the page nor the document gives a page size (PhysicalBox)', { page: page.id });
  return box;
}

function physicalBox(area: ReturnType<typeof child>): PageBox | undefined {
  const text = area && child(area, 'PhysicalBox')?.text.trim();
  if (!text) return undefined;
  const numbers = text.split(/\s+/).map(Number);
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n)) || numbers[2]! <= 0 || numbers[3]! <= 0)
    throw malformed('a PhysicalBox is not four numbers with a positive size');
  return { widthMm: numbers[2]!, heightMm: numbers[3]! };
}

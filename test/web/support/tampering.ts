import { PdfDict, PdfName } from '../../../core/src/pdf/objects';
import { appendUpdate } from '../../../core/src/pdf/__tests__/helpers';

/** After signing, an incremental update gives page 1 new content: what a forger who rewrites a sealed page does. */
export function rewritePageOne(signed: Uint8Array, text = 'Amount: 900'): Uint8Array {
  return appendUpdate(signed, (doc, update) => {
    const page = doc.getPage(1);
    const content = update.allocate();
    const body = Buffer.from(`BT /F1 14 Tf 50 700 Td (${text}) Tj ET`, 'latin1');
    update.put(content, { dict: new PdfDict().set('Length', body.length), data: body });
    update.put(page.ref, new PdfDict(page.dict.map).set('Contents', content).set('Type', new PdfName('Page')));
  });
}

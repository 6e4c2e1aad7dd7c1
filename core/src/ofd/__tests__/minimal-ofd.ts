/** TEST-ONLY: minimal valid OFD documents (GB/T 33190) of any page count, built with our zip writer. */
import { randomBytes } from 'node:crypto';
import { writeZip, type ZipSource } from '../zip-write';

const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const DECL = '<?xml version="1.0" encoding="UTF-8"?>';

export interface MinimalOfdOptions {
  pages?: number;
  /** Bytes of incompressible image data per page (a scanned page); 0 for text only. */
  imageBytesPerPage?: number;
}

/** An A4 document with one line of text per page, optionally an image per page. */
export function minimalOfd(options: MinimalOfdOptions = {}): Uint8Array {
  const pageCount = options.pages ?? 1;
  const imageBytes = options.imageBytesPerPage ?? 0;
  const files: ZipSource[] = [];
  const add = (name: string, text: string) => files.push({ name, data: Buffer.from(DECL + text, 'utf8'), compress: true });

  add(
    'OFD.xml',
    `<ofd:OFD ${NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>${randomBytes(16).toString('hex')}</ofd:DocID><ofd:Creator>eseal tests</ofd:Creator><ofd:CreationDate>2026-06-01</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
  );
  // Object IDs are unique across the document: 1 is the font, then per page its ID, layer, text and image.
  let nextId = 2;
  const pages = Array.from({ length: pageCount }, (_, i) => ({
    i,
    id: nextId++,
    layer: nextId++,
    text: nextId++,
    image: imageBytes > 0 ? nextId++ : 0,
    media: imageBytes > 0 ? nextId++ : 0,
  }));
  const documentRes = imageBytes > 0 ? '<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>' : '';
  add(
    'Doc_0/Document.xml',
    `<ofd:Document ${NS}><ofd:CommonData><ofd:MaxUnitID>${nextId - 1}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>${documentRes}</ofd:CommonData><ofd:Pages>` +
      pages.map((p) => `<ofd:Page ID="${p.id}" BaseLoc="Pages/Page_${p.i}/Content.xml"/>`).join('') +
      '</ofd:Pages></ofd:Document>',
  );
  add(
    'Doc_0/PublicRes.xml',
    `<ofd:Res ${NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="SimSun" FamilyName="SimSun"/></ofd:Fonts></ofd:Res>`,
  );
  if (imageBytes > 0) {
    const media = pages
      .map((p) => `<ofd:MultiMedia ID="${p.media}" Type="Image"><ofd:MediaFile>page-${p.i}.png</ofd:MediaFile></ofd:MultiMedia>`)
      .join('');
    add('Doc_0/DocumentRes.xml', `<ofd:Res ${NS} BaseLoc="Res"><ofd:MultiMedias>${media}</ofd:MultiMedias></ofd:Res>`);
  }
  for (const p of pages) {
    const image =
      imageBytes > 0 ? `<ofd:ImageObject ID="${p.image}" ResourceID="${p.media}" Boundary="10 60 190 180" CTM="190 0 0 180 0 0"/>` : '';
    add(
      `Doc_0/Pages/Page_${p.i}/Content.xml`,
      `<ofd:Page ${NS}><ofd:Content><ofd:Layer ID="${p.layer}">` +
        `<ofd:TextObject ID="${p.text}" Boundary="20 20 170 10" Font="1" Size="5"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="5">Page ${p.i + 1} of the test document ${randomBytes(4).toString('hex')}</ofd:TextCode></ofd:TextObject>` +
        `${image}</ofd:Layer></ofd:Content></ofd:Page>`,
    );
    // Scanned pages are already-compressed images: stored, as producers do.
    if (imageBytes > 0) files.push({ name: `Doc_0/Res/page-${p.i}.png`, data: randomBytes(imageBytes), compress: false });
  }
  return writeZip(files, new Date('2026-06-01T00:00:00Z'));
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { SealError } from '../errors';
import { inspectOfdSignatures } from './inspect-ofd';
import { OfdPackage } from './ofd-package';
import { parseXml } from './xml-read';
import { DEFAULT_OFD_LIMITS } from './limits';
import { ZipArchive } from './zip-read';
import { writeZip, type ZipSource } from './zip-write';
import { minimalOfd } from './__tests__/minimal-ofd';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SealError) return error.code;
    throw error;
  }
  return undefined;
};

/** The minimal document with some files replaced or added. */
function withFiles(files: Record<string, string | Uint8Array>): Uint8Array {
  const pkg = OfdPackage.open(minimalOfd());
  const sources: ZipSource[] = pkg.paths.filter((p) => !(p in files)).map((p) => ({ name: p, data: pkg.file(p), compress: true }));
  for (const [name, data] of Object.entries(files))
    sources.push({ name, data: typeof data === 'string' ? Buffer.from(data) : data, compress: true });
  return writeZip(sources, new Date());
}

const OFD_XML = (docRoot: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>${extra}<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>${docRoot}</ofd:DocRoot></ofd:DocBody></ofd:OFD>`;

describe('OFD container: hostile input gets coded errors', () => {
  it('reads what it writes, and an independent unzip agrees', () => {
    const ofd = minimalOfd({ pages: 3, imageBytesPerPage: 2000 });
    const pkg = OfdPackage.open(ofd);
    expect(pkg.pages()).toHaveLength(3);
    expect(pkg.paths).toContain('Doc_0/Res/page-2.png');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ofd-zip-'));
    try {
      fs.writeFileSync(path.join(dir, 'doc.ofd'), ofd);
      expect(execFileSync('unzip', ['-t', path.join(dir, 'doc.ofd')]).toString()).toContain('No errors detected');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses input that is not a zip, and a corrupted entry (CRC)', () => {
    expect(codeOf(() => OfdPackage.open(Buffer.from('%PDF-1.7 not a zip')))).toBe('OFD_MALFORMED');
    const ofd = Buffer.from(minimalOfd({ imageBytesPerPage: 100 }));
    const at = ofd.indexOf(Buffer.from('Doc_0/Res/page-0.png')) + 'Doc_0/Res/page-0.png'.length + 10;
    ofd[at] ^= 0xff;
    expect(codeOf(() => OfdPackage.open(ofd).file('Doc_0/Res/page-0.png'))).toBe('OFD_MALFORMED');
  });

  it('refuses a zip bomb by ratio, a lying size header, and too much in total', () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    expect(codeOf(() => OfdPackage.open(withFiles({ 'Doc_0/bomb.xml': zeros })))).toBe('OFD_TOO_LARGE');

    // A header that declares 1 KiB for 5 MiB of deflate output is caught while inflating, not trusted.
    const small = Buffer.from(writeZip([{ name: 'a.bin', data: Buffer.alloc(1024), compress: true }], new Date()));
    const compressed = deflateRawSync(Buffer.alloc(5 * 1024 * 1024));
    const liar = Buffer.concat([small.subarray(0, 30 + 5), compressed]);
    liar.writeUInt32LE(compressed.length, 18);
    const central = Buffer.from(small.subarray(small.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))));
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(liar.length, central.length - 6);
    const archive = ZipArchive.read(Buffer.concat([liar, central]), DEFAULT_OFD_LIMITS);
    expect(codeOf(() => archive.read(archive.entry('a.bin')!))).toBe('OFD_TOO_LARGE');

    expect(codeOf(() => OfdPackage.open(minimalOfd({ pages: 4, imageBytesPerPage: 100_000 }), { maxTotalBytes: 300_000 }))).toBe(
      'OFD_TOO_LARGE',
    );
    expect(codeOf(() => OfdPackage.open(minimalOfd({ pages: 30 }), { maxEntries: 10 }))).toBe('OFD_TOO_LARGE');
  });

  it('refuses overlapping entries (one compressed body shared by many names)', () => {
    const inner = Buffer.from(writeZip([{ name: 'b.xml', data: Buffer.from('<b/>'), compress: false }], new Date()));
    const innerLocal = inner.subarray(0, 30 + 5 + 4);
    const outer = Buffer.from(writeZip([{ name: 'a.xml', data: innerLocal, compress: false }], new Date()));
    const cdStart = outer.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const centralA = outer.subarray(cdStart, cdStart + 46 + 5);
    const centralB = Buffer.from(
      inner.subarray(inner.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])), inner.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 46 + 5),
    );
    centralB.writeUInt32LE(30 + 5, 42); // B's local header sits inside A's data
    const eocd = Buffer.from(outer.subarray(outer.length - 22));
    eocd.writeUInt16LE(2, 8);
    eocd.writeUInt16LE(2, 10);
    eocd.writeUInt32LE(centralA.length + centralB.length, 12);
    const zip = Buffer.concat([outer.subarray(0, cdStart), centralA, centralB, eocd]);
    expect(codeOf(() => ZipArchive.read(zip, DEFAULT_OFD_LIMITS))).toBe('OFD_UNSAFE_CONTENT');
  });

  it.each([['../evil.xml'], ['/etc/passwd'], ['Doc_0\\..\\evil.xml'], ['C:/evil.xml'], ['Doc_0/./x.xml'], ['Doc_0//x.xml']])(
    'refuses the entry name %s',
    (name) => {
      expect(codeOf(() => OfdPackage.open(withFiles({ [name]: '<x/>' })))).toBe('OFD_UNSAFE_CONTENT');
    },
  );

  it('refuses two entries with one name (differing only in case, too)', () => {
    expect(codeOf(() => OfdPackage.open(withFiles({ 'doc_0/document.xml': '<x/>' })))).toBe('OFD_UNSAFE_CONTENT');
  });

  it('refuses locations that climb out of the container', () => {
    expect(codeOf(() => OfdPackage.open(withFiles({ 'OFD.xml': OFD_XML('../../Doc_0/Document.xml') })))).toBe('OFD_UNSAFE_CONTENT');
    const signs = withFiles({
      'OFD.xml': OFD_XML('Doc_0/Document.xml').replace(
        '</ofd:DocBody>',
        '<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody>',
      ),
      'Doc_0/Signs/Signatures.xml':
        '<ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Signature ID="1" BaseLoc="../../../../etc/passwd"/></ofd:Signatures>',
    });
    expect(codeOf(() => inspectOfdSignatures(signs))).toBe('OFD_UNSAFE_CONTENT');
  });

  it('refuses DOCTYPE and entity references (no entity is ever expanded)', () => {
    const billionLaughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>';
    expect(codeOf(() => OfdPackage.open(withFiles({ 'OFD.xml': OFD_XML('Doc_0/Document.xml', billionLaughs) })))).toBe(
      'OFD_UNSAFE_CONTENT',
    );
    const external = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
    expect(codeOf(() => OfdPackage.open(withFiles({ 'OFD.xml': OFD_XML('&xxe;', external) })))).toBe('OFD_UNSAFE_CONTENT');
    expect(codeOf(() => OfdPackage.open(withFiles({ 'OFD.xml': OFD_XML('Doc_0/&xxe;') })))).toBe('OFD_UNSAFE_CONTENT');
    expect(OfdPackage.open(withFiles({ 'OFD.xml': OFD_XML('Doc_0&#x2F;Document&#46;xml') })).documentPath).toBe('Doc_0/Document.xml');
  });

  it('refuses huge and deeply nested XML before building it', () => {
    const huge = OFD_XML('Doc_0/Document.xml', `<!--${'x'.repeat(DEFAULT_OFD_LIMITS.maxXmlBytes)}-->`);
    expect(codeOf(() => OfdPackage.open(withFiles({ 'OFD.xml': huge })))).toBe('OFD_TOO_LARGE');
    const deep = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);
    expect(codeOf(() => parseXml(Buffer.from(deep), DEFAULT_OFD_LIMITS, 'deep.xml'))).toBe('OFD_TOO_LARGE');
    const wide = `<a>${'<b/>'.repeat(DEFAULT_OFD_LIMITS.maxXmlElements + 1)}</a>`;
    expect(codeOf(() => parseXml(Buffer.from(wide), DEFAULT_OFD_LIMITS, 'wide.xml'))).toBe('OFD_TOO_LARGE');
  });

  it.each([
    ['unclosed element', '<a><b></a>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['text after the root', '<a/>junk'],
    ['unquoted attribute', '<a x=1/>'],
    ['non-UTF-8 encoding', '<?xml version="1.0" encoding="GBK"?><a/>'],
    ['stray ampersand', '<a>fish & chips</a>'],
  ])('refuses malformed XML: %s', (_why, xml) => {
    expect(codeOf(() => parseXml(Buffer.from(xml), DEFAULT_OFD_LIMITS, 'test.xml'))).toBe('OFD_MALFORMED');
  });

  it('reads the XML OFD producers write: prefixes, CDATA, comments, character references', () => {
    const { root } = parseXml(
      Buffer.from(
        '\ufeff<?xml version="1.0" encoding="utf-8"?><!-- c --><ofd:A xmlns:ofd="x" k=\'v&amp;w\'><B><![CDATA[a<b]]></B><?pi x?><C>&#x4e2d;&#25991;</C></ofd:A>',
      ),
      DEFAULT_OFD_LIMITS,
      't.xml',
    );
    expect(root.local).toBe('A');
    expect(root.attributes.get('k')).toBe('v&w');
    expect(root.children.map((c) => c.text)).toEqual(['a<b', '中文']);
  });
});

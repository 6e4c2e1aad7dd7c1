import { SealError } from '../errors';
import { OfdPackage } from './ofd-package';
import { readSignatureList, signIdAllocator } from './signature-list';
import { writeZip } from './zip-write';
import { minimalOfd } from './__tests__/minimal-ofd';

const list = (maxSignId: string | undefined, ...ids: string[]) => ({
  maxSignId,
  entries: ids.map((id) => ({ id, type: 'Seal', signaturePath: 'x', attributes: new Map() })),
});

describe('signature IDs', () => {
  it('continue the form producers used: bare numbers, prefixed, zero-padded', () => {
    const take = (next: () => string, n: number) => Array.from({ length: n }, next);
    expect(take(signIdAllocator(list(undefined)), 2)).toEqual(['1', '2']);
    expect(take(signIdAllocator(list('2', '1')), 2)).toEqual(['3', '4']);
    expect(take(signIdAllocator(list('s002', 's001')), 2)).toEqual(['s003', 's004']);
    // Unusable IDs are ignored rather than producing "Infinity" or duplicates.
    expect(take(signIdAllocator(list('9'.repeat(400), 'abc')), 1)).toEqual(['1']);
  });
});

describe('Signatures.xml', () => {
  it('refuses a list longer than the limit', () => {
    const pkg = OfdPackage.open(minimalOfd());
    const entries = Array.from({ length: 20 }, (_, i) => `<ofd:Signature ID="${i}" BaseLoc="Sign_${i}/Signature.xml"/>`).join('');
    const ofd = writeZip(
      [
        ...pkg.paths.map((p) => ({ name: p, data: pkg.file(p), compress: true })),
        {
          name: 'Doc_0/Signs/Signatures.xml',
          data: Buffer.from(`<ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016">${entries}</ofd:Signatures>`),
          compress: true,
        },
      ],
      new Date(),
    );
    const small = OfdPackage.open(ofd, { maxSignatures: 10 });
    expect(() => readSignatureList(small, 'Doc_0/Signs/Signatures.xml')).toThrow(
      expect.objectContaining({ code: 'OFD_TOO_LARGE' }) as SealError,
    );
    expect(readSignatureList(OfdPackage.open(ofd), 'Doc_0/Signs/Signatures.xml').entries).toHaveLength(20);
  });
});

import { memoByContent } from './content-memo';

describe('memoByContent', () => {
  it('computes once per array while its bytes are unchanged', () => {
    const fn = jest.fn((b: Uint8Array) => b[0]);
    const memo = memoByContent(fn);
    const bytes = new Uint8Array([1, 2]);
    expect(memo(bytes)).toBe(1);
    expect(memo(bytes)).toBe(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('recomputes when the array was changed in place', () => {
    const memo = memoByContent((b: Uint8Array) => b[0]);
    const bytes = new Uint8Array([1, 2]);
    expect(memo(bytes)).toBe(1);
    bytes[0] = 9;
    expect(memo(bytes)).toBe(9);
  });

  it('keeps no failure', () => {
    let fail = true;
    const memo = memoByContent(() => {
      if (fail) throw new Error('bad');
      return 'ok';
    });
    const bytes = new Uint8Array([1]);
    expect(() => memo(bytes)).toThrow('bad');
    fail = false;
    expect(memo(bytes)).toBe('ok');
  });
});

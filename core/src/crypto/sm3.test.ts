import { createSm3, sm3 } from './sm3';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'ascii'));

describe('SM3 (GB/T 32905-2016 appendix A)', () => {
  test('example 1: "abc"', () => {
    expect(hex(sm3(ascii('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  test('example 2: "abcd" x 16 (512 bits)', () => {
    expect(hex(sm3(ascii('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  test('parts and the incremental hash equal the one-shot hash', () => {
    const whole = ascii('abcd'.repeat(16));
    expect(hex(sm3(whole.subarray(0, 5), whole.subarray(5)))).toBe(hex(sm3(whole)));
    const h = createSm3();
    h.update(whole.subarray(0, 33));
    h.update(whole.subarray(33));
    expect(h.digest('hex')).toBe(hex(sm3(whole)));
  });

  test('empty input', () => {
    expect(hex(sm3())).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
  });
});

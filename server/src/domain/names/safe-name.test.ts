import { isSealError } from '@eseal/core';
import { assertSafeName, unsafeNameCharacter } from './safe-name';

describe('safe names', () => {
  it.each([['天津测试科技有限公司'], ['阿依古丽·买买提'], ['ACME (Tianjin) Co., Ltd.'], ["O'Brien-Smith"], ['株式会社　東京']])(
    'accepts %p',
    (name) => {
      expect(unsafeNameCharacter(name)).toBeUndefined();
    },
  );

  it.each([
    ['\u202E', 'U+202E'],
    ['\u202A', 'U+202A'],
    ['\u2066', 'U+2066'],
    ['\u2069', 'U+2069'],
    ['\u200E', 'U+200E'],
    ['\u200F', 'U+200F'],
    ['\u061C', 'U+061C'],
    ['\u200B', 'U+200B'],
    ['\u200C', 'U+200C'],
    ['\u200D', 'U+200D'],
    ['\u2060', 'U+2060'],
    ['\uFEFF', 'U+FEFF'],
    ['\u00AD', 'U+00AD'],
    ['\u0000', 'U+0000'],
    ['\n', 'U+000A'],
    ['\u007F', 'U+007F'],
    ['\u0085', 'U+0085'],
    ['\u2028', 'U+2028'],
    ['\u2029', 'U+2029'],
    ['\uE000', 'U+E000'],
    ['\uD800', 'U+D800'],
    ['\u3164', 'U+3164'],
    ['\u115F', 'U+115F'],
  ])('refuses %p inside a name', (character, codePoint) => {
    expect(unsafeNameCharacter(`天津${character}科技`)).toBe(codePoint);
    try {
      assertSafeName(`天津${character}科技`, 'name');
      throw new Error('accepted');
    } catch (error) {
      expect(isSealError(error) && [error.code, error.details]).toEqual([
        'VALIDATION_FAILED',
        { field: 'name', character: codePoint, reason: 'UNSAFE_NAME_CHARACTER' },
      ]);
    }
  });
});

import { findQueryProblem, strictQueryParser } from './strict-query';
import { maskPersonalText } from './personal-data-redaction';

describe('strict query parsing', () => {
  it('only ever yields strings, never objects or arrays', () => {
    const q = strictQueryParser('unitId[$gt]=&a=1&a=2&b=%7B%22%24gt%22%3A%22%22%7D&__proto__=x');
    expect(q['unitId[$gt]']).toBe('');
    expect(q.a).toBe('1');
    expect(q.b).toBe('{"$gt":""}');
    expect(Object.getPrototypeOf(q)).toBeNull();
    expect(Object.values(q).every((v) => typeof v === 'string')).toBe(true);
  });

  it.each([
    ['unitId[$gt]=', 'unitId[$gt]'],
    ['unitId[]=a', 'unitId[]'],
    ['$where=1', '$where'],
    ['a=1&a=2', 'a'],
  ])('finds the problem in %p', (query, path) => {
    expect(findQueryProblem(query)?.path).toBe(path);
  });

  it('accepts ordinary queries and refuses more than 64 parameters', () => {
    expect(findQueryProblem('unitId=unit_A&limit=10')).toBeUndefined();
    expect(findQueryProblem(Array.from({ length: 65 }, (_, i) => `p${i}=1`).join('&'))).toBeDefined();
  });
});

describe('masking personal data in text', () => {
  it('masks resident ID numbers and mobile numbers, not hashes or timestamps', () => {
    expect(maskPersonalText('id 11010519491231002X phone 13912345678')).toBe('id 110***********002X phone 139****5678');
    const hash = 'a1101051949123100278ef';
    expect(maskPersonalText(hash)).toBe(hash);
    expect(maskPersonalText('"time":1763880000000')).toBe('"time":1763880000000');
  });
});

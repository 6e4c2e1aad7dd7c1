import { isValidResidentId } from './resident-id';
import { syntheticResidentId, syntheticUscc } from './synthetic';
import { isValidUscc } from './uscc';

describe('synthetic identifiers', () => {
  it('are valid and do not repeat over many draws', () => {
    const ids = Array.from({ length: 20_000 }, syntheticResidentId);
    expect(ids.filter((id) => !isValidResidentId(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    const codes = Array.from({ length: 20_000 }, syntheticUscc);
    expect(codes.filter((code) => !isValidUscc(code))).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('use the whole space: every address digit, birth decades from the 1940s to the 2000s', () => {
    const ids = Array.from({ length: 5_000 }, syntheticResidentId);
    expect(new Set(ids.map((id) => id[0])).size).toBe(8);
    expect(new Set(ids.map((id) => id.slice(6, 9)))).toEqual(new Set(['194', '195', '196', '197', '198', '199', '200']));
  });
});

import type { SealPage } from './model';
import { ContractHarness, UNIT_A, UNIT_B, failure, sealInput } from '../__tests__/harness';

describe('QuerySealsByUnit', () => {
  async function harnessWithSeals(): Promise<ContractHarness> {
    const h = new ContractHarness();
    // Issued out of order: pages come back in seal-id (key) order regardless.
    for (const id of ['A-05', 'A-01', 'A-07', 'A-03', 'A-02', 'A-06', 'A-04']) await h.submit('IssueSeal', [sealInput(id)]);
    for (const id of ['B-01', 'B-02']) await h.submit('IssueSeal', [sealInput(id, { unitId: UNIT_B })]);
    return h;
  }

  it('pages through one unit only, in key order, with a bookmark that ends empty', async () => {
    const h = await harnessWithSeals();
    const pages: SealPage[] = [];
    let bookmark = '';
    do {
      const page = await h.evaluate<SealPage>('QuerySealsByUnit', [UNIT_A, '3', bookmark]);
      pages.push(page);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(pages.map((p) => p.seals.map((s) => s.sealId))).toEqual([['A-01', 'A-02', 'A-03'], ['A-04', 'A-05', 'A-06'], ['A-07']]);
    expect(pages.map((p) => p.fetched)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.seals).every((s) => s.unitId === UNIT_A)).toBe(true);
  });

  it('returns an empty page for a unit without seals', async () => {
    const h = await harnessWithSeals();
    expect(await h.evaluate<SealPage>('QuerySealsByUnit', ['91120000MA05EMPTY0', '10', ''])).toEqual({ seals: [], bookmark: '', fetched: 0 });
  });

  it.each(['0', '101', '-1', '2.5', 'ten'])('rejects page size %s', async (size) => {
    const h = new ContractHarness();
    expect((await failure(h.evaluate('QuerySealsByUnit', [UNIT_A, size, '']))).code).toBe('VALIDATION_FAILED');
  });
});

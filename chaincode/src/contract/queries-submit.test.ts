import { TransactionStub } from '../runtime/transaction-stub';
import { ContractHarness, UNIT_A, failure, sealInput } from '../__tests__/harness';

describe('QuerySealsByUnit submitted instead of evaluated', () => {
  afterEach(() => jest.restoreAllMocks());

  it('fails with VALIDATION_FAILED, not a TypeError, when the peer returns no pagination metadata', async () => {
    const h = new ContractHarness();
    await h.submit('IssueSeal', [sealInput('A-01')]);
    // What fabric-shim hands back in a submitted transaction: the iterator, and no metadata at all.
    const original = TransactionStub.prototype.getStateByPartialCompositeKeyWithPagination;
    let closed = false;
    const withoutMetadata = async function (this: TransactionStub, ...args: Parameters<typeof original>) {
      const { iterator } = await original.apply(this, args);
      const close = iterator.close.bind(iterator);
      iterator.close = async () => {
        closed = true;
        await close();
      };
      return { iterator };
    };
    jest.spyOn(TransactionStub.prototype, 'getStateByPartialCompositeKeyWithPagination').mockImplementation(withoutMetadata as never);
    const err = await failure(h.submit('QuerySealsByUnit', [UNIT_A, '10', '']));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toMatch(/evaluate it/);
    expect(closed).toBe(true);
  });
});

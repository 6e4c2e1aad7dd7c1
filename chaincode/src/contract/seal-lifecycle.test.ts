import type { SealHistoryEntry, SealRecord } from './model';
import { ContractHarness, MAKER, POLICE, UNIT_A, failure, hex, sealInput } from '../__tests__/harness';

const issue = (h: ContractHarness, id: string, overrides: Record<string, unknown> = {}, at?: string) =>
  h.submit<{ seal: SealRecord; created: boolean }>('IssueSeal', [sealInput(id, overrides)], { at });

describe('IssueSeal', () => {
  it('stores an ACTIVE seal with an ISSUED timeline entry and emits SealIssued', async () => {
    const h = new ContractHarness();
    const { result, event, txId } = await issue(h, 'S-001');
    expect(result.created).toBe(true);
    expect(result.seal).toMatchObject({
      sealId: 'S-001',
      status: 'ACTIVE',
      version: 1,
      issuedBy: 'MakerMSP',
      issuedAt: '2026-01-10T00:00:00.000Z',
    });
    expect(result.seal.timeline).toEqual([
      expect.objectContaining({ event: 'ISSUED', status: 'ACTIVE', txId, at: '2026-01-10T00:00:00.000Z' }),
    ]);
    expect(event?.name).toBe('SealIssued');
    expect(JSON.parse(Buffer.from(event!.payload).toString())).toMatchObject({
      sealId: 'S-001',
      unitId: UNIT_A,
      status: 'ACTIVE',
      version: 1,
    });
    expect(await h.evaluate<SealRecord>('GetSeal', ['S-001'])).toEqual(result.seal);
  });

  it('writes canonical JSON with sorted keys', async () => {
    const h = new ContractHarness();
    const { writeSet } = await issue(h, 'S-001');
    const sealWrite = writeSet.find((w) => w.key.includes('seal\u0000S-001'))!;
    const text = Buffer.from(sealWrite.value!).toString();
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
    expect(text).not.toContain('undefined');
  });

  it('treats an identical re-issue as a no-op and a different one as a conflict', async () => {
    const h = new ContractHarness();
    await issue(h, 'S-001');
    const again = await issue(h, 'S-001');
    expect(again.result.created).toBe(false);
    expect(again.writeSet).toEqual([]);
    expect(again.event).toBeNull();
    expect((await failure(issue(h, 'S-001', { sesealSm3: hex('other') }))).code).toBe('LEDGER_CONFLICT');
  });

  it.each([
    ['an unknown field (no personal data may ride along)', { holderName: '张三' }],
    ['a malformed hash', { imprintSm3: 'ABC' }],
    ['an upper-case hash', { certSm3: hex('x').toUpperCase() }],
    ['a non-canonical time', { validFrom: '2026-01-01T00:00:00Z' }],
    ['an unknown kind', { kind: 'SECRET' }],
    ['a unit id that is neither a credit code nor a hash', { unitId: 'unit 1' }],
    ['a window that ends before it starts', { validFrom: '2027-01-01T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z' }],
    ['a window already over at the transaction time', { validFrom: '2025-01-01T00:00:00.000Z', validTo: '2026-01-01T00:00:00.000Z' }],
  ])('rejects %s with VALIDATION_FAILED', async (_label, overrides) => {
    const h = new ContractHarness();
    expect((await failure(issue(h, 'S-001', overrides))).code).toBe('VALIDATION_FAILED');
    expect(h.state.size).toBe(0);
  });

  it('rejects an argument that is not a JSON object', async () => {
    const h = new ContractHarness();
    expect((await failure(h.submit('IssueSeal', ['not json']))).code).toBe('VALIDATION_FAILED');
    expect((await failure(h.submit('IssueSeal', ['[1,2]']))).code).toBe('VALIDATION_FAILED');
  });

  it('allows one active legal-name seal per unit, and a new one once the old is revoked', async () => {
    const h = new ContractHarness();
    await issue(h, 'LN-1', { kind: 'LEGAL_NAME' });
    await issue(h, 'FIN-1', { kind: 'FINANCE' });
    const dup = await failure(issue(h, 'LN-2', { kind: 'LEGAL_NAME' }));
    expect(dup.code).toBe('DUPLICATE_LEGAL_NAME_SEAL');
    expect(dup.details).toEqual({ existingSealId: 'LN-1' });
    await h.submit('RevokeSeal', [{ sealId: 'LN-1', reason: 'PHYSICAL_SEAL_RETIRED' }]);
    expect((await issue(h, 'LN-2', { kind: 'LEGAL_NAME' })).result.created).toBe(true);
  });
});

describe('ChangeSeal', () => {
  it('records new seal data and certificate, keeping imprint and validity', async () => {
    const h = new ContractHarness();
    const { result: issued } = await issue(h, 'S-001');
    const change = { sealId: 'S-001', reason: 'UNIT_INFO_CHANGED', sesealSm3: hex('seseal-2'), certSerial: 'ff01', certSm3: hex('cert-2') };
    const { result, event } = await h.submit<SealRecord>('ChangeSeal', [change], { at: '2026-02-01T00:00:00.000Z' });
    expect(result).toMatchObject({
      version: 2,
      sesealSm3: hex('seseal-2'),
      certSerial: 'ff01',
      imprintSm3: issued.seal.imprintSm3,
      validTo: issued.seal.validTo,
    });
    expect(result.timeline[1]).toMatchObject({ event: 'CHANGED', reason: 'UNIT_INFO_CHANGED', at: '2026-02-01T00:00:00.000Z' });
    expect(event?.name).toBe('SealChanged');
  });

  it('rejects a change that alters nothing, and a certificate serial without its hash', async () => {
    const h = new ContractHarness();
    const { result } = await issue(h, 'S-001');
    expect((await failure(h.submit('ChangeSeal', [{ sealId: 'S-001', reason: 'X', sesealSm3: result.seal.sesealSm3 }]))).code).toBe(
      'INVALID_TRANSITION',
    );
    expect((await failure(h.submit('ChangeSeal', [{ sealId: 'S-001', reason: 'X', certSerial: 'ff' }]))).code).toBe('VALIDATION_FAILED');
    expect((await failure(h.submit('ChangeSeal', [{ sealId: 'S-001', reason: 'free text reason', sesealSm3: hex('n') }]))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await failure(h.submit('ChangeSeal', [{ sealId: 'NOPE', reason: 'X', sesealSm3: hex('n') }]))).code).toBe('NOT_FOUND');
  });
});

describe('RenewSeal', () => {
  const renewal = (validTo = '2028-01-01T00:00:00.000Z', extra: Record<string, unknown> = {}) => ({
    sealId: 'S-001',
    certSerial: 'beef',
    certSm3: hex('cert-renewed'),
    sesealSm3: hex('seseal-renewed'),
    validFrom: '2026-12-15T00:00:00.000Z',
    validTo,
    ...extra,
  });

  it('is refused before the 30-day window and accepted inside it', async () => {
    const h = new ContractHarness();
    await issue(h, 'S-001');
    const early = await failure(h.submit('RenewSeal', [renewal()], { at: '2026-12-01T00:00:00.000Z' }));
    expect(early.code).toBe('RENEWAL_WINDOW_CLOSED');
    const { result, event } = await h.submit<SealRecord>('RenewSeal', [renewal()], { at: '2026-12-20T00:00:00.000Z' });
    expect(result).toMatchObject({ validTo: '2028-01-01T00:00:00.000Z', certSerial: 'beef', version: 2, status: 'ACTIVE' });
    expect(result.timeline.map((e) => e.event)).toEqual(['ISSUED', 'RENEWED']);
    expect(event?.name).toBe('SealRenewed');
  });

  it('keeps the imprint, must extend validity and may not start in the future', async () => {
    const h = new ContractHarness();
    await issue(h, 'S-001');
    const at = { at: '2026-12-20T00:00:00.000Z' };
    expect((await failure(h.submit('RenewSeal', [renewal(undefined, { imprintSm3: hex('new imprint') })], at))).code).toBe(
      'INVALID_TRANSITION',
    );
    expect((await failure(h.submit('RenewSeal', [renewal('2026-12-31T00:00:00.000Z')], at))).code).toBe('VALIDATION_FAILED');
    expect((await failure(h.submit('RenewSeal', [renewal(undefined, { validFrom: '2026-12-25T00:00:00.000Z' })], at))).code).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('RevokeSeal and dead seals', () => {
  it('accepts only the closed list of reasons', async () => {
    const h = new ContractHarness();
    await issue(h, 'S-001');
    expect((await failure(h.submit('RevokeSeal', [{ sealId: 'S-001', reason: 'BORED' }]))).code).toBe('INVALID_REVOCATION_REASON');
    const { result, event } = await h.submit<SealRecord>('RevokeSeal', [{ sealId: 'S-001', reason: 'KEY_LEAKED' }], { as: POLICE });
    expect(result).toMatchObject({ status: 'REVOKED', revocation: { reason: 'KEY_LEAKED', byMsp: 'PublicSecurityMSP' } });
    expect(event?.name).toBe('SealRevoked');
  });

  it('rejects change, renewal and a second revocation of a revoked seal', async () => {
    const h = new ContractHarness();
    await issue(h, 'S-001');
    await h.submit('RevokeSeal', [{ sealId: 'S-001', reason: 'SEAL_LOST_OR_STOLEN' }]);
    const at = { at: '2026-12-20T00:00:00.000Z' };
    expect((await failure(h.submit('ChangeSeal', [{ sealId: 'S-001', reason: 'X', sesealSm3: hex('n') }]))).code).toBe('SEAL_REVOKED');
    expect(
      (
        await failure(
          h.submit(
            'RenewSeal',
            [
              {
                sealId: 'S-001',
                certSerial: 'aa',
                certSm3: hex('c'),
                sesealSm3: hex('s'),
                validFrom: '2026-12-20T00:00:00.000Z',
                validTo: '2028-01-01T00:00:00.000Z',
              },
            ],
            at,
          ),
        )
      ).code,
    ).toBe('SEAL_REVOKED');
    expect((await failure(h.submit('RevokeSeal', [{ sealId: 'S-001', reason: 'KEY_LEAKED' }]))).code).toBe('SEAL_REVOKED');
  });

  it('judges expiry by the transaction timestamp, not the wall clock', async () => {
    const h = new ContractHarness();
    await issue(h, 'S-001');
    const afterExpiry = { at: '2027-01-01T00:00:00.001Z' };
    expect((await failure(h.submit('ChangeSeal', [{ sealId: 'S-001', reason: 'X', sesealSm3: hex('n') }], afterExpiry))).code).toBe(
      'SEAL_EXPIRED',
    );
    expect(
      (
        await failure(
          h.submit(
            'RenewSeal',
            [
              {
                sealId: 'S-001',
                certSerial: 'aa',
                certSm3: hex('c'),
                sesealSm3: hex('s'),
                validFrom: '2027-01-01T00:00:00.000Z',
                validTo: '2028-01-01T00:00:00.000Z',
              },
            ],
            afterExpiry,
          ),
        )
      ).code,
    ).toBe('SEAL_EXPIRED');
    expect((await failure(h.submit('RevokeSeal', [{ sealId: 'S-001', reason: 'KEY_LEAKED' }], afterExpiry))).code).toBe('SEAL_EXPIRED');
    // The last millisecond of the window still counts as valid.
    await h.submit('ChangeSeal', [{ sealId: 'S-001', reason: 'X', sesealSm3: hex('n') }], { at: '2027-01-01T00:00:00.000Z' });
  });

  it('never lets the timeline run backwards when a client clock lags', async () => {
    const h = new ContractHarness();
    await issue(h, 'S-001', {}, '2026-01-10T00:00:00.000Z');
    const { result } = await h.submit<SealRecord>('RevokeSeal', [{ sealId: 'S-001', reason: 'KEY_LEAKED' }], {
      at: '2026-01-09T23:59:59.000Z',
    });
    expect(result.timeline[1]!.at).toBe('2026-01-10T00:00:00.000Z');
  });
});

describe('GetSealHistory', () => {
  it('returns every committed version newest first with its transaction', async () => {
    const h = new ContractHarness();
    const issued = await issue(h, 'S-001', {}, '2026-01-10T00:00:00.000Z');
    const changed = await h.submit('ChangeSeal', [{ sealId: 'S-001', reason: 'X', sesealSm3: hex('n') }], {
      at: '2026-02-01T00:00:00.000Z',
    });
    const revoked = await h.submit('RevokeSeal', [{ sealId: 'S-001', reason: 'ESEAL_RETIRED' }], {
      at: '2026-03-01T00:00:00.000Z',
      as: MAKER,
    });
    const history = await h.evaluate<SealHistoryEntry[]>('GetSealHistory', ['S-001']);
    expect(history.map((e) => e.txId)).toEqual([revoked.txId, changed.txId, issued.txId]);
    expect(history.map((e) => e.seal?.version)).toEqual([3, 2, 1]);
    expect(history.map((e) => e.timestamp)).toEqual(['2026-03-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-01-10T00:00:00.000Z']);
  });

  it('reports NOT_FOUND for an unknown seal and VALIDATION_FAILED for a malformed id', async () => {
    const h = new ContractHarness();
    expect((await failure(h.evaluate('GetSealHistory', ['S-404']))).code).toBe('NOT_FOUND');
    expect((await failure(h.evaluate('GetSeal', ['S-404']))).code).toBe('NOT_FOUND');
    expect((await failure(h.evaluate('GetSeal', ['bad id with spaces']))).code).toBe('VALIDATION_FAILED');
  });
});

describe('dispatch', () => {
  it('answers an unknown transaction with NOT_FOUND and a wrong argument count with an error', async () => {
    const h = new ContractHarness();
    expect((await failure(h.submit('DeleteEverything', []))).code).toBe('NOT_FOUND');
    await expect(h.submit('GetSeal', [])).rejects.toThrow(/Expected 1 parameters/);
    await expect(h.submit('OtherContract:GetSeal', ['S-1'])).rejects.toThrow(/Contract name is not known/);
    await expect(h.evaluate('SealRegistry:GetSeal', ['S-1'])).rejects.toThrow(/NOT_FOUND/);
  });
});

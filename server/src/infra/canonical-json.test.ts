import { createHash } from 'node:crypto';
import { canonicalJson as chaincodeCanonicalJson } from '@eseal/chaincode';
import { canonicalJson } from './canonical-json';

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');

// Records shaped like what is already stored: an audit entry (hashed into the audit chain) and a
// ledger seal record (written by the chaincode). The expected hashes were computed with the sorted-keys
// implementation that wrote the existing data; RFC 8785 must give the same bytes, or every stored
// audit chain and ledger block would stop verifying.
const auditEntry = {
  _id: 'aud_01',
  seq: 42,
  prevHash: 'a'.repeat(64),
  at: '2026-03-01T08:00:00.000Z',
  action: 'seal.revoke',
  actor: { id: 'acc_7', role: 'SEAL_MAKER', ip: '127.0.0.1' },
  result: 'SUCCESS',
  sealId: 'seal_x',
  reason: 'KEY_LEAKED',
  details: {
    compromisedAt: '2026-02-28T00:00:00.000Z',
    名称: '天津某某有限公司',
    list: [3, 1.5, -0, 1e21, 'z', null, { b: 1, a: [true, false] }],
    nested: { Z: 1, a: 2, é: 3, '\u2028': 'line sep', emoji: '😀' },
  },
};
const ledgerSeal = {
  docType: 'seal',
  id: 'seal_1',
  code: '1201000000001',
  unitId: 'unit_1',
  status: 'ACTIVE',
  kind: 'LEGAL_NAME',
  history: [
    { action: 'ISSUE', at: '2026-01-01T00:00:00Z', txId: 'tx1' },
    { action: 'FILE', at: '2026-01-02T00:00:00Z', txId: 'tx2' },
  ],
  validFrom: '2026-01-01T00:00:00Z',
  validTo: '2028-01-01T00:00:00Z',
  certSm3: 'b'.repeat(64),
  undefinedField: undefined,
};

describe('canonicalJson (RFC 8785)', () => {
  it('hashes stored audit entries and ledger records exactly as before', () => {
    expect(sm3(canonicalJson(auditEntry))).toBe('6582f07136addd42323c4414c0a8782f42fc1f27f3dc2cd524a19bd2805306ea');
    expect(sm3(canonicalJson(ledgerSeal))).toBe('e79d06a831873487b4d56af58182b9c7e9556fbe4ef930a33846f96b789cc238');
  });

  it('is the same function on the server and in the chaincode', () => {
    for (const value of [auditEntry, ledgerSeal, { at: new Date('2026-03-01T08:00:00Z') }, [1, 'two', { three: 3 }]]) {
      expect(chaincodeCanonicalJson(value)).toBe(canonicalJson(value));
    }
  });

  it('writes a Date as its ISO string in both (the chaincode copy used to write {})', () => {
    expect(chaincodeCanonicalJson({ at: new Date('2026-03-01T08:00:00Z') })).toBe('{"at":"2026-03-01T08:00:00.000Z"}');
  });

  it('sorts keys by UTF-16 code units and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: undefined, A: 2, '\u00e9': 3, '\ud83d\ude00': 4, '\uff01': 5 })).toBe(
      '{"A":2,"b":1,"é":3,"😀":4,"！":5}',
    );
  });

  it('refuses what has no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow();
  });
});

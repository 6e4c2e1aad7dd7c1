import { createHash } from 'node:crypto';
import { chaincode } from '../chaincode-runtime';
import { blockHash, sealBlock, serializeBlock, type UnsealedBlock } from './block';

const block: UnsealedBlock = {
  number: 7,
  previousHash: 'ab'.repeat(32),
  txId: 'cd'.repeat(32),
  timestamp: { seconds: 1_767_225_600, nanos: 5_000_000 },
  creator: { mspId: 'MakerMSP', id: 'x509::CN=a "quoted" name::CN=ca', attributes: { 'z.role': 'b', 'eseal.role': 'seal.issuer' } },
  fn: 'AnchorBatch',
  args: ['{"batchId":"b-1"}'],
  writeSet: [
    { key: '\u0000sig\u0000ab\u0000', value: 'AQID' },
    { key: 'plain-\u{1F600}', value: null },
  ],
  event: { name: 'BatchAnchored', payload: 'e30=' },
};

describe('block serialisation', () => {
  it('is exactly the canonical JSON of the block', () => {
    const sealed = sealBlock(block);
    expect(serializeBlock(sealed)).toBe(`${chaincode.canonicalJson(sealed)}\n`);
    const { number, previousHash, txId, timestamp, creator, fn, args, writeSet, event } = block;
    const body = chaincode.canonicalJson({ number, previousHash, txId, timestamp, creator, fn, args, writeSet, event });
    expect(blockHash(block)).toBe(createHash('sm3').update(body).digest('hex'));
  });

  it('also for a block without an event', () => {
    const sealed = sealBlock({ ...block, event: null, creator: { mspId: 'M', id: 'i' } });
    expect(serializeBlock(sealed)).toBe(`${chaincode.canonicalJson(sealed)}\n`);
  });

  it('changes the hash when any field changes', () => {
    const base = blockHash(block);
    expect(blockHash({ ...block, number: 8 })).not.toBe(base);
    expect(blockHash({ ...block, creator: { ...block.creator, mspId: 'OtherMSP' } })).not.toBe(base);
    expect(blockHash({ ...block, writeSet: [block.writeSet[0]!] })).not.toBe(base);
    expect(blockHash({ ...block, timestamp: { ...block.timestamp, nanos: 6_000_000 } })).not.toBe(base);
  });
});

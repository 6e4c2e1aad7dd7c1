/**
 * The Fabric court-chain adapter against the court's own channel on the local network: evidence relayed
 * with a source proof (an endorsed query of our ledger) that the court's evidence chaincode checks against
 * our organisations' CA certificates and endorsement policy before recording. An anchored batch and a seal
 * event end CONFIRMED with a receipt naming the court transaction and block; forged or misdirected proofs
 * are refused by the court chaincode, so the relay ends REJECTED.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Sm2PrivateKey, anchorBatchRoot, decodeEndorsedTransaction } from '@eseal/core';
import type { IssueSealInput } from '@eseal/chaincode';
import {
  EndorsedQueryProver,
  FabricCourtChain,
  batchEvidence,
  buildCourtChain,
  buildFabricCourtChain,
  parseCourtChains,
  sealEventEvidence,
  submissionFor,
  type CourtChainAdapter,
  type EvidenceItem,
  type SourceProver,
} from '@eseal/worker';
import { MongoRelayStore, relayModel } from '../../server/src/relay';
import type { LedgerClient } from '../../server/src/ledger';
import { connectSuiteMongoose, type SuiteMongo } from '../support/env';
import { courtChainEntry, fabricLedgerClient, requireNetwork, type LocalFabricNetwork } from './network';
import { relayOnce } from './relay-once';

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');
const RUN = `C${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const DAY = 24 * 3600 * 1000;

let network: LocalFabricNetwork;
let maker: LedgerClient;
let mongo: SuiteMongo;
let store: MongoRelayStore;
let adapter: CourtChainAdapter;
let sealId: string;
let issuedTxId: string;

async function anchoredBatch(n: number): Promise<EvidenceItem> {
  // After the issuance (whole seconds, rounded up as the service does): the seal is active then.
  const signedAt = new Date(Math.ceil(Date.now() / 1000) * 1000).toISOString();
  const entries = [
    { recordId: `${RUN}-rec-${n}`, sealId, signedAt, signatureSm3: sm3(`${RUN}-sig-${n}`), documentSm3: sm3(`${RUN}-doc-${n}`) },
  ];
  const committed = await maker.anchorBatch({ batchId: `batch_${RUN}_${n}`, root: anchorBatchRoot(entries), entries });
  const batch = committed.value.batch;
  return batchEvidence({
    batchId: batch.batchId,
    root: batch.root,
    entryCount: batch.entryCount,
    transactionId: committed.transactionId,
    at: new Date(batch.anchoredAt),
  });
}

function relay(item: EvidenceItem, through: CourtChainAdapter) {
  return relayOnce(store, item, through);
}

/** The configured adapter with another source prover: what an attacker controlling the relay could send. */
function withProver(id: string, prover: (honest: SourceProver) => SourceProver): FabricCourtChain {
  const config = parseCourtChains(JSON.stringify([{ ...courtChainEntry(network), id }]))[0]!;
  if (config.type !== 'fabric') throw new Error('expected a fabric court chain');
  const built = buildFabricCourtChain(config, config.fabric, (source) => prover(new EndorsedQueryProver(source)));
  closers.push(() => built.close());
  return built;
}

const closers: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  network = requireNetwork();
  maker = fabricLedgerClient(network, 'makerIssuer');
  mongo = await connectSuiteMongoose();
  store = new MongoRelayStore(relayModel(mongo.connection));
  const config = parseCourtChains(JSON.stringify([courtChainEntry(network)]))[0]!;
  adapter = buildCourtChain(config, Sm2PrivateKey.generate());
  sealId = `${RUN}-seal`;
  const now = Date.now();
  const seal: IssueSealInput = {
    sealId,
    unitId: sm3(`unit-${RUN}`),
    kind: 'CONTRACT',
    imprintSm3: sm3(`imprint-${RUN}`),
    certSerial: '0a0b',
    certSm3: sm3(`cert-${RUN}`),
    sesealSm3: sm3(`seseal-${RUN}`),
    validFrom: new Date(now - 300 * DAY).toISOString(),
    validTo: new Date(now + 200 * DAY).toISOString(),
  };
  issuedTxId = (await maker.issueSeal(seal)).transactionId;
}, 120_000);

afterAll(async () => {
  for (const close of closers) await close();
  await adapter?.close?.();
  await maker?.close();
  await mongo?.cleanup();
});

describe('relay to a court Fabric channel', () => {
  it('relays an anchored batch: CONFIRMED, with the court transaction and block in a receipt the court peers endorsed', async () => {
    const item = await anchoredBatch(1);
    const { outcome, record } = await relay(item, adapter);
    expect(outcome).toBe('CONFIRMED');
    expect(record.state).toBe('CONFIRMED');
    const receipt = record.receipt!;
    expect(receipt).toMatchObject({ evidenceId: item.evidenceId, txHash: expect.stringMatching(/^[0-9a-f]{64}$/), digestAlgorithm: 'SM3' });
    expect(receipt.blockHeight).toBeGreaterThan(0);
    expect(adapter.checkReceipt(receipt)).toBe(true);
    expect(adapter.checkReceipt({ ...receipt, blockHeight: receipt.blockHeight, digest: sm3('other') })).toBe(false);
    expect(await adapter.verifyByTxHash(receipt.txHash, receipt.digest)).toBe('MATCH');
    expect(await adapter.verifyByDigest(item.evidenceId, sm3('other'))).toBe('MISMATCH');
    // A repeat is answered with the first record (freshly endorsed): the court records the evidence once.
    const again = await adapter.submit(submissionFor(item, 'SM3'));
    expect({ ...again, signature: '' }).toEqual({ ...receipt, signature: '' });
    expect(adapter.checkReceipt(again)).toBe(true);
  });

  it('relays a seal event, proven by the seal record our organisations endorse', async () => {
    const item = sealEventEvidence({ event: 'SealIssued', sealId, transactionId: issuedTxId, payload: { sealId } })!;
    const { outcome, record } = await relay(item, adapter);
    expect(outcome).toBe('CONFIRMED');
    expect(record.receipt!.blockHeight).toBeGreaterThan(0);
  });

  it('a forged source proof is refused by the court chaincode: REJECTED, not retried', async () => {
    const forged = withProver('court-fabric-forged', (honest) => ({
      async prove(evidence) {
        const proof = Buffer.from(await honest.prove(evidence));
        // Change the endorsed answer (the batch record) after the peers signed it.
        const payload = decodeEndorsedTransaction(proof).proposalResponsePayload;
        proof[payload.byteOffset - proof.byteOffset + payload.length - 5]! ^= 1;
        return proof;
      },
    }));
    const { outcome, record } = await relay(await anchoredBatch(2), forged);
    expect(outcome).toBeInstanceOf(Error);
    expect(record.state).toBe('REJECTED');
    expect(record.lastError).toMatch(/SOURCE_PROOF_INVALID/);
    expect(await adapter.queryReceipt(`batch_${RUN}_2`)).toBeUndefined();
  });

  it('a genuine proof of other evidence is refused: the endorsed batch must be the one the evidence states', async () => {
    const other = await anchoredBatch(3);
    const misdirected = withProver('court-fabric-misdirected', (honest) => ({ prove: () => honest.prove(submissionFor(other, 'SM3')) }));
    const { record } = await relay(await anchoredBatch(4), misdirected);
    expect(record.state).toBe('REJECTED');
    expect(record.lastError).toMatch(/SOURCE_PROOF_INVALID.*not GetBatch/);
  });
});

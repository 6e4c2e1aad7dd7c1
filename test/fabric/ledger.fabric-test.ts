/**
 * The ledger contract through a real Fabric network: the server's LedgerClient (LEDGER=fabric, fabric-gateway)
 * against the SealRegistry chaincode running as a service behind one peer per organisation.
 * Ledger state survives between runs of a kept network, so every id carries this run's prefix.
 */
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers } from '@hyperledger/fabric-gateway';
import type { AnchorEntry, IssueSealInput } from '@eseal/chaincode';
import { LedgerError, type LedgerClient, type LedgerEvent } from '../../server/src/ledger';
import { commitFailure } from '../../server/src/ledger/fabric/fabric-errors';
import { fabricLedgerClient, requireNetwork, type IdentityKey, type LocalFabricNetwork } from './network';
import { anchorBatchInput } from '../../server/src/ledger/__tests__/support';

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');
const DAY = 24 * 3600 * 1000;
const RUN = `F${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const UNIT = sm3(`unit-${RUN}`);

let network: LocalFabricNetwork;
const clients = new Map<IdentityKey, LedgerClient>();

function as(identity: IdentityKey): LedgerClient {
  let client = clients.get(identity);
  if (client === undefined) {
    client = fabricLedgerClient(network, identity);
    clients.set(identity, client);
  }
  return client;
}

/** A seal valid from 300 days ago to `daysLeft` days from now (the network runs on the real clock). */
function seal(suffix: string, daysLeft = 200, overrides: Partial<IssueSealInput> = {}): IssueSealInput {
  const now = Date.now();
  const sealId = `${RUN}-${suffix}`;
  return {
    sealId,
    unitId: UNIT,
    kind: 'CONTRACT',
    imprintSm3: sm3(`imprint-${sealId}`),
    certSerial: '0a0b',
    certSm3: sm3(`cert-${sealId}`),
    sesealSm3: sm3(`seseal-${sealId}`),
    validFrom: new Date(now - 300 * DAY).toISOString(),
    validTo: new Date(now + daysLeft * DAY).toISOString(),
    ...overrides,
  };
}

function entry(n: number, sealId: string, signedAt: string): AnchorEntry {
  return { recordId: `${RUN}-rec-${n}`, sealId, signedAt, signatureSm3: sm3(`${RUN}-sig-${n}`), documentSm3: sm3(`${RUN}-doc-${n}`) };
}

async function refusal(promise: Promise<unknown>): Promise<LedgerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof LedgerError)) throw new Error(`expected a LedgerError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  network = requireNetwork();
  await as('makerIssuer').health();
});

afterAll(async () => {
  for (const client of clients.values()) await client.close();
});

describe('seal lifecycle on Fabric', () => {
  it('issues a seal, committed in a block, and treats an identical re-issue as a no-op', async () => {
    const input = seal('issue');
    const issued = await as('makerIssuer').issueSeal(input);
    expect(issued.value).toMatchObject({
      created: true,
      seal: { sealId: input.sealId, status: 'ACTIVE', issuedBy: 'MakerMSP', version: 1 },
    });
    expect(issued.transactionId).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.blockNumber).toBeGreaterThan(0);

    const again = await as('makerIssuer').issueSeal(input);
    expect(again.value.created).toBe(false);
    expect(await as('makerIssuer').getSeal(input.sealId)).toEqual(issued.value.seal);
  });

  it('changes, renews in the 30-day window, lets public security revoke, and keeps the history newest first', async () => {
    const input = seal('life', 20);
    const maker = as('makerIssuer');
    await maker.issueSeal(input);
    const changed = await maker.changeSeal({ sealId: input.sealId, reason: 'CERT_REISSUED', sesealSm3: sm3(`seseal2-${input.sealId}`) });
    expect(changed.value.version).toBe(2);

    const renewed = await maker.renewSeal({
      sealId: input.sealId,
      certSerial: '0c0d',
      certSm3: sm3(`cert2-${input.sealId}`),
      sesealSm3: sm3(`seseal3-${input.sealId}`),
      validFrom: new Date(Date.now() - DAY).toISOString(),
      validTo: new Date(Date.now() + 365 * DAY).toISOString(),
      imprintSm3: input.imprintSm3,
    });
    expect(renewed.value).toMatchObject({ status: 'ACTIVE', certSerial: '0c0d', imprintSm3: input.imprintSm3 });

    const revoked = await as('psRevoker').revokeSeal({ sealId: input.sealId, reason: 'KEY_LEAKED' });
    expect(revoked.value).toMatchObject({ status: 'REVOKED', revocation: { reason: 'KEY_LEAKED', byMsp: 'PublicSecurityMSP' } });
    expect(revoked.blockNumber).toBeGreaterThan(renewed.blockNumber!);

    const history = await as('courtReader').getSealHistory(input.sealId);
    expect(history.map((h) => h.txId)).toEqual([revoked.transactionId, renewed.transactionId, changed.transactionId, expect.any(String)]);
    expect(history.map((h) => h.seal?.status)).toEqual(['REVOKED', 'ACTIVE', 'ACTIVE', 'ACTIVE']);
    expect(history.map((h) => h.seal?.version)).toEqual([4, 3, 2, 1]);

    const refused = await refusal(maker.changeSeal({ sealId: input.sealId, reason: 'X', sesealSm3: sm3('n') }));
    expect(refused).toMatchObject({ code: 'SEAL_REVOKED', phase: 'endorse', retry: 'none' });
    expect(refused.transactionId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a renewal before the window opens with its own code', async () => {
    const input = seal('early', 200);
    await as('makerIssuer').issueSeal(input);
    const refused = await refusal(
      as('makerIssuer').renewSeal({
        sealId: input.sealId,
        certSerial: '0e',
        certSm3: sm3('c'),
        sesealSm3: sm3('s'),
        validFrom: new Date().toISOString(),
        validTo: new Date(Date.now() + 400 * DAY).toISOString(),
      }),
    );
    expect(refused).toMatchObject({ code: 'RENEWAL_WINDOW_CLOSED', phase: 'endorse' });
  });

  it('applies the contract access policy to real certificates: MSP id and the eseal.role attribute', async () => {
    await expect(as('psRevoker').issueSeal(seal('ps-issue'))).rejects.toMatchObject({ code: 'LEDGER_ACCESS_DENIED' });
    // Same organisation as the issuer, but the certificate carries no eseal.role attribute.
    await expect(as('makerClerk').issueSeal(seal('clerk-issue'))).rejects.toMatchObject({ code: 'LEDGER_ACCESS_DENIED' });
    await expect(as('courtReader').revokeSeal({ sealId: `${RUN}-issue`, reason: 'KEY_LEAKED' })).rejects.toMatchObject({
      code: 'LEDGER_ACCESS_DENIED',
    });
    await expect(as('courtReader').getSeal(`${RUN}-missing`)).rejects.toMatchObject({ code: 'NOT_FOUND', phase: 'evaluate' });
  });

  it('pages a unit’s seals with LevelDB bookmarks', async () => {
    const unit = sm3(`paging-${RUN}`);
    for (const n of [1, 2, 3]) await as('makerIssuer').issueSeal(seal(`page-${n}`, 200, { unitId: unit }));
    const first = await as('courtReader').querySealsByUnit(unit, { pageSize: 2 });
    expect(first.seals.map((s) => s.sealId)).toEqual([`${RUN}-page-1`, `${RUN}-page-2`]);
    expect(first.bookmark).not.toBe('');
    const second = await as('courtReader').querySealsByUnit(unit, { pageSize: 2, bookmark: first.bookmark });
    expect(second.seals.map((s) => s.sealId)).toEqual([`${RUN}-page-3`]);
  });
});

describe('signature anchoring on Fabric', () => {
  it('anchors a batch, serves each signature within its batch and the batch, and is idempotent for the same batch', async () => {
    const input = seal('anchor');
    await as('makerIssuer').issueSeal(input);
    // A seal is active from its issuing transaction's time, so these were signed after it.
    const signedAt = new Date().toISOString();
    const entries = [1, 2, 3].map((n) => entry(n, input.sealId, signedAt));
    const batch = anchorBatchInput(`${RUN}-batch-1`, entries);

    const anchored = await as('makerIssuer').anchorBatch(batch);
    expect(anchored.value).toMatchObject({
      created: true,
      batch: { batchId: batch.batchId, root: batch.root, entryCount: 3, anchoredBy: 'MakerMSP' },
    });
    expect(await as('courtReader').getBatchSignature(batch.batchId, entries[1]!.signatureSm3)).toMatchObject({
      signatureSm3: entries[1]!.signatureSm3,
      sealId: input.sealId,
      batchId: batch.batchId,
    });
    await expect(as('courtReader').getBatchSignature(batch.batchId, sm3(`${RUN}-not-in-batch`))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await as('courtReader').getBatch(batch.batchId)).toMatchObject({ root: batch.root, txId: anchored.transactionId });
    expect((await as('makerIssuer').anchorBatch(batch)).value.created).toBe(false);
  });

  it('refuses, all or nothing, a batch with a signature made after its seal was revoked', async () => {
    const input = seal('anchor-revoked');
    await as('makerIssuer').issueSeal(input);
    const before = new Date().toISOString(); // between the issuing and the revoking transaction
    await as('psRevoker').revokeSeal({ sealId: input.sealId, reason: 'SEAL_LOST_OR_STOLEN' });
    const after = new Date(Date.now() + 1000).toISOString();
    const refused = await refusal(
      as('makerIssuer').anchorBatch(anchorBatchInput(`${RUN}-batch-2`, [entry(10, input.sealId, before), entry(11, input.sealId, after)])),
    );
    expect(refused).toMatchObject({ code: 'SEAL_NOT_ACTIVE', phase: 'endorse' });
    await expect(as('makerIssuer').getBatch(`${RUN}-batch-2`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Only the maker's anchoring service may record evidence.
    await expect(
      as('psRevoker').anchorBatch(anchorBatchInput(`${RUN}-batch-3`, [entry(12, `${RUN}-anchor`, before)])),
    ).rejects.toMatchObject({
      code: 'LEDGER_ACCESS_DENIED',
    });
  });
});

describe('chaincode events on Fabric', () => {
  /** Collects this run's events until `count` arrive; rejects after the deadline instead of hanging. */
  async function collect(client: LedgerClient, from: { blockNumber: number; transactionId?: string }, prefix: string, count: number) {
    const events: LedgerEvent[] = [];
    let release!: () => void;
    const enough = new Promise<void>((resolve) => (release = resolve));
    const subscription = await client.subscribe(
      (event) => {
        const id = 'sealId' in event.payload ? event.payload.sealId : 'batchId' in event.payload ? event.payload.batchId : '';
        if (String(id).startsWith(prefix)) events.push(event);
        if (events.length >= count) release();
      },
      { from },
    );
    const timer = setTimeout(release, 30_000);
    await enough;
    clearTimeout(timer);
    subscription.close();
    await subscription.done;
    return events;
  }

  it('replays events in ledger order from a block, and resumes after a checkpointed transaction', async () => {
    const prefix = `${RUN}-ev`;
    const maker = as('makerIssuer');
    const first = await maker.issueSeal(seal('ev-1'));
    const second = await maker.issueSeal(seal('ev-2'));
    const third = await as('psRevoker').revokeSeal({ sealId: `${prefix}-1`, reason: 'ESEAL_RETIRED' });

    const all = await collect(maker, { blockNumber: first.blockNumber! }, prefix, 3);
    expect(all.map((e) => [e.name, e.transactionId])).toEqual([
      ['SealIssued', first.transactionId],
      ['SealIssued', second.transactionId],
      ['SealRevoked', third.transactionId],
    ]);
    expect(all.map((e) => e.blockNumber)).toEqual([first.blockNumber, second.blockNumber, third.blockNumber]);
    expect(all[2]!.payload).toMatchObject({ sealId: `${prefix}-1` });

    // The stored checkpoint after the first event: delivery restarts with the second, nothing replayed twice.
    const resumed = await collect(maker, { blockNumber: all[0]!.blockNumber, transactionId: all[0]!.transactionId }, prefix, 2);
    expect(resumed.map((e) => e.transactionId)).toEqual([second.transactionId, third.transactionId]);
  });
});

describe('endorsement policy on Fabric', () => {
  it('commits a write endorsed by the maker alone as invalid (ENDORSEMENT_POLICY_FAILURE), surfaced as a coded LedgerError', async () => {
    // The channel policy SealEndorsement needs MakerMSP AND PublicSecurityMSP peers. The gateway would
    // pick both; forcing the maker's peer alone is what a colluding or misconfigured client could try.
    const identity = network.identities.makerIssuer;
    const peer = network.peers.maker;
    const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(readFileSync(peer.tlsCaCertPath)));
    const gateway = connect({
      client,
      identity: { mspId: identity.mspId, credentials: readFileSync(identity.certPath) },
      signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(identity.keyPath))),
      hash: hash.sha256,
    });
    const input = seal('policy');
    try {
      const contract = gateway.getNetwork(network.channel).getContract(network.chaincode, 'SealRegistry');
      const proposal = contract.newProposal('IssueSeal', { arguments: [JSON.stringify(input)], endorsingOrganizations: ['MakerMSP'] });
      const transaction = await proposal.endorse();
      const status = await (await transaction.submit()).getStatus();
      expect(status.successful).toBe(false);
      // The same mapping the Fabric transport applies to an unsuccessful commit status.
      const error = commitFailure(status.code, status.transactionId, `transaction committed invalid (validation code ${status.code})`);
      expect(error).toMatchObject({
        code: 'LEDGER_COMMIT_FAILED',
        phase: 'commit',
        retry: 'none',
        transactionId: proposal.getTransactionId(),
      });
      expect(error.details).toMatchObject({ validationCode: 10 }); // TxValidationCode ENDORSEMENT_POLICY_FAILURE
    } finally {
      gateway.close();
      client.close();
    }
    // Nothing was written: the seal is unknown on every peer, and the normal path still works.
    await expect(as('courtReader').getSeal(input.sealId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await as('makerIssuer').issueSeal(input)).value.created).toBe(true);
  });
});

/**
 * TEST-ONLY: the real services behind a real HTTP port for the browser, with one seal made through the
 * lifecycle API, filed, custodied under a PIN the custodian set, and a signer that goes through the
 * signing API (use request, approval, sign) and waits for the ledger anchor, as production does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import type { Caller } from '../../../server/src/access';
import { MongoRelayStore, relayModel } from '../../../server/src/relay';
import { readAnchorStatus } from '../../../server/src/store/signing';
import { anchorProcessor } from '../../../worker/src/anchor';
import { startWorker, type RunningWorker } from '../../../worker/src/start-worker';
import { api } from '../../lifecycle/api-helpers';
import { eventually, startHarness, type Harness } from '../../lifecycle/support/harness';
import { callerHeader } from '../../lifecycle/support/test-caller-guard';
import { sm3Hex } from '../../signing/support/signing-world';

export interface SealWorld {
  readonly harness: Harness;
  readonly baseUrl: string;
  /** The 13-digit public-security code, and the esID the seal data carries. */
  readonly sealCode: string;
  readonly esID: string;
  readonly unitName: string;
  readonly unitId: string;
  readonly uscc: string;
  /** Signs through the API and returns the signed PDF once its signature is anchored on the ledger. */
  sign(pdf: Uint8Array): Promise<Uint8Array>;
  /**
   * A court chain's receipt of the batch that anchored `recordId`, confirmed through the relay store as
   * the relay job does (the evidence number it answers).
   */
  confirmCourtReceipt(recordId: string): Promise<string>;
  /** The id of the last signing record `sign` made. */
  readonly lastRecordId: string | undefined;
  close(): Promise<void>;
}

const PIN = '246800';

export async function startSealWorld(unitName = '天津网页测试科技有限公司'): Promise<SealWorld> {
  const harness = await startHarness({ pinKdf: { log2N: 10, r: 8, p: 1 } });
  const anchorWorker: RunningWorker = await startWorker(
    { redisUrl: harness.config.redisUrl, queuePrefix: harness.config.queuePrefix },
    { processors: [anchorProcessor(harness.services.signing.anchorPorts)], logger: pino({ level: 'silent' }) },
  );
  const server: Server = createServer(harness.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const http = api(harness.app);
  const unit = await http.registerUnit(unitName);
  const made = await http.makeSeal(unit.unitId, 'CONTRACT', { pin: '135790' });
  const filing = made.filings[0];
  await harness.services.filingPorts.store.markAcknowledged(filing.filingId, {
    ackId: `ack-${filing.filingId}`,
    filedAt: new Date().toISOString(),
  });
  const custody = await harness.services.store.models.custodians.findOne({ sealId: made.sealId }).lean();
  const keeper: Caller = { id: 'acct-keeper', kind: 'person', roles: ['SEAL_CUSTODIAN'], unitId: unit.unitId, personId: custody!.personId };
  const boss: Caller = { id: 'acct-boss', kind: 'person', roles: ['APPROVER'], unitId: unit.unitId, personId: 'person_boss' };
  const post = (caller: Caller, path: string, body: object) =>
    request(harness.app).post(`/api/v1${path}`).set(callerHeader(caller)).send(body);
  const pinChange = await post(keeper, `/seals/${made.sealId}/pin`, { currentPin: '135790', newPin: PIN });
  if (pinChange.status !== 200) throw new Error(`PIN change: ${pinChange.status} ${JSON.stringify(pinChange.body)}`);
  const relays = new MongoRelayStore(relayModel(harness.services.store.connection), undefined, harness.services.events);
  let lastRecordId: string | undefined;

  return {
    harness,
    baseUrl,
    sealCode: made.sealCode,
    esID: made.sealCode,
    unitName,
    unitId: unit.unitId,
    uscc: unit.uscc,
    async sign(pdf) {
      const use = await post(keeper, '/seal-use-requests', { sealId: made.sealId, documentSm3: sm3Hex(pdf), purpose: 'browser test' });
      await post(boss, `/seal-use-requests/${use.body.id}/approve`, {});
      const signed = await post(keeper, '/sign', {
        sealId: made.sealId,
        pin: PIN,
        approvalId: use.body.id,
        document: Buffer.from(pdf).toString('base64'),
        placement: { page: 1, xMm: 30, yMm: 40, corner: 'top-left' },
      });
      if (signed.status !== 201) throw new Error(`sign: ${signed.status} ${JSON.stringify(signed.body)}`);
      const recordId: string = signed.body.record.id;
      lastRecordId = recordId;
      await eventually(async () =>
        (await readAnchorStatus(harness.services.signing.deps.signing, [recordId])).get(recordId)?.state === 'ANCHORED' ? true : undefined,
      );
      return new Uint8Array(Buffer.from(signed.body.signedPdf, 'base64'));
    },
    get lastRecordId() {
      return lastRecordId;
    },
    async confirmCourtReceipt(recordId) {
      const anchored = (await readAnchorStatus(harness.services.signing.deps.signing, [recordId])).get(recordId)!;
      const [batchId, sourceTxId] = [anchored.batchId!, anchored.txId!];
      const relayId = `${batchId}@court-sim`;
      const evidenceNumber = `CCE-${Date.now()}`;
      const digest = { digest: 'ab'.repeat(32), digestAlgorithm: 'SM3' as const };
      await relays.create({
        relayId,
        adapterId: 'court-sim',
        subject: { kind: 'BATCH', batchId },
        evidence: { evidenceId: batchId, ...digest, partyId: 'p', txToken: 't', phase: 'SIGN', sourceTxId },
        createdAt: new Date(),
      });
      const receipt = {
        evidenceId: batchId,
        evidenceNumber,
        txHash: 'cd'.repeat(32),
        blockHeight: 42,
        recordedAt: new Date().toISOString(),
        ...digest,
        signature: '00',
      };
      await relays.markSubmitted(relayId, receipt, new Date());
      await relays.markConfirmed(relayId, new Date());
      return evidenceNumber;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // the browser's keep-alive sockets
      await closed;
      await anchorWorker.close();
      await harness.close();
    },
  };
}

/**
 * The court-chain simulator as a process, through the HTTP adapter the relay uses: signed and
 * replay-protected requests, SM2 receipts (checked with sm-crypto as an independent judge),
 * idempotent submission, verification answers, faults, and a chain that survives a restart.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sm2 as smCrypto } from 'sm-crypto';
import { Sm2PrivateKey, Sm2PublicKey } from '@eseal/core';
import {
  HEADER_APP_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  HttpCourtChain,
  VERIFY_CODES,
  receiptBatchSignedBytes,
  receiptSignedBytes,
  signRequest,
  type EvidenceSubmission,
} from '@eseal/worker';
import { spawnCourtChain, type CourtChainProcess } from './support/court-chain-process';

const clientKey = Sm2PrivateKey.generate();
const clientHex = Buffer.from(clientKey.publicKey.point).toString('hex');
let dataDir: string;
let court: CourtChainProcess;

function adapter(overrides: Partial<ConstructorParameters<typeof HttpCourtChain>[0]> = {}): HttpCourtChain {
  return new HttpCourtChain({
    id: 'court-test',
    baseUrl: court.url,
    appId: 'eseal-test',
    clientKey,
    courtPublicKey: Sm2PublicKey.fromPoint(Buffer.from(court.publicKeyHex, 'hex')),
    digestAlgorithm: 'SM3',
    timeoutMs: 3000,
    ...overrides,
  });
}

function evidence(): EvidenceSubmission {
  return {
    evidenceId: `ev_${randomBytes(12).toString('hex')}`,
    digest: randomBytes(32).toString('hex'),
    digestAlgorithm: 'SM3',
    partyId: '91120104MA05T1XX3K',
    txToken: `seal_${randomBytes(8).toString('hex')}`,
    phase: 'ISSUE',
    sourceTxId: randomBytes(32).toString('hex'),
  };
}

/** A signed request built by hand, so the test controls every header (the attacks below replay or alter it). */
function signedRequest(body: string, input: { timestamp?: string; nonce?: string; key?: Sm2PrivateKey } = {}) {
  const timestamp = input.timestamp ?? String(Date.now());
  const nonce = input.nonce ?? randomBytes(16).toString('hex');
  const signature = signRequest(input.key ?? clientKey, { method: 'POST', path: '/evidence/v1/submissions', timestamp, nonce, body });
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [HEADER_APP_ID]: 'eseal-test',
      [HEADER_TIMESTAMP]: timestamp,
      [HEADER_NONCE]: nonce,
      [HEADER_SIGNATURE]: signature,
    },
    body,
  };
}

const post = async (init: ReturnType<typeof signedRequest>) => {
  const res = await fetch(`${court.url}/evidence/v1/submissions`, init);
  return { status: res.status, json: (await res.json()) as { error?: { code: string } } };
};

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'court-chain-'));
  court = await spawnCourtChain(dataDir, { clients: [['eseal-test', clientHex]] });
});

afterAll(async () => {
  await court?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('court-chain simulator', () => {
  it('records evidence once and answers the same receipt again, signed so that sm-crypto verifies it', async () => {
    const court1 = adapter();
    const ev = evidence();
    const first = await court1.submit(ev);
    const again = await court1.submit(ev);
    expect(again).toEqual({ ...first, signature: again.signature });
    expect(first).toMatchObject({ evidenceId: ev.evidenceId, digest: ev.digest, digestAlgorithm: 'SM3' });
    expect(first.evidenceNumber).toMatch(/^CCSIM-\d{4}-\d{10}$/);
    expect(first.txHash).toMatch(/^[0-9a-f]{64}$/);
    const sigHex = Buffer.from(first.signature, 'base64').toString('hex');
    expect(
      smCrypto.doVerifySignature(Array.from(receiptSignedBytes(first)) as never, sigHex, court.publicKeyHex, {
        hash: true,
        der: true,
      } as never),
    ).toBe(true);
    expect(court1.checkReceipt({ ...first, digest: randomBytes(32).toString('hex') })).toBe(false);
    const stats = await court.stats();
    expect(stats.submissions[ev.evidenceId]).toBe(2);
    expect(await court1.queryReceipt(ev.evidenceId)).toMatchObject({ txHash: first.txHash });
    expect(await court1.queryReceipt('ev_never_submitted')).toBeUndefined();
  });

  it('answers match, mismatch and not found with distinct codes, by digest and by transaction hash', async () => {
    const court1 = adapter();
    const ev = evidence();
    const receipt = await court1.submit(ev);
    const other = randomBytes(32).toString('hex');
    expect(await court1.verifyByDigest(ev.evidenceId, ev.digest)).toBe('MATCH');
    expect(await court1.verifyByDigest(ev.evidenceId, other)).toBe('MISMATCH');
    expect(await court1.verifyByDigest('ev_not_there_at_all', ev.digest)).toBe('NOT_FOUND');
    expect(await court1.verifyByTxHash(receipt.txHash, ev.digest)).toBe('MATCH');
    expect(await court1.verifyByTxHash(receipt.txHash, other)).toBe('MISMATCH');
    expect(await court1.verifyByTxHash(randomBytes(32).toString('hex'), ev.digest)).toBe('NOT_FOUND');
    expect(new Set(Object.values(VERIFY_CODES)).size).toBe(3);
  });

  it('takes a batch in one request: one answer per item in order, receipts under one signed Merkle root, each checkable on its own', async () => {
    const court1 = adapter();
    const [known, fresh1, fresh2] = [evidence(), evidence(), evidence()];
    const first = await court1.submit(known);
    const conflict = { ...evidence(), evidenceId: known.evidenceId };
    const before = await court.stats();
    const outcomes = await court1.submitMany([fresh1, known, conflict, fresh2, fresh1]);
    const receipts = outcomes.map((o) => ('receipt' in o ? o.receipt : undefined));
    expect(receipts.map((r) => r?.evidenceId)).toEqual([
      fresh1.evidenceId,
      known.evidenceId,
      undefined,
      fresh2.evidenceId,
      fresh1.evidenceId,
    ]);
    expect(outcomes[2]).toMatchObject({ error: { code: 'UPSTREAM_REJECTED', details: { upstreamCode: 'EVIDENCE_ID_CONFLICT' } } });
    // A repeat (of earlier evidence, or within the batch) answers the first record.
    expect(receipts[1]).toMatchObject({ txHash: first.txHash, evidenceNumber: first.evidenceNumber });
    expect(receipts[4]).toMatchObject({ txHash: receipts[0]!.txHash });
    const after = await court.stats();
    expect(after.records).toBe(before.records + 2);
    // One signature over the root: sm-crypto (an independent judge) verifies it over the stated bytes.
    const batch = receipts[0]!.batch!;
    expect(new Set(receipts.filter((r) => r).map((r) => r!.signature)).size).toBe(1);
    expect(
      smCrypto.doVerifySignature(
        Array.from(receiptBatchSignedBytes(batch.root, batch.treeSize)) as never,
        Buffer.from(receipts[0]!.signature, 'base64').toString('hex'),
        court.publicKeyHex,
        { hash: true, der: true } as never,
      ),
    ).toBe(true);
    for (const receipt of receipts) if (receipt) expect(court1.checkReceipt(receipt)).toBe(true);
    // Each receipt is bound to its leaf: another digest, another place, or another receipt's proof fail.
    const r0 = receipts[0]!;
    expect(court1.checkReceipt({ ...r0, digest: randomBytes(32).toString('hex') })).toBe(false);
    expect(court1.checkReceipt({ ...r0, batch: { ...batch, leafIndex: 1 } })).toBe(false);
    expect(court1.checkReceipt({ ...r0, batch: receipts[3]!.batch! })).toBe(false);
    expect(
      await court1.verifyManyByTxHash([
        { txHash: r0.txHash, digest: fresh1.digest },
        { txHash: r0.txHash, digest: fresh2.digest },
      ]),
    ).toEqual(['MATCH', 'MISMATCH']);
  });

  it('refuses the same evidence id with another digest', async () => {
    const ev = evidence();
    await adapter().submit(ev);
    await expect(adapter().submit({ ...ev, digest: randomBytes(32).toString('hex') })).rejects.toMatchObject({
      code: 'UPSTREAM_REJECTED',
      details: { upstreamCode: 'EVIDENCE_ID_CONFLICT' },
    });
  });

  describe('request authentication (attacks)', () => {
    it('refuses a captured request sent again (nonce replay)', async () => {
      const request = signedRequest(JSON.stringify(evidence()));
      expect((await post(request)).status).toBe(201);
      const replay = await post(request);
      expect(replay.status).toBe(401);
      expect(replay.json.error?.code).toBe('NONCE_REPLAYED');
    });

    it('refuses a request signed outside the time window, even with a fresh nonce', async () => {
      const stale = await post(signedRequest(JSON.stringify(evidence()), { timestamp: String(Date.now() - 10 * 60_000) }));
      expect(stale).toMatchObject({ status: 401, json: { error: { code: 'STALE_TIMESTAMP' } } });
    });

    it('refuses an altered body, a key it does not know, and a request without signature', async () => {
      const request = signedRequest(JSON.stringify(evidence()));
      const altered = await post({ ...request, body: JSON.stringify(evidence()) });
      expect(altered).toMatchObject({ status: 401, json: { error: { code: 'BAD_SIGNATURE' } } });
      const forged = await post(signedRequest(JSON.stringify(evidence()), { key: Sm2PrivateKey.generate() }));
      expect(forged).toMatchObject({ status: 401, json: { error: { code: 'BAD_SIGNATURE' } } });
      const bare = await fetch(`${court.url}/evidence/v1/submissions`, { method: 'POST', body: JSON.stringify(evidence()) });
      expect(bare.status).toBe(401);
      const unknownApp = adapter({ appId: 'someone-else' });
      await expect(unknownApp.submit(evidence())).rejects.toMatchObject({
        code: 'UPSTREAM_REJECTED',
        details: { upstreamCode: 'UNKNOWN_APP' },
      });
    });
  });

  describe('faults', () => {
    afterEach(() => court.clearFaults());

    it('a receipt signed with another key is refused by the adapter (COURT_RECEIPT_INVALID)', async () => {
      await court.armFault({ mode: 'bad-receipt-signature' });
      await expect(adapter().submit(evidence())).rejects.toMatchObject({ code: 'COURT_RECEIPT_INVALID' });
    });

    it('5xx and a refused connection are retryable, a business refusal is not', async () => {
      await court.armFault({ mode: '5xx', status: 503 });
      await expect(adapter().submit(evidence())).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      await court.armFault({ mode: 'reject', code: 'PARTY_UNKNOWN' });
      await expect(adapter().submit(evidence())).rejects.toMatchObject({
        code: 'UPSTREAM_REJECTED',
        details: { upstreamCode: 'PARTY_UNKNOWN' },
      });
      await court.armFault({ mode: 'slow', delayMs: 1500 });
      await expect(adapter({ timeoutMs: 300 }).submit(evidence())).rejects.toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        details: { reason: 'timeout' },
      });
    });

    it('goes down for a while and comes back on the same address', async () => {
      await court.armFault({ mode: 'down', durationMs: 1000 });
      await new Promise((r) => setTimeout(r, 100));
      await expect(adapter().submit(evidence())).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { reason: 'network' } });
      let receipt;
      for (let i = 0; i < 50 && !receipt; i += 1) {
        receipt = await adapter()
          .submit(evidence())
          .catch(() => undefined);
        if (!receipt) await new Promise((r) => setTimeout(r, 100));
      }
      expect(receipt).toBeDefined();
    });
  });

  it('keeps its chain and key across a restart, and refuses to start on a tampered chain file', async () => {
    const ev = evidence();
    const receipt = await adapter().submit(ev);
    const port = Number(new URL(court.url).port);
    await court.stop();
    court = await spawnCourtChain(dataDir, { port });
    expect(await adapter().queryReceipt(ev.evidenceId)).toMatchObject({ txHash: receipt.txHash, evidenceNumber: receipt.evidenceNumber });
    await court.stop();

    const file = path.join(dataDir, 'chain.jsonl');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace(ev.digest, randomBytes(32).toString('hex')));
    await expect(spawnCourtChain(dataDir, { port })).rejects.toThrow(/broken at height/);
    fs.writeFileSync(file, original);
    court = await spawnCourtChain(dataDir, { port });
  });
});

/**
 * A proof bundle v2 from the real network, checked by a court with the network gone: a seal made, a PDF
 * signed and anchored through the API, its batch relayed to the court's own Fabric channel, the seal
 * revoked afterwards, the document's bundle fetched through the API, then every Fabric process stopped and
 * the bundle checked offline against trust.json (the organisations' CA certificates, the endorsement
 * policy, the orderers, and the court channel's) by `seal verify-bundle` and `seal verify --bundle`.
 * This file runs last (test/fabric/sequencer.js) because it stops the network.
 *
 * ESEAL_RECORD_FABRIC_FIXTURES=1 also writes the bundle and trust file as core's court-receipt fixtures
 * (core/src/evidence/bundle-v2/fabric/__fixtures__/fabric-court-*.json).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Sm2PrivateKey, parseBundleTrust, toPem, verifyProofBundleV2, type ProofBundleV2 } from '@eseal/core';
import { batchEvidence, buildCourtChain, parseCourtChains } from '@eseal/worker';
import { MongoRelayStore, relayModel } from '../../server/src/relay';
import { connectSuiteMongoose } from '../support/env';
import type { CliIo } from '../../server/src/cli/cli-command';
import { runCli } from '../../server/src/cli/run-cli';
import { runAnchoring } from '../../worker/src/anchor';
import { startHarness, type Harness } from '../lifecycle/support/harness';
import { callerHeader } from '../lifecycle/support/test-caller-guard';
import { makeUsableSeal, signApproved } from '../signing/support/lifecycle-signing';
import { sm3Hex } from '../signing/support/signing-world';
import { fabricBackend } from './fabric-backend';
import { REPO_DIR, courtChainEntry, networkRunning, requireNetwork, runDir } from './network';
import { relayOnce } from './relay-once';

/** The anchored batch relayed to the court's channel as the relay worker does it, stored where the service reads relays from. */
async function relayToCourt(h: Harness, batchId: string): Promise<void> {
  const batch = await h.services.ledger.getBatch(batchId);
  const item = batchEvidence({ ...batch, transactionId: batch.txId, at: new Date(batch.anchoredAt) });
  const adapter = buildCourtChain(parseCourtChains(JSON.stringify([courtChainEntry(requireNetwork())]))[0]!, Sm2PrivateKey.generate());
  // The harness's own database (same suite name): its relay reads find what is stored here; the harness drops it.
  const mongo = await connectSuiteMongoose();
  try {
    const store = new MongoRelayStore(relayModel(mongo.connection));
    expect((await relayOnce(store, item, adapter)).outcome).toBe('CONFIRMED');
  } finally {
    await adapter.close?.();
    await mongo.connection.close();
  }
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd: '.' };
  const code = await runCli(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('a proof bundle from the Fabric network, verified with the network stopped', () => {
  let h: Harness | undefined;
  let dir: string;
  let bundle: ProofBundleV2;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eseal-fabric-bundle-'));
    h = await startHarness({ pinKdf: { log2N: 10, r: 8, p: 1 }, ...fabricBackend.services() });
    const seal = await makeUsableSeal(h);
    const { recordId, signedPdf } = await signApproved(h, seal, 'offline Fabric bundle');
    expect(await runAnchoring(h.services.signing.anchorPorts, 500)).toMatchObject({ anchored: 1 });
    const unrelayed = await request(h.app)
      .get(`/api/v1/evidence/documents/${sm3Hex(signedPdf)}/bundle`)
      .set(callerHeader(seal.keeper));
    await relayToCourt(h, (unrelayed.body as ProofBundleV2).signatures[0]!.merkle.batchId);
    const record = (await h.services.signing.deps.signing.records.findById(recordId).lean())!;
    // Ledger times are whole seconds: revoke from the next one, so the signature comes first.
    await new Promise((done) => setTimeout(done, Math.max(0, record.signedAt.getTime() + 1000 - Date.now())));
    await h.services.ledger.revokeSeal({ sealId: record.sealCode, reason: 'ESEAL_RETIRED' });

    const fetched = await request(h.app)
      .get(`/api/v1/evidence/documents/${sm3Hex(signedPdf)}/bundle`)
      .set(callerHeader(seal.keeper));
    expect(fetched.status).toBe(200);
    bundle = fetched.body as ProofBundleV2;
    // The service's public check trusts its own network (FABRIC_TRUST_FILE, written by fabric:up).
    const checked = await request(h.app).post('/api/v1/public/bundles/verify').send(bundle);
    expect(checked.status).toBe(200);
    expect(checked.body.verdict).toBe('VALID');
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle));
    writeFileSync(join(dir, 'signed.pdf'), signedPdf);
    writeFileSync(
      join(dir, 'ca.pem'),
      h.services.deps.certificates.ca
        .chain()
        .map((c) => toPem(c.der))
        .join(''),
    );
    copyFileSync(join(runDir(), 'trust.json'), join(dir, 'trust.json'));
    if (process.env.ESEAL_RECORD_FABRIC_FIXTURES === '1') {
      const fixtures = join(REPO_DIR, 'core/src/evidence/bundle-v2/fabric/__fixtures__');
      writeFileSync(join(fixtures, 'fabric-court-bundle.json'), `${JSON.stringify(bundle, null, 2)}\n`);
      copyFileSync(join(runDir(), 'trust.json'), join(fixtures, 'fabric-court-trust.json'));
    }
    await h.close();
    h = undefined;

    // The court has the files, the network is gone.
    const down = spawnSync('bash', [join(REPO_DIR, 'network/scripts/down.sh')], { cwd: REPO_DIR, encoding: 'utf8', timeout: 120_000 });
    expect(down.status).toBe(0);
    expect(networkRunning()).toBe(false);
  }, 240_000);

  afterAll(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const trust = () => parseBundleTrust(JSON.parse(readFileSync(join(dir, 'trust.json'), 'utf8')));

  it('carries the anchoring and seal transactions with their blocks, and the endorsed current-state query', () => {
    expect(bundle.ledger).toEqual({ kind: 'fabric', channel: 'eseal' });
    expect(bundle.signatures[0]!.anchor).toMatchObject({ kind: 'fabric-transaction', txId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(bundle.seals[0]!.history).toHaveLength(2);
    expect(bundle.seals[0]!.current).toMatchObject({ kind: 'fabric-endorsed-query' });
    expect(bundle.signatures[0]!.courtReceipts).toEqual([
      expect.objectContaining({
        chain: 'court-fabric',
        txHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        signature: expect.any(String),
        block: expect.any(String),
      }),
    ]);
  });

  it('seal verify-bundle: VALID, each check against the endorsing peers and the orderer that vouch for it', async () => {
    const result = await cli(['verify-bundle', join(dir, 'bundle.json'), '--trust', join(dir, 'trust.json')]);
    expect(result.stdout).toContain(': VALID');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/signatures\[0\]\.anchor: batch \w+ root anchored in block \d+/);
    expect(result.stdout).toMatch(
      /against endorsed by MakerMSP peer peer0\.maker\.eseal\.local, certified by ca\.maker\.eseal\.local; PublicSecurityMSP peer/,
    );
    expect(result.stdout).toMatch(/signed by OrdererMSP orderer orderer0\.orderer\.eseal\.local, certified by ca\.orderer\.eseal\.local/);
    expect(result.stdout).toMatch(/revoked later, at .* \(reason ESEAL_RETIRED\)/);
    // The court's receipt, against the court organisation's CA and the orderer that signed its block.
    expect(result.stdout).toMatch(
      /signatures\[0\]\.courtReceipts\[0\]: court chain court-fabric recorded batch \w+ as evidence [0-9a-f]{64} \(tx [0-9a-f]{64}, height \d+\)/,
    );
    expect(result.stdout).toMatch(
      /against court chain court-fabric: endorsed by CourtMSP peer peer0\.court\.eseal\.local, certified by ca\.court\.eseal\.local; block \d+ signed by OrdererMSP orderer/,
    );
  });

  it('seal verify --bundle matches the bundle to the file and checks it offline', async () => {
    const result = await cli([
      'verify',
      join(dir, 'signed.pdf'),
      '--no-ledger',
      '--ca',
      join(dir, 'ca.pem'),
      '--bundle',
      join(dir, 'bundle.json'),
      '--trust',
      join(dir, 'trust.json'),
    ]);
    expect(result.stdout).toContain(`${join(dir, 'bundle.json')}: VALID`);
    expect(result.stdout).toContain('signed by OrdererMSP orderer');
  });

  it('refuses the bundle against a trust file that names other organisations or another policy', () => {
    const json = JSON.parse(readFileSync(join(dir, 'trust.json'), 'utf8'));
    const stricter = structuredClone(json);
    stricter.fabric.endorsement.allOf = ['MakerMSP', 'PublicSecurityMSP', 'CourtMSP'];
    const codes = (t: unknown) =>
      verifyProofBundleV2(structuredClone(bundle), parseBundleTrust(t))
        .checks.filter((c) => c.status === 'fail')
        .map((c) => c.code);
    expect(new Set(codes(stricter))).toEqual(new Set(['BUNDLE_ENDORSEMENT_POLICY_UNMET']));
    const otherMaker = structuredClone(json);
    const maker = otherMaker.fabric.organisations.find((o: { mspId: string }) => o.mspId === 'MakerMSP');
    maker.caCertificates = json.fabric.organisations.find((o: { mspId: string }) => o.mspId === 'CourtMSP').caCertificates;
    expect(new Set(codes(otherMaker))).toEqual(new Set(['BUNDLE_ENDORSER_UNTRUSTED']));
    const otherCourt = structuredClone(json);
    otherCourt.courtFabric[0].organisations[0].caCertificates = json.fabric.organisations.find(
      (o: { mspId: string }) => o.mspId === 'MakerMSP',
    ).caCertificates;
    expect(codes(otherCourt)).toEqual(['BUNDLE_ENDORSER_UNTRUSTED']);
    expect(verifyProofBundleV2(structuredClone(bundle), trust()).verdict).toBe('VALID');
  });
});

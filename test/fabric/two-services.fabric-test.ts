/**
 * Two services as `npm start` runs them (API, worker and ledger-event consumer, each its own
 * process) against the same stores: one FerretDB database, one Redis queue prefix, one Fabric
 * channel, one court chain. Signing goes through both APIs. Both workers take anchor jobs and both
 * ledger-event consumers see every chaincode event and dispatch it to the relay, so this is where
 * a double anchor or a double relay would show: every acknowledged signing must be on the ledger
 * once, and the court-chain simulator must have been sent every relayed item once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sm2PrivateKey } from '@eseal/core';
import { RelayFacts, relayModel } from '@eseal/server';
import type { Connection } from 'mongoose';
import { findFreePort, startPublicSecuritySimulator, type RunningService } from '../../scripts/src/local-services';
import { runCli } from '../../server/src/cli/run-cli';
import { connectMongo } from '../../server/src/infra/mongo';
import { spawnCourtChain, type CourtChainProcess } from '../relay/support/court-chain-process';
import { checkEvidence, waitUntilAnchored } from '../soak/support/evidence-check';
import { SupervisedService } from '../soak/support/service-process';
import { SigningClient, type Tally } from '../soak/support/signing-client';
import { suiteServiceEnv } from '../support/env';
import { fabricEnv, fabricLedgerClient, requireNetwork } from './network';

const SIGNINGS_PER_API = 12;
const CONCURRENCY_PER_API = 3;
const APP_ID = 'eseal-two-services';

let dir: string;
let publicSecurity: RunningService | undefined;
let court: CourtChainProcess | undefined;
const services: SupervisedService[] = [];
let connection: Connection | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eseal-two-services-'));
});
afterAll(async () => {
  for (const service of services) await service.stop();
  await connection?.close();
  await court?.stop();
  await publicSecurity?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Demo {
  seals: Array<{ kind: string; sealId: string; pin: string }>;
  accounts: Array<{ username: string; roles: string[]; password: string }>;
}

it('two API processes and two workers on the same stores: each signing anchored once, each item relayed once', async () => {
  const relayKey = Sm2PrivateKey.generate();
  publicSecurity = await startPublicSecuritySimulator({ dataDir: dir });
  court = await spawnCourtChain(join(dir, 'court'), { clients: [[APP_ID, Buffer.from(relayKey.publicKey.point).toString('hex')]] });
  const stores = suiteServiceEnv();
  const common: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...fabricEnv(),
    ...stores,
    SERVER_KEK: randomBytes(32).toString('hex'),
    // Shared: the development CA and maker identity are the deployment's, not one process's.
    DATA_DIR: join(dir, 'service'),
    LOG_LEVEL: 'warn',
    PUBLIC_SECURITY_FILING_URL: publicSecurity.url,
    COURT_CHAINS: JSON.stringify([{ id: 'court-sim', type: 'http', url: court.url, appId: APP_ID, publicKey: court.publicKeyHex }]),
    RELAY_CLIENT_KEY: Buffer.from(relayKey.bytes()).toString('hex'),
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_CALLER: '1000000',
    VERIFY_THREADS: '0',
    // The starter package makes four seals in one request: on a loaded 2-core machine that can pass 30 s.
    REQUEST_TIMEOUT_MS: '120000',
  };
  const apiUrls: string[] = [];
  for (const name of ['a', 'b']) {
    const port = await findFreePort();
    const service = new SupervisedService({ ...common, PORT: String(port) }, join(dir, `service-${name}.log`));
    services.push(service);
    // One after the other: the first creates the development CA in the shared folder.
    await service.start();
    apiUrls.push(`http://127.0.0.1:${port}`);
  }

  const out: string[] = [];
  const err: string[] = [];
  const demoExit = await runCli(['demo', '--api', apiUrls[0]!, '--json', '--out', join(dir, 'demo', 'signed.pdf')], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd: dir,
    env: common,
  });
  if (demoExit !== 0) throw new Error(`seal demo failed: ${err.join('')}`);
  const demo = JSON.parse(out.join('')) as Demo;
  const contract = demo.seals.find((s) => s.kind === 'CONTRACT')!;
  const account = (role: string) => demo.accounts.find((a) => a.roles.includes(role))!;
  const clients = apiUrls.map(
    (apiUrl) =>
      new SigningClient({
        apiUrl,
        sealId: contract.sealId,
        pin: contract.pin,
        custodian: account('SEAL_CUSTODIAN'),
        approver: account('APPROVER'),
      }),
  );
  await Promise.all(
    clients.flatMap((client, c) =>
      Array.from({ length: CONCURRENCY_PER_API }, async (_, w) => {
        for (let i = w; i < SIGNINGS_PER_API; i += CONCURRENCY_PER_API) await client.signOne(`${c}-${i}`);
      }),
    ),
  );
  const tally: Tally = {
    ...clients[0]!.tally,
    acknowledged: clients.flatMap((c) => c.tally.acknowledged),
    documents: clients.flatMap((c) => c.tally.documents),
  };
  for (const client of clients) expect(client.tally.broken).toEqual([]);
  expect(tally.acknowledged).toHaveLength(2 * SIGNINGS_PER_API);

  connection = await connectMongo(stores.MONGODB_URI);
  await waitUntilAnchored(connection, tally, 120_000);
  const reader = fabricLedgerClient(requireNetwork(), 'courtReader');
  try {
    const evidence = await checkEvidence(connection, reader, tally);
    expect({
      notStoredOnce: evidence.notStoredOnce,
      notAnchored: evidence.notAnchored,
      ledgerMismatches: evidence.ledgerMismatches,
    }).toEqual({
      notStoredOnce: [],
      notAnchored: [],
      ledgerMismatches: [],
    });
  } finally {
    await reader.close();
  }

  // Every anchored batch (and every seal event) has one relay, confirmed, sent to the court once.
  const relays = relayModel(connection);
  const facts = RelayFacts.of(connection);
  const batches = new Set(
    (
      await connection
        .collection('anchor_results')
        .find({ _id: { $in: tally.acknowledged.map((a) => a.recordId) as never[] } })
        .toArray()
    ).map((r) => r.batchId as string),
  );
  const deadline = Date.now() + 120_000;
  let all = await facts.current(await relays.find({}).lean());
  while (all.some((r) => r.state !== 'CONFIRMED') || [...batches].some((b) => !all.some((r) => r.evidence.evidenceId === b))) {
    if (Date.now() > deadline)
      throw new Error(`relays not all confirmed: ${JSON.stringify(all.map((r) => [r._id, r.state, r.lastError]))}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    all = await facts.current(await relays.find({}).lean());
  }
  const stats = await court.stats();
  expect(
    all
      .filter((r) => stats.submissions[r.evidence.evidenceId] !== 1)
      .map((r) => [r.evidence.evidenceId, stats.submissions[r.evidence.evidenceId]]),
  ).toEqual([]);
  expect(stats.records).toBe(all.length);
  expect(stats.repeats).toBe(0);
  process.stdout.write(
    `two services: ${tally.acknowledged.length} signings through two APIs in ${batches.size} batches; ${all.length} relays confirmed, each submitted once\n`,
  );
}, 600_000);

/**
 * The soak-and-fault run through HTTP: the service started as `npm start` runs it (API, worker and
 * ledger-event consumer in one process) on its own Redis (append-only file) and FerretDB; a client
 * signs PDFs at concurrency, each with an approved use, the PIN and an Idempotency-Key, repeating a
 * request after a lost connection; meanwhile the service process, Redis and FerretDB are SIGKILLed at
 * random moments and restarted. At the end every acknowledged signing is stored once, anchored, and
 * on the ledger exactly once, and the run reports what the client saw.
 *
 * `npm test` runs the short form; `npm run soak` the long one. Knobs: SOAK_SIGNINGS, SOAK_KILLS,
 * SOAK_CONCURRENCY.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import { findFreePort } from '../../scripts/src/local-services';
import { runCli } from '../../server/src/cli/run-cli';
import { connectMongo } from '../../server/src/infra/mongo';
import { createContractLedgerClient, DEFAULT_EMBEDDED_IDENTITY, EmbeddedLedger } from '../../server/src/ledger';
import { checkEvidence, waitUntilAnchored } from './support/evidence-check';
import { SupervisedService } from './support/service-process';
import { SigningClient } from './support/signing-client';
import { SoakStores, type StoreName } from './support/soak-stores';

const SIGNINGS = Number(process.env.SOAK_SIGNINGS ?? 100);
const KILLS = Number(process.env.SOAK_KILLS ?? 3);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 8);
/** How long anchoring may take to catch up after the last signing before the run counts it as stuck. */
const ANCHOR_CATCH_UP_MS = 180_000;
const DATABASE = 'soak';

type Target = 'service' | StoreName;

/** Which process dies after how many settled signings: every kind at least once, in a random order, at random points. */
export function faultPlan(kills: number, signings: number): Array<{ afterSettled: number; target: Target }> {
  const kinds: Target[] = ['service', 'redis', 'ferretdb'];
  const targets = Array.from({ length: kills }, (_, i) => kinds[i % kinds.length]!);
  for (let i = targets.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [targets[i], targets[j]] = [targets[j]!, targets[i]!];
  }
  const points = Array.from({ length: kills }, () => randomInt(Math.floor(signings * 0.05), Math.max(Math.floor(signings * 0.85), 2)));
  return points.sort((a, b) => a - b).map((afterSettled, i) => ({ afterSettled, target: targets[i]! }));
}

interface Demo {
  seals: Array<{ kind: string; sealId: string; pin: string }>;
  accounts: Array<{ username: string; roles: string[]; password: string }>;
}

describe('signing over HTTP while the service, Redis and FerretDB are killed (soak)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-soak-'));
  let stores: SoakStores | undefined;
  let service: SupervisedService | undefined;
  let connection: Connection | undefined;
  afterAll(async () => {
    await service?.stop();
    await connection?.close();
    await stores?.stop();
    if (!process.env.ESEAL_KEEP_TEST_DATA) rmSync(dir, { recursive: true, force: true });
  });

  it(`${SIGNINGS} signings at concurrency ${CONCURRENCY}, ${KILLS} SIGKILLs: every acknowledged signing stored and anchored exactly once`, async () => {
    const started = Date.now();
    stores = await SoakStores.start(dir);
    const port = await findFreePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const serviceEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MONGODB_URI: `${stores.mongodbUrl}${DATABASE}`,
      REDIS_URL: stores.redisUrl,
      SERVER_KEK: randomBytes(32).toString('hex'),
      DATA_DIR: join(dir, 'service'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      PUBLIC_SECURITY_FILING_URL: stores.publicSecurityUrl,
      // One client address and two accounts make every request: the limits are not what is tested.
      RATE_LIMIT_PER_IP: '1000000',
      RATE_LIMIT_PER_CALLER: '1000000',
      VERIFY_THREADS: '0',
      // The starter package makes four seals in one request: on a loaded 2-core machine that can pass 30 s.
      REQUEST_TIMEOUT_MS: '120000',
    };
    service = new SupervisedService(serviceEnv, join(dir, 'service.log'));
    await service.start();

    // The demo path makes the unit, its starter seals (filed with the simulator, ACTIVE), the
    // custodian and the approver, and replaces the maker's one-time PIN.
    const out: string[] = [];
    const err: string[] = [];
    const demoExit = await runCli(['demo', '--api', apiUrl, '--json', '--out', join(dir, 'demo', 'signed.pdf')], {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      cwd: dir,
      env: serviceEnv,
    });
    if (demoExit !== 0) throw new Error(`seal demo failed: ${err.join('')}`);
    const demo = JSON.parse(out.join('')) as Demo;
    const contract = demo.seals.find((s) => s.kind === 'CONTRACT')!;
    const account = (role: string) => demo.accounts.find((a) => a.roles.includes(role))!;
    const client = new SigningClient({
      apiUrl,
      sealId: contract.sealId,
      pin: contract.pin,
      custodian: account('SEAL_CUSTODIAN'),
      approver: account('APPROVER'),
    });
    const setUpMs = Date.now() - started;

    // The signings, and the faults at random points among them.
    let settled = 0;
    let next = 0;
    const signer = async () => {
      while (next < SIGNINGS) {
        const label = String(next++);
        await client.signOne(label);
        settled++;
      }
    };
    const faults: string[] = [];
    const injectFaults = async () => {
      for (const { afterSettled, target } of faultPlan(KILLS, SIGNINGS)) {
        while (settled < afterSettled) await sleep(50);
        await sleep(randomInt(0, 1000));
        const killedAt = Date.now();
        if (target === 'service') {
          await service!.kill();
          await service!.untilReady();
        } else {
          await stores!.kill(target);
          await sleep(randomInt(200, 2000));
          await stores!.restart(target);
        }
        const backAt = Date.now();
        const acksBefore = client.tally.acknowledged.length;
        while (client.tally.acknowledged.length === acksBefore && settled < SIGNINGS) await sleep(50);
        faults.push(
          `${target} killed after ${afterSettled} signings: back in ${backAt - killedAt} ms, next acknowledgment ${Date.now() - backAt} ms later`,
        );
      }
    };
    const signingStarted = Date.now();
    await Promise.all([...Array.from({ length: CONCURRENCY }, signer), injectFaults()]);
    const signingMs = Date.now() - signingStarted;

    connection = await connectMongo(`${stores.mongodbUrl}${DATABASE}`, { serverSelectionTimeoutMS: 5_000 });
    const catchUpMs = await waitUntilAnchored(connection, client.tally, ANCHOR_CATCH_UP_MS);
    expect(await service.stop()).toBe(0);
    const ledgerDir = join(serviceEnv.DATA_DIR!, 'ledger');
    const ledger = await EmbeddedLedger.openReadOnly({ dataDir: ledgerDir });
    const evidence = await checkEvidence(
      connection,
      createContractLedgerClient(ledger.transport(DEFAULT_EMBEDDED_IDENTITY, true)),
      client.tally,
    );

    const t = client.tally;
    const refused = Object.entries(t.refused).map(([code, n]) => `${code} ${n}`);
    const transient = Object.entries(t.transient).map(([code, n]) => `${code} ${n}`);
    process.stdout.write(
      [
        `soak: ${SIGNINGS} signings at concurrency ${CONCURRENCY}, ${KILLS} kills; set-up ${setUpMs} ms, signing ${signingMs} ms ` +
          `(${((t.acknowledged.length * 1000) / signingMs).toFixed(1)}/s), anchoring caught up ${catchUpMs} ms after`,
        `  client: ${t.acknowledged.length} acknowledged (${t.acknowledgedAfterRetry} after a retry), refused: ${refused.join(', ') || 'none'}; ` +
          `connections lost ${t.connectionLost}, refused ${t.connectionRefused}; sign requests retried ${t.signRetries}; ` +
          `try-again answers: ${transient.join(', ') || 'none'}; hung ${t.hung}`,
        ...faults.map((f) => `  fault: ${f}`),
        `  service: ${service.starts} starts, ${service.ownExits.length} exits of its own` +
          service.ownExits.map((e) => `\n    exit ${e.code ?? e.signal}: ${e.lastLines.slice(-3).join(' | ')}`).join(''),
        `  evidence: ${evidence.acknowledged} acknowledged; not stored once ${evidence.notStoredOnce.length}, not anchored ${evidence.notAnchored.length}, ` +
          `ledger mismatches ${evidence.ledgerMismatches.length}; records nobody received ${evidence.unreceivedRecords}`,
        '',
      ].join('\n'),
    );

    expect(t.broken).toEqual([]);
    expect(t.hung).toBe(0);
    // Every signing ends acknowledged: a fault only delays it (a retry, a 503 to wait out).
    expect(t.refused).toEqual({});
    expect(t.acknowledged.length).toBe(SIGNINGS);
    expect(evidence.notStoredOnce).toEqual([]);
    expect(evidence.notAnchored).toEqual([]);
    expect(evidence.ledgerMismatches).toEqual([]);
    expect(faults).toHaveLength(KILLS);
  });
});

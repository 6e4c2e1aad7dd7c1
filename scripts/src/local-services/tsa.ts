import path from 'node:path';
import { Certificate, Sm2PublicKey, toPem } from '@eseal/core';
import { LOOPBACK_HOST } from './free-port';
import { spawnService } from './managed-process';
import { REPO_ROOT } from './repo-root';
import type { RunningService } from './running-service';
import { silentLog, type ServiceLog } from './service-log';
import { startOnPort } from './start-with-port';
import { waitUntilReady } from './wait-until-ready';

/**
 * Certifies the TSA: given its public key and the chain it holds now (leaf first, possibly none),
 * answers a new chain (leaf first, then the CA certificates) or undefined when the current one will do.
 */
export type TsaCertifier = (publicKey: Sm2PublicKey, current: readonly Certificate[]) => Promise<readonly Certificate[] | undefined>;

export interface StartTsaOptions {
  /** Its data goes to `tsa/` (key, certificate, journal of issued tokens), its log to `logs/tsa.log`. */
  dataDir: string;
  port?: number;
  certify: TsaCertifier;
  startTimeoutMs?: number;
  log?: ServiceLog;
}

export const TSA_MAIN = path.join(REPO_ROOT, 'scripts', 'dist', 'simulators', 'tsa', 'main.js');

async function call(url: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** The local time-stamp authority (scripts/src/simulators/tsa), its own loopback process, certified before use. */
export async function startTsa(options: StartTsaOptions): Promise<RunningService> {
  const log = options.log ?? silentLog;
  const dir = path.resolve(options.dataDir, 'tsa');
  const logFile = path.resolve(options.dataDir, 'logs', 'tsa.log');
  const binary = process.execPath;
  return startOnPort('tsa', options.port, async (port) => {
    const child = await spawnService({ service: 'tsa', binary, args: [TSA_MAIN, '--data-dir', dir, '--port', String(port)], logFile });
    const url = `http://${LOOPBACK_HOST}:${port}`;
    try {
      await waitUntilReady({
        service: 'tsa',
        process: child,
        probe: async () => void (await call(`${url}/health`)),
        timeoutMs: options.startTimeoutMs ?? 15_000,
      });
      const enrolment = await call(`${url}/tsa/v1/enrolment`);
      const current = (enrolment.certificates as string[]).map((b64) => Certificate.fromDer(Buffer.from(b64, 'base64')));
      const chain = await options.certify(Sm2PublicKey.fromPoint(Buffer.from(String(enrolment.publicKey), 'hex')), current);
      if (chain !== undefined) {
        const certificatePem = chain.map((c) => toPem(c.der)).join('');
        await call(`${url}/__control/certificate`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ certificatePem }),
        });
        log(`tsa: certified ${chain[0]!.subjectText} (serial ${chain[0]!.serialHex})`);
      }
    } catch (error) {
      await child.stop();
      throw error;
    }
    log(`tsa: time-stamp authority ready at ${url} (pid ${child.pid}, data ${dir})`);
    return { url, pid: child.pid, binary, exited: child.exited, stop: () => child.stop() };
  });
}

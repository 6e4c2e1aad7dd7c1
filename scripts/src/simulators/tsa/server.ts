import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  DEFAULT_TSA_POLICY,
  Sm2PrivateKey,
  TspOid,
  decodeTimeStampRequest,
  encodeTimeStampResponse,
  isSealError,
  localTbsSigner,
  makeTimeStampToken,
  sm3,
  type PkiFailureName,
} from '@eseal/core';
import { FaultQueue, parseFault, type Fault } from './faults';
import { SerialJournal } from './serial-journal';
import { TsaIdentity } from './tsa-identity';

export interface TsaServerOptions {
  /** Its own folder: the TSA key, its certificate chain, the journal of issued tokens. */
  readonly dataDir: string;
  readonly port: number;
  readonly host?: string;
}

export interface RunningTsaServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 8 * 1024;
const QUERY_TYPE = 'application/timestamp-query';
const REPLY_TYPE = 'application/timestamp-reply';

class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendReply(res: ServerResponse, status: number, body: Uint8Array): void {
  res.writeHead(status, { 'content-type': REPLY_TYPE, 'content-length': body.length });
  res.end(Buffer.from(body));
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpAnswer(413, 'BODY_TOO_LARGE', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A loopback RFC 3161 time-stamp authority over HTTP (RFC 3161 3.4) in the GM/T 0033 profile: SM3
 * imprints in, SM2-signed tokens out, serial numbers that never repeat (a journal on disk), its
 * certificate from an enrolment with a CA, and faults on command. See README.md for the routes.
 */
export async function startTsaServer(options: TsaServerOptions): Promise<RunningTsaServer> {
  const host = options.host ?? '127.0.0.1';
  const identity = new TsaIdentity(options.dataDir);
  const journal = new SerialJournal(options.dataDir);
  // Another key, so a "bad token signature" fault is a real SM2 signature that does not verify.
  const wrongKey = Sm2PrivateKey.generate();
  const faults = new FaultQueue();
  const stats = { requests: 0, granted: 0, rejected: 0 };

  const rejection = (failure: PkiFailureName, text: string) => {
    stats.rejected += 1;
    return encodeTimeStampResponse({ status: 2, statusText: text, failure });
  };

  async function stamp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests += 1;
    const fault = faults.take();
    if (fault?.mode === '5xx') throw new HttpAnswer(fault.status ?? 503, 'SERVICE_UNAVAILABLE', 'injected fault');
    if (!(req.headers['content-type'] ?? '').startsWith(QUERY_TYPE)) {
      return sendReply(res, 400, rejection('badDataFormat', `content type must be ${QUERY_TYPE}`));
    }
    const body = await readBody(req, MAX_REQUEST_BYTES);
    const answer = await tokenFor(body, fault);
    if (fault?.mode === 'slow') await sleep(fault.delayMs ?? 1000);
    sendReply(res, answer.status, answer.body);
  }

  async function tokenFor(body: Uint8Array, fault: Fault | undefined): Promise<{ status: number; body: Uint8Array }> {
    let request;
    try {
      request = decodeTimeStampRequest(body);
    } catch (error) {
      return { status: 400, body: rejection('badRequest', isSealError(error) ? error.message : 'unreadable request') };
    }
    if (request.hashAlgorithm !== TspOid.SM3 || request.hashedMessage.length !== 32)
      return { status: 200, body: rejection('badAlg', 'this TSA stamps SM3 imprints only (GM/T 0033)') };
    if (request.reqPolicy !== undefined && request.reqPolicy !== DEFAULT_TSA_POLICY)
      return { status: 200, body: rejection('unacceptedPolicy', `this TSA stamps under policy ${DEFAULT_TSA_POLICY} only`) };
    const [certificate] = identity.certificates;
    if (certificate === undefined) return { status: 503, body: rejection('systemFailure', 'the TSA has no certificate yet') };

    const serialNumber = journal.next();
    const genTime = new Date();
    const hashedMessage =
      fault?.mode === 'wrong-imprint' ? sm3(Buffer.concat([Buffer.from('not this: '), request.hashedMessage])) : request.hashedMessage;
    journal.record({
      serial: serialNumber.toString(),
      genTime: genTime.toISOString(),
      imprint: Buffer.from(hashedMessage).toString('hex'),
    });
    const token = await makeTimeStampToken({
      info: {
        policy: DEFAULT_TSA_POLICY,
        hashAlgorithm: TspOid.SM3,
        hashedMessage,
        serialNumber,
        genTime,
        accuracySeconds: 1,
        nonce: request.nonce,
      },
      signer: localTbsSigner(fault?.mode === 'bad-token-signature' ? wrongKey : identity.key),
      certificate,
      includeCertificate: request.certReq,
    });
    stats.granted += 1;
    return { status: 200, body: encodeTimeStampResponse({ status: 0, token }) };
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = (await readBody(req, 64 * 1024)).toString('utf8');
    const json = (): Record<string, unknown> => {
      try {
        const value = JSON.parse(body) as unknown;
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // answered below
      }
      throw new HttpAnswer(400, 'MALFORMED_JSON', 'body must be a JSON object');
    };
    if (req.method === 'POST' && path === '/__control/faults') {
      let fault: Fault;
      try {
        fault = parseFault(json());
      } catch (error) {
        throw error instanceof HttpAnswer ? error : new HttpAnswer(400, 'BAD_FAULT', (error as Error).message);
      }
      if (fault.mode === 'down') {
        sendJson(res, 202, { down: true, durationMs: fault.durationMs });
        setImmediate(() => void goDown(fault.durationMs ?? 2000));
        return;
      }
      faults.arm(fault);
      return sendJson(res, 201, { armed: fault });
    }
    if (req.method === 'DELETE' && path === '/__control/faults') {
      faults.clear();
      return sendJson(res, 200, { cleared: true });
    }
    if (req.method === 'GET' && path === '/__control/stats') return sendJson(res, 200, { ...stats, issued: journal.count });
    if (req.method === 'PUT' && path === '/__control/certificate') {
      try {
        const leaf = identity.enrol(String(json().certificatePem ?? ''));
        return sendJson(res, 200, { enrolled: true, serial: leaf.serialHex, notAfter: leaf.notAfter.toISOString() });
      } catch (error) {
        throw error instanceof HttpAnswer ? error : new HttpAnswer(400, 'BAD_CERTIFICATE', (error as Error).message);
      }
    }
    throw new HttpAnswer(404, 'ROUTE_NOT_FOUND', `no route ${req.method} ${path}`);
  }

  /** What a CA needs to certify this TSA, and the certificate chain it holds now (base64 DER), if any. */
  const enrolment = () => ({
    publicKey: Buffer.from(identity.key.publicKey.point).toString('hex'),
    certificates: identity.certificates.map((c) => Buffer.from(c.der).toString('base64')),
  });

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      try {
        if (req.method === 'GET' && path === '/health')
          return sendJson(res, 200, { status: 'ok', enrolled: identity.certificates.length > 0 });
        if (req.method === 'GET' && path === '/tsa/v1/enrolment') return sendJson(res, 200, enrolment());
        if (path.startsWith('/__control/')) return await control(req, res, path);
        if (req.method === 'POST' && (path === '/' || path === '/tsa')) return await stamp(req, res);
        throw new HttpAnswer(404, 'ROUTE_NOT_FOUND', `no route ${req.method} ${path}`);
      } catch (error) {
        if (error instanceof HttpAnswer) return sendJson(res, error.status, { error: { code: error.code, message: error.message } });
        process.stderr.write(`tsa: ${String(error)}\n`);
        sendReply(res, 500, encodeTimeStampResponse({ status: 2, statusText: 'internal error', failure: 'systemFailure' }));
      }
    })();
  };

  let server = http.createServer(handler);
  const sockets = new Set<Socket>();
  const track = (s: http.Server) =>
    s.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
  const listen = (s: http.Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => resolve((s.address() as { port: number }).port));
    });
  const closeServer = (s: http.Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  track(server);
  const port = await listen(server, options.port);
  let closed = false;
  let downTimer: NodeJS.Timeout | undefined;

  /** "down": connections are refused until the time is up, then the same port listens again. */
  async function goDown(durationMs: number): Promise<void> {
    await closeServer(server);
    downTimer = setTimeout(() => {
      if (closed) return;
      server = http.createServer(handler);
      track(server);
      void listen(server, port).catch((error: unknown) => process.stderr.write(`tsa could not listen again: ${String(error)}\n`));
    }, durationMs);
  }

  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      closed = true;
      if (downTimer) clearTimeout(downTimer);
      if (server.listening) await closeServer(server);
      journal.close();
    },
  };
}

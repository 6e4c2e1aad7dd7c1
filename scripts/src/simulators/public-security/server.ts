import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { renderImprint, sm3Hex } from '@eseal/core';
import { AnswerSigner } from './answer-signer';
import { FaultQueue, type Fault } from './faults';
import { Journal } from './journal';
import { FilingStore, type FilingAck, type StoredImprint } from './stores';
import { filingProblems } from './validate-filing';

/**
 * Loopback stand-in for the public-security systems: the engraving system (imprints of engraved
 * physical seals) and the filing system (备案). Service routes behave like the real thing (what was
 * accepted survives a restart, acknowledgements are signed with the simulator's SM2 key); routes
 * under /__control/ seed engravings, arm faults and show what was filed.
 */
const MAX_BODY_BYTES = 1024 * 1024;
const SEAL_CODE = /^\d{13}$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(req: IncomingMessage, body: Buffer): unknown {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json');
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'MALFORMED_JSON', 'body is not JSON');
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  return parseJson(req, await readBody(req));
}

export interface RunningSimulator {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** Where the journal and the signing key live (created if missing). */
  dataDir: string;
  /** 0 (default) takes a free port. */
  port?: number;
  host?: string;
}

export function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const { port = 0, host = '127.0.0.1' } = options;
  const faults = new FaultQueue();
  const filings = new FilingStore();
  const engravings = new Map<string, StoredImprint>();
  const stats = { engraving: 0, filing: 0 };
  const journal = new Journal(join(options.dataDir, 'journal.jsonl'));
  const signer = new AnswerSigner(options.dataDir);
  for (const entry of journal.replay()) {
    if (entry.type === 'filing') filings.restore(entry.filingId, entry.record, entry.ack as unknown as FilingAck);
    else
      engravings.set(entry.sealCode, {
        png: Buffer.from(entry.pngBase64, 'base64'),
        widthMm: entry.widthMm,
        heightMm: entry.heightMm,
        statedSm3: entry.statedSm3,
      });
  }

  const acknowledge =
    (record: Record<string, unknown>) =>
    (filingId: string, recordSm3: string): FilingAck => {
      const fields = { ackId: `PSB-${randomUUID()}`, filedAt: new Date().toISOString(), filingId, recordSm3 };
      const ack = { ackId: fields.ackId, filedAt: fields.filedAt, recordSm3, signature: signer.sign(fields) };
      journal.append({ type: 'filing', filingId, record, ack: { ...ack } });
      return ack;
    };

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'POST' && path === '/__control/faults') {
      try {
        return send(res, 201, { armed: faults.arm(await readJson(req)) });
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(400, 'BAD_FAULT', (error as Error).message);
      }
    }
    if (req.method === 'POST' && path === '/__control/reset') {
      faults.clear();
      filings.clear();
      engravings.clear();
      journal.clear();
      stats.engraving = 0;
      stats.filing = 0;
      return send(res, 200, { reset: true });
    }
    if (req.method === 'GET' && path === '/__control/filings') return send(res, 200, { filings: filings.list() });
    if (req.method === 'GET' && path === '/__control/stats') return send(res, 200, stats);
    const engraving = /^\/__control\/engravings\/([^/]+)$/.exec(path);
    if (req.method === 'PUT' && engraving !== null) {
      const sealCode = decodeURIComponent(engraving[1]!);
      if (!SEAL_CODE.test(sealCode)) throw new HttpError(400, 'BAD_SEAL_CODE', 'seal code must be 13 digits');
      return send(res, 201, seedEngraving(sealCode, (await readJson(req)) as Record<string, unknown>));
    }
    throw new HttpError(404, 'NOT_FOUND', 'no such control route');
  }

  /** Body: { unitName, sealName? } for a round seal, or { personName, shape: 'RECTANGLE'|'OVAL' }; { stateWrongDigest: true } corrupts the stated SM3. */
  function seedEngraving(sealCode: string, body: Record<string, unknown>) {
    const spec =
      typeof body.personName === 'string'
        ? { shape: body.shape === 'OVAL' ? ('OVAL' as const) : ('RECTANGLE' as const), personName: body.personName }
        : {
            shape: 'ROUND' as const,
            unitName: String(body.unitName ?? ''),
            sealName: typeof body.sealName === 'string' ? body.sealName : '',
            sealCode,
          };
    let rendered;
    try {
      rendered = renderImprint(spec);
    } catch (error) {
      throw new HttpError(400, 'BAD_ENGRAVING', (error as Error).message);
    }
    const png = Buffer.from(rendered.png);
    const statedSm3 = body.stateWrongDigest === true ? sm3Hex(Buffer.from('not the imprint')) : sm3Hex(png);
    engravings.set(sealCode, { png, widthMm: rendered.widthMm, heightMm: rendered.heightMm, statedSm3 });
    journal.append({
      type: 'engraving',
      sealCode,
      pngBase64: png.toString('base64'),
      widthMm: rendered.widthMm,
      heightMm: rendered.heightMm,
      statedSm3,
    });
    return { sealCode, sm3: sm3Hex(png), widthMm: rendered.widthMm, heightMm: rendered.heightMm };
  }

  /** A bad-signature fault flips one byte of the signature in this answer only; the stored ack stays good. */
  const answerAck = (ack: FilingAck, fault: Omit<Fault, 'remaining'> | undefined): FilingAck => {
    if (fault?.badSignature !== true) return ack;
    const signature = Buffer.from(ack.signature, 'base64');
    signature[signature.length - 1]! ^= 0x01;
    return { ...ack, signature: signature.toString('base64') };
  };

  async function service(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    rawBody: Buffer,
    fault: Omit<Fault, 'remaining'> | undefined,
  ): Promise<void> {
    if (path === '/filing/v1/public-key') {
      return send(res, 200, { algorithm: 'SM2-SM3', userId: '1234567812345678', publicKeyHex: signer.publicKeyHex });
    }
    const imprint = /^\/engraving\/v1\/seals\/([^/]+)\/imprint$/.exec(path);
    if (imprint !== null) {
      if (req.method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'use GET');
      const sealCode = decodeURIComponent(imprint[1]!);
      if (!SEAL_CODE.test(sealCode)) throw new HttpError(400, 'BAD_SEAL_CODE', 'seal code must be 13 digits');
      const stored = engravings.get(sealCode);
      if (stored === undefined) throw new HttpError(404, 'SEAL_NOT_ENGRAVED', 'no engraved seal with this code');
      return send(res, 200, {
        sealCode,
        imprint: { pngBase64: stored.png.toString('base64'), widthMm: stored.widthMm, heightMm: stored.heightMm, sm3: stored.statedSm3 },
      });
    }
    const filing = /^\/filing\/v1\/filings\/([^/]+)$/.exec(path);
    if (filing !== null) {
      const filingId = decodeURIComponent(filing[1]!);
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(filingId)) throw new HttpError(400, 'BAD_FILING_ID', 'filing id must be 8-64 [A-Za-z0-9_-]');
      if (req.method === 'GET') {
        const stored = filings.get(filingId);
        if (stored === undefined) throw new HttpError(404, 'FILING_NOT_FOUND', 'no filing with this id');
        return send(res, 200, { ...answerAck(stored.ack, fault), record: stored.record });
      }
      if (req.method !== 'PUT') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'use PUT or GET');
      const body = parseJson(req, rawBody);
      const problems = filingProblems(filingId, body);
      if (problems.length > 0) throw new HttpError(422, 'FILING_INVALID', 'the filing is invalid', problems);
      const outcome = filings.file(filingId, body as Record<string, unknown>, acknowledge(body as Record<string, unknown>));
      switch (outcome.kind) {
        case 'created':
          return send(res, 201, answerAck(outcome.ack, fault));
        case 'replayed':
          return send(res, 200, answerAck(outcome.ack, fault));
        case 'conflict':
          throw new HttpError(409, 'FILING_ID_CONFLICT', 'this filing id was used for a different record');
        case 'duplicate-seal':
          throw new HttpError(409, 'SEAL_ALREADY_FILED', 'this seal was already filed as made');
        case 'seal-not-filed':
          throw new HttpError(422, 'SEAL_NOT_FILED', 'the seal was never filed as made');
        case 'seal-revoked':
          throw new HttpError(409, 'SEAL_REVOKED', 'the seal is revoked');
      }
    }
    if (path === '/health') return send(res, 200, { status: 'ok' });
    throw new HttpError(404, 'NOT_FOUND', 'no such route');
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    const handle = async () => {
      if (path.startsWith('/__control/')) return control(req, res, path);
      // Every service request counts, faulted or not, so tests can assert how often a client tried.
      if (path.startsWith('/engraving/')) stats.engraving += 1;
      if (path.startsWith('/filing/')) stats.filing += 1;
      // The body is read before any delay, as a real service would have it by then: a client that
      // times out during the delay has still had its request processed (the case idempotency is for).
      const rawBody = await readBody(req);
      const fault = path === '/health' ? undefined : faults.take();
      if (fault?.delayMs !== undefined) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault?.drop === true) {
        req.socket.destroy();
        return;
      }
      if (fault?.status !== undefined) {
        return send(res, fault.status, {
          error: { code: fault.code ?? (fault.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'REJECTED'), message: 'injected fault' },
        });
      }
      return service(req, res, path, rawBody, fault);
    };
    handle().catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof HttpError) {
        send(res, error.status, {
          error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
        });
      } else {
        send(res, 500, { error: { code: 'INTERNAL', message: 'simulator failure' } });
      }
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        port: actual,
        url: `http://${host}:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

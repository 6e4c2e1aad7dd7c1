import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Sm2PrivateKey } from '@eseal/core';
import {
  MAX_BATCH_ITEMS,
  SUBMISSIONS_BATCH_PATH,
  VERIFY_CODES,
  VERIFY_TX_BATCH_PATH,
  signReceipt,
  signReceiptBatch,
  submissionProblems,
  type CourtReceipt,
  type EvidenceSubmission,
  type VerifyResult,
} from '@eseal/worker';
import { ChainStore, type ChainBlock } from './chain-store';
import { FaultQueue, parseFault, type Fault } from './faults';
import { ClientRegistry, loadOrCreateCourtKey } from './keys';
import { RequestAuthenticator } from './request-auth';

export interface CourtChainSimulatorOptions {
  /** Its own folder: the chain file, the court key, registered clients. */
  readonly dataDir: string;
  readonly port: number;
  readonly host?: string;
}

export interface RunningCourtChainSimulator {
  readonly url: string;
  readonly port: number;
  readonly publicKeyHex: string;
  close(): Promise<void>;
}

/** Room for a full batch of submissions (about 400 bytes each). */
const MAX_BODY_BYTES = 512 * 1024;

class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpAnswer(413, 'BODY_TOO_LARGE', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new HttpAnswer(400, 'MALFORMED_JSON', 'body must be a JSON object');
}

/** One item of a submission batch: its block (to answer with a receipt), or a refusal with the code a single submission would answer. */
interface ItemAnswer {
  readonly status: number;
  readonly block?: ChainBlock;
  readonly error?: { code: string; message: string };
}

function batchItems(input: Record<string, unknown>): unknown[] {
  const items = input.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > MAX_BATCH_ITEMS) {
    throw new HttpAnswer(422, 'BATCH_INVALID', `items: an array of 1-${MAX_BATCH_ITEMS}`);
  }
  return items;
}

/** Only the submission's own fields reach the chain file. */
function ownFields(e: EvidenceSubmission): EvidenceSubmission {
  const { evidenceId, digest, digestAlgorithm, partyId, txToken, phase, sourceTxId } = e;
  return { evidenceId, digest, digestAlgorithm, partyId, txToken, phase, sourceTxId };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A loopback court-chain evidence service: signed requests in, SM2-signed receipts out, a
 * persistent hash-chained store, verification by digest and by transaction hash, and faults on
 * command. See README.md for the routes.
 */
export async function startCourtChainSimulator(options: CourtChainSimulatorOptions): Promise<RunningCourtChainSimulator> {
  const host = options.host ?? '127.0.0.1';
  const courtKey = loadOrCreateCourtKey(options.dataDir);
  // A different key, so a "bad receipt signature" fault is a real signature that does not verify.
  const wrongKey = Sm2PrivateKey.generate();
  const chain = new ChainStore(options.dataDir);
  const clients = new ClientRegistry(options.dataDir);
  const auth = new RequestAuthenticator(clients.keys);
  const faults = new FaultQueue();
  const submissions = new Map<string, number>();
  const stats = { requests: 0, authFailures: 0, repeats: 0 };

  const unsignedReceiptOf = (block: ChainBlock): Omit<CourtReceipt, 'signature'> => ({
    evidenceId: block.evidence.evidenceId,
    evidenceNumber: block.evidenceNumber,
    txHash: block.hash,
    blockHeight: block.height,
    recordedAt: block.recordedAt,
    digest: block.evidence.digest,
    digestAlgorithm: block.evidence.digestAlgorithm,
  });
  const receiptOf = (block: ChainBlock, key: Sm2PrivateKey = courtKey): CourtReceipt => signReceipt(key, unsignedReceiptOf(block));
  /** A batch's receipts under one signature (a Merkle root over them), as court batch APIs answer. */
  const batchReceiptsOf = (blocks: readonly ChainBlock[], key: Sm2PrivateKey): CourtReceipt[] =>
    signReceiptBatch(key, blocks.map(unsignedReceiptOf));

  const verdict = (block: ChainBlock | undefined, digest: unknown): { result: VerifyResult; code: number } => {
    const result: VerifyResult = block === undefined ? 'NOT_FOUND' : block.evidence.digest === digest ? 'MATCH' : 'MISMATCH';
    return { result, code: VERIFY_CODES[result] };
  };

  async function service(req: IncomingMessage, res: ServerResponse, path: string, body: string): Promise<void> {
    stats.requests += 1;
    const failure = auth.check(req.method ?? '', path, req.headers, body);
    if (failure !== undefined) {
      stats.authFailures += 1;
      throw new HttpAnswer(401, failure, 'request authentication failed');
    }
    const fault = faults.take();
    if (fault?.mode === '5xx') throw new HttpAnswer(fault.status ?? 503, 'SERVICE_UNAVAILABLE', 'injected fault');
    const answer = await route(req.method ?? '', path, body, fault);
    if (fault?.mode === 'slow') await sleep(fault.delayMs ?? 1000);
    send(res, answer.status, answer.body);
  }

  /**
   * Records submissions in order, each answered on its own: 201 for new evidence, 200 for a repeat
   * (answered with its first block's receipt), 409 / 422 refusals. The new blocks are written in one
   * write before any answer. A fault armed for this request applies to every item of it.
   */
  function recordAll(inputs: readonly unknown[], fault: Fault | undefined): ItemAnswer[] {
    const answers: Array<ItemAnswer | { status: 200 | 201; evidenceId: string }> = [];
    const fresh = new Map<string, EvidenceSubmission>();
    for (const input of inputs) {
      try {
        const problems = submissionProblems(input);
        if (problems.length > 0) throw new HttpAnswer(422, 'EVIDENCE_INVALID', problems.join('; '));
        const evidence = ownFields(input as EvidenceSubmission);
        submissions.set(evidence.evidenceId, (submissions.get(evidence.evidenceId) ?? 0) + 1);
        if (fault?.mode === 'reject') throw new HttpAnswer(422, fault.code ?? 'EVIDENCE_REFUSED', 'the court refused the evidence');
        const known = chain.byEvidence(evidence.evidenceId)?.evidence ?? fresh.get(evidence.evidenceId);
        if (known !== undefined && known.digest !== evidence.digest) {
          throw new HttpAnswer(409, 'EVIDENCE_ID_CONFLICT', 'this evidence id is recorded with another digest');
        }
        if (known !== undefined) stats.repeats += 1;
        else fresh.set(evidence.evidenceId, evidence);
        answers.push({ status: known === undefined ? 201 : 200, evidenceId: evidence.evidenceId });
      } catch (error) {
        if (!(error instanceof HttpAnswer)) throw error;
        answers.push({ status: error.status, error: { code: error.code, message: error.message } });
      }
    }
    chain.appendAll([...fresh.values()], new Date());
    return answers.map((a) => ('evidenceId' in a ? { status: a.status, block: chain.byEvidence(a.evidenceId)! } : a));
  }

  async function route(method: string, path: string, body: string, fault: Fault | undefined): Promise<{ status: number; body: unknown }> {
    const key = fault?.mode === 'bad-receipt-signature' ? wrongKey : courtKey;
    if (method === 'POST' && path === '/evidence/v1/submissions') {
      const [answer] = recordAll([parseJson(body)], fault);
      return { status: answer!.status, body: answer!.block ? receiptOf(answer!.block, key) : { error: answer!.error } };
    }
    if (method === 'POST' && path === SUBMISSIONS_BATCH_PATH) {
      const answers = recordAll(batchItems(parseJson(body)), fault);
      const receipts = batchReceiptsOf(
        answers.flatMap((a) => (a.block ? [a.block] : [])),
        key,
      );
      let next = 0;
      const results = answers.map(({ status, block, error }) => (block ? { status, receipt: receipts[next++] } : { status, error }));
      return { status: 200, body: { results } };
    }
    const receiptPath = /^\/evidence\/v1\/receipts\/([^/]{1,128})$/.exec(path);
    if (method === 'GET' && receiptPath) {
      const block = chain.byEvidence(decodeURIComponent(receiptPath[1]!));
      if (block === undefined) throw new HttpAnswer(404, 'EVIDENCE_NOT_FOUND', 'no evidence with this id');
      return { status: 200, body: receiptOf(block, fault?.mode === 'bad-receipt-signature' ? wrongKey : courtKey) };
    }
    if (method === 'POST' && path === '/evidence/v1/verify/digest') {
      const input = parseJson(body);
      return {
        status: 200,
        body: verdict(typeof input.evidenceId === 'string' ? chain.byEvidence(input.evidenceId) : undefined, input.digest),
      };
    }
    if (method === 'POST' && path === '/evidence/v1/verify/tx') {
      const input = parseJson(body);
      return { status: 200, body: verdict(typeof input.txHash === 'string' ? chain.byTx(input.txHash) : undefined, input.digest) };
    }
    if (method === 'POST' && path === VERIFY_TX_BATCH_PATH) {
      const results = batchItems(parseJson(body)).map((item) => {
        const check = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
        return verdict(typeof check.txHash === 'string' ? chain.byTx(check.txHash) : undefined, check.digest);
      });
      return { status: 200, body: { results } };
    }
    throw new HttpAnswer(404, 'ROUTE_NOT_FOUND', `no route ${method} ${path}`);
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string, body: string): Promise<void> {
    if (req.method === 'POST' && path === '/__control/faults') {
      let fault: Fault;
      try {
        fault = parseFault(parseJson(body));
      } catch (error) {
        throw error instanceof HttpAnswer ? error : new HttpAnswer(400, 'BAD_FAULT', (error as Error).message);
      }
      if (fault.mode === 'down') {
        send(res, 202, { down: true, durationMs: fault.durationMs });
        setImmediate(() => void goDown(fault.durationMs ?? 2000));
        return;
      }
      faults.arm(fault);
      return send(res, 201, { armed: fault });
    }
    if (req.method === 'DELETE' && path === '/__control/faults') {
      faults.clear();
      return send(res, 200, { cleared: true });
    }
    if (req.method === 'GET' && path === '/__control/stats') {
      return send(res, 200, { ...stats, records: chain.height, submissions: Object.fromEntries(submissions) });
    }
    const client = /^\/__control\/clients\/([^/]{1,64})$/.exec(path);
    if (req.method === 'PUT' && client) {
      const input = parseJson(body);
      try {
        clients.register(decodeURIComponent(client[1]!), String(input.publicKey ?? ''));
      } catch (error) {
        throw new HttpAnswer(400, 'BAD_CLIENT', (error as Error).message);
      }
      return send(res, 200, { registered: client[1] });
    }
    throw new HttpAnswer(404, 'ROUTE_NOT_FOUND', `no route ${req.method} ${path}`);
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      try {
        const body = await readBody(req);
        if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok', height: chain.height });
        if (req.method === 'GET' && path === '/evidence/v1/court-key') return send(res, 200, { algorithm: 'SM2', publicKey: publicKeyHex });
        if (path.startsWith('/__control/')) return await control(req, res, path, body);
        await service(req, res, path, body);
      } catch (error) {
        if (error instanceof HttpAnswer) return send(res, error.status, { error: { code: error.code, message: error.message } });
        send(res, 500, { error: { code: 'INTERNAL', message: 'simulator fault' } });
      }
    })();
  };

  const publicKeyHex = Buffer.from(courtKey.publicKey.point).toString('hex');
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
      void listen(server, port).catch((error: unknown) =>
        process.stderr.write(`court-chain simulator could not listen again: ${String(error)}\n`),
      );
    }, durationMs);
  }

  return {
    url: `http://${host}:${port}`,
    port,
    publicKeyHex,
    async close() {
      closed = true;
      if (downTimer) clearTimeout(downTimer);
      if (server.listening) await closeServer(server);
      chain.close();
    },
  };
}

/**
 * A client that signs PDFs over HTTP as a careful integrator would: per document, the custodian asks
 * to use the contract seal, the approver approves, the custodian signs with the PIN and a fresh
 * Idempotency-Key, and repeats the same request (same key, same body) after a lost connection, a 503
 * or a 409 "still in progress" until the service answers for good. It keeps a tally of what it saw.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { samplePdf } from '../../../server/src/cli/commands/demo-sample-pdf';

/** Above the service's own request time limit (REQUEST_TIMEOUT_MS, 120 s in the soak): a request this slow hung. */
const CLIENT_TIMEOUT_MS = 180_000;
/** A signing that has not settled in this time is given up and reported as hung. */
const SIGNING_DEADLINE_MS = 5 * 60_000;

export interface Tally {
  /** SM3 of every document the client set out to sign. */
  documents: string[];
  /** Record ids of the signings the service answered 201 for (the client holds the signed PDF). */
  acknowledged: Array<{ recordId: string; documentSm3: string }>;
  /** Signings refused for good, by error code. */
  refused: Record<string, number>;
  /** Requests whose connection broke after it was open (reset, closed mid-answer). */
  connectionLost: number;
  /** Requests that found nothing listening (the service was restarting). */
  connectionRefused: number;
  /** Answers that said "try again", by status and code (503 DEPENDENCY_UNAVAILABLE, 409 in progress, 429, 408). */
  transient: Record<string, number>;
  /** Sign requests sent again with the same Idempotency-Key. */
  signRetries: number;
  /** Signings that acknowledged only after at least one retry. */
  acknowledgedAfterRetry: number;
  /** 500s and other answers that break the contract, with their bodies. */
  broken: string[];
  /** Requests with no answer within CLIENT_TIMEOUT_MS, and signings that never settled. */
  hung: number;
}

export function emptyTally(): Tally {
  return {
    documents: [],
    acknowledged: [],
    refused: {},
    connectionLost: 0,
    connectionRefused: 0,
    transient: {},
    signRetries: 0,
    acknowledgedAfterRetry: 0,
    broken: [],
    hung: 0,
  };
}

type Outcome = { kind: 'answer'; status: number; body: ApiBody } | { kind: 'no-answer'; reason: 'lost' | 'refused' | 'timeout' };
interface ApiBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
  [field: string]: unknown;
}

export interface SigningParty {
  username: string;
  password: string;
}

export interface SigningClientOptions {
  apiUrl: string;
  sealId: string;
  pin: string;
  custodian: SigningParty;
  approver: SigningParty;
}

const sm3 = (bytes: Uint8Array) => createHash('sm3').update(bytes).digest('hex');

export class SigningClient {
  readonly tally = emptyTally();
  private readonly tokens = new Map<string, Promise<Outcome>>();

  constructor(private readonly options: SigningClientOptions) {}

  /** Signs one new document; settles once the service has answered for good (or the deadline passed). */
  async signOne(label: string): Promise<void> {
    const deadline = Date.now() + SIGNING_DEADLINE_MS;
    const pdf = samplePdf([`Soak document ${label}`, `nonce ${randomBytes(16).toString('hex')}`]);
    const documentSm3 = sm3(pdf);
    this.tally.documents.push(documentSm3);
    const approvalId = await this.approvedUse(documentSm3, deadline);
    if (approvalId === undefined) return;
    const body = {
      sealId: this.options.sealId,
      pin: this.options.pin,
      approvalId,
      document: Buffer.from(pdf).toString('base64'),
      placement: { page: 1, xMm: 120, yMm: 40 },
    };
    const idempotencyKey = randomUUID();
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > deadline) return void this.tally.hung++;
      if (attempt > 0) this.tally.signRetries++;
      const outcome = await this.post(this.options.custodian, '/sign', body, idempotencyKey);
      if (outcome.kind === 'answer' && outcome.status === 201) {
        const record = outcome.body.record as { id: string; documentSm3Before: string; documentSm3After: string };
        const signed = Buffer.from(outcome.body.signedPdf as string, 'base64');
        if (record.documentSm3Before !== documentSm3 || record.documentSm3After !== sm3(signed)) {
          this.tally.broken.push(`sign ${label}: the answer's record does not describe the document sent and the PDF returned`);
        }
        this.tally.acknowledged.push({ recordId: record.id, documentSm3 });
        if (attempt > 0) this.tally.acknowledgedAfterRetry++;
        return;
      }
      if (!(await this.worthRetrying(outcome))) return void this.refuse(label, outcome);
    }
  }

  /** A new use request for the document, approved; undefined when it was refused for good. */
  private async approvedUse(documentSm3: string, deadline: number): Promise<string | undefined> {
    while (Date.now() < deadline) {
      const requested = await this.post(this.options.custodian, '/seal-use-requests', {
        sealId: this.options.sealId,
        documentSm3,
        purpose: 'soak',
      });
      if (requested.kind !== 'answer' || requested.status !== 201) {
        if (await this.worthRetrying(requested)) continue;
        return void this.refuse('use request', requested);
      }
      const id = requested.body.id as string;
      for (;;) {
        if (Date.now() > deadline) break;
        const approved = await this.post(this.options.approver, `/seal-use-requests/${id}/approve`, {});
        if (approved.kind === 'answer' && approved.status < 300) return id;
        // An approval whose answer was lost may have been made: the request's state says. Still PENDING,
        // an earlier attempt holds the decision and may be writing it (or died: it is taken over in seconds).
        if (approved.kind === 'answer' && approved.body.error?.code === 'INVALID_TRANSITION') {
          const state = await this.get(this.options.approver, `/seal-use-requests/${id}`);
          if (state.kind === 'answer' && state.body.state === 'APPROVED') return id;
          if (state.kind === 'answer' && state.body.state === 'PENDING') {
            const label = '409 INVALID_TRANSITION (being decided)';
            this.tally.transient[label] = (this.tally.transient[label] ?? 0) + 1;
            await sleep(randomInt(500, 1500));
            continue;
          }
          // The state could not be read (a store or the service down at that moment): ask again.
          if (!(state.kind === 'answer' && state.status < 300) && (await this.worthRetrying(state))) continue;
        }
        if (!(await this.worthRetrying(approved))) return void this.refuse('approval', approved);
      }
    }
    this.tally.hung++;
    return undefined;
  }

  /** Counts a "try again" (and pauses a little); false for an answer that is final. */
  private async worthRetrying(outcome: Outcome): Promise<boolean> {
    if (outcome.kind === 'no-answer') {
      if (outcome.reason === 'lost') this.tally.connectionLost++;
      else if (outcome.reason === 'refused') this.tally.connectionRefused++;
      else this.tally.hung++;
      await sleep(randomInt(100, 400));
      return true;
    }
    const error = outcome.body.error;
    const code = error?.code ?? '';
    // 409 IDEMPOTENCY_CONFLICT says "in progress" or "retry"; with another body under the key it is final.
    const conflictToWaitOut =
      outcome.status === 409 && code === 'IDEMPOTENCY_CONFLICT' && !!(error?.details?.inProgress || error?.details?.retry);
    // 408: the service gave up on the request within its own time limit; repeating it is safe.
    if (!(outcome.status === 503 || outcome.status === 429 || outcome.status === 408 || conflictToWaitOut)) return false;
    const label = `${outcome.status} ${code}`;
    this.tally.transient[label] = (this.tally.transient[label] ?? 0) + 1;
    await sleep(randomInt(200, 800));
    return true;
  }

  private refuse(what: string, outcome: Outcome): void {
    if (outcome.kind === 'no-answer') return;
    const code = outcome.body.error?.code ?? `HTTP ${outcome.status}`;
    if (outcome.status >= 500) this.tally.broken.push(`${what}: ${outcome.status} ${JSON.stringify(outcome.body.error ?? outcome.body)}`);
    this.tally.refused[code] = (this.tally.refused[code] ?? 0) + 1;
  }

  private post(party: SigningParty, path: string, body: unknown, idempotencyKey: string = randomUUID()): Promise<Outcome> {
    return this.call(party, 'POST', path, body, idempotencyKey);
  }

  private get(party: SigningParty, path: string): Promise<Outcome> {
    return this.call(party, 'GET', path);
  }

  /** One request as the party; a 401 (a session lost with Redis, or expired) signs in again once. */
  private async call(party: SigningParty, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<Outcome> {
    for (let signIns = 0; ; signIns++) {
      const token = await this.token(party);
      if (typeof token !== 'string') return token;
      const outcome = await this.send(method, path, body, {
        authorization: `Bearer ${token}`,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      });
      if (outcome.kind === 'answer' && outcome.status === 401 && signIns === 0) {
        this.tokens.delete(party.username);
        continue;
      }
      return outcome;
    }
  }

  /** A session token, signed in on first use (one sign-in shared by concurrent callers); else the sign-in's outcome. */
  private async token(party: SigningParty): Promise<string | Outcome> {
    let pending = this.tokens.get(party.username);
    if (!pending) {
      pending = this.send('POST', '/auth/sign-in', { username: party.username, password: party.password }, {});
      this.tokens.set(party.username, pending);
    }
    const outcome = await pending;
    if (outcome.kind === 'answer' && outcome.status === 200) return (outcome.body.tokens as { accessToken: string }).accessToken;
    if (this.tokens.get(party.username) === pending) this.tokens.delete(party.username);
    return outcome;
  }

  private async send(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Outcome> {
    try {
      const res = await fetch(`${this.options.apiUrl}/api/v1${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
      const text = await res.text();
      let parsed: ApiBody;
      try {
        parsed = JSON.parse(text) as ApiBody;
      } catch {
        parsed = { error: { code: `unparsable body: ${text.slice(0, 100)}` } };
      }
      return { kind: 'answer', status: res.status, body: parsed };
    } catch (error) {
      return { kind: 'no-answer', reason: noAnswerReason(error) };
    }
  }
}

function noAnswerReason(error: unknown): 'lost' | 'refused' | 'timeout' {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') return 'timeout';
  return e.cause?.code === 'ECONNREFUSED' ? 'refused' : 'lost';
}

import { randomBytes } from 'node:crypto';
import { SealError, type Sm2PrivateKey, type Sm2PublicKey } from '@eseal/core';
import type { CourtChainAdapter, SubmitOutcome } from './adapter';
import {
  MAX_BATCH_ITEMS,
  SUBMISSIONS_BATCH_PATH,
  VERIFY_TX_BATCH_PATH,
  HEADER_APP_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  VERIFY_CODES,
  parseReceipt,
  receiptSignatureValid,
  signRequest,
  type CourtReceipt,
  type DigestAlgorithm,
  type EvidenceSubmission,
  type VerifyResult,
} from './protocol';

export interface HttpCourtChainOptions {
  readonly id: string;
  readonly baseUrl: string;
  /** Our registered application id at the court. */
  readonly appId: string;
  /** The service's SM2 key: every request is signed with it. */
  readonly clientKey: Sm2PrivateKey;
  /** The court's SM2 key: every receipt must verify against it. */
  readonly courtPublicKey: Sm2PublicKey;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly timeoutMs: number;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** A court-chain evidence API over HTTP: signed, replay-protected requests; receipts checked. */
export class HttpCourtChain implements CourtChainAdapter {
  readonly id: string;
  readonly digestAlgorithm: DigestAlgorithm;

  constructor(private readonly options: HttpCourtChainOptions) {
    this.id = options.id;
    this.digestAlgorithm = options.digestAlgorithm;
  }

  async submit(evidence: EvidenceSubmission): Promise<CourtReceipt> {
    const { status, json } = await this.call('POST', '/evidence/v1/submissions', evidence);
    if (status !== 200 && status !== 201) throw this.unexpected('submit', status);
    return this.receiptFor(evidence, json);
  }

  /** One signed request per MAX_BATCH_ITEMS submissions; each receipt is checked as a single one is. */
  async submitMany(evidence: readonly EvidenceSubmission[]): Promise<SubmitOutcome[]> {
    const outcomes: SubmitOutcome[] = [];
    for (let from = 0; from < evidence.length; from += MAX_BATCH_ITEMS) {
      const chunk = evidence.slice(from, from + MAX_BATCH_ITEMS);
      const results = await this.batch('submit', SUBMISSIONS_BATCH_PATH, chunk);
      chunk.forEach((item, i) => outcomes.push(this.submitOutcome(item, results[i])));
    }
    return outcomes;
  }
  async queryReceipt(evidenceId: string): Promise<CourtReceipt | undefined> {
    const { status, json } = await this.call('GET', `/evidence/v1/receipts/${encodeURIComponent(evidenceId)}`);
    if (status === 404) return undefined;
    if (status !== 200) throw this.unexpected('query receipt', status);
    return this.checked(json);
  }

  verifyByDigest(evidenceId: string, digest: string): Promise<VerifyResult> {
    return this.verify('/evidence/v1/verify/digest', { evidenceId, digest });
  }

  verifyByTxHash(txHash: string, digest: string): Promise<VerifyResult> {
    return this.verify('/evidence/v1/verify/tx', { txHash, digest });
  }

  async verifyManyByTxHash(checks: ReadonlyArray<{ readonly txHash: string; readonly digest: string }>): Promise<VerifyResult[]> {
    const verdicts: VerifyResult[] = [];
    for (let from = 0; from < checks.length; from += MAX_BATCH_ITEMS) {
      const chunk = checks.slice(from, from + MAX_BATCH_ITEMS).map(({ txHash, digest }) => ({ txHash, digest }));
      const results = await this.batch('verify', VERIFY_TX_BATCH_PATH, chunk);
      for (const result of results) verdicts.push(this.verdictOf(200, result, 'verify'));
    }
    return verdicts;
  }

  checkReceipt(receipt: CourtReceipt): boolean {
    try {
      return receiptSignatureValid(this.options.courtPublicKey, receipt);
    } catch {
      return false;
    }
  }

  private async verify(path: string, body: Record<string, string>): Promise<VerifyResult> {
    const { status, json } = await this.call('POST', path, body);
    return this.verdictOf(status, json, 'verify');
  }

  private verdictOf(status: number, json: unknown, operation: string): VerifyResult {
    const answer = json as { result?: unknown; code?: unknown } | undefined;
    const result = Object.entries(VERIFY_CODES).find(([name, code]) => name === answer?.result && code === answer?.code)?.[0];
    if (status !== 200 || result === undefined) throw this.unexpected(operation, status);
    return result as VerifyResult;
  }

  /** A batch exchange: the results array, exactly one per item, or the whole exchange is unexpected. */
  private async batch(operation: string, path: string, items: readonly unknown[]): Promise<unknown[]> {
    const { status, json } = await this.call('POST', path, { items });
    const results = (json as { results?: unknown } | undefined)?.results;
    if (status !== 200 || !Array.isArray(results) || results.length !== items.length) throw this.unexpected(operation, status);
    return results;
  }

  private submitOutcome(evidence: EvidenceSubmission, result: unknown): SubmitOutcome {
    const item = (typeof result === 'object' && result !== null ? result : {}) as { status?: unknown; receipt?: unknown; error?: unknown };
    try {
      if (item.status === 200 || item.status === 201) return { receipt: this.receiptFor(evidence, item.receipt) };
      const refusal =
        typeof item.status === 'number' && item.status >= 400 && item.status < 500 && item.status !== 408 && item.status !== 429;
      if (refusal) return { error: this.refused(item.status as number, item.error) };
      return { error: this.unexpected('submit', typeof item.status === 'number' ? item.status : 0) };
    } catch (error) {
      return { error };
    }
  }

  /** The checked receipt for exactly this evidence: a receipt for other evidence (or another digest) is as bad as a forged one. */
  private receiptFor(evidence: EvidenceSubmission, json: unknown): CourtReceipt {
    const receipt = this.checked(json);
    if (receipt.evidenceId !== evidence.evidenceId || receipt.digest !== evidence.digest) {
      throw new SealError('COURT_RECEIPT_INVALID', `${this.id} answered a receipt for other evidence`, {
        details: { adapter: this.id, evidenceId: evidence.evidenceId },
      });
    }
    return receipt;
  }

  private checked(json: unknown): CourtReceipt {
    const receipt = parseReceipt(json);
    if (receipt === undefined || !this.checkReceipt(receipt)) {
      throw new SealError('COURT_RECEIPT_INVALID', `${this.id} answered a receipt that does not verify against its configured key`, {
        details: { adapter: this.id },
      });
    }
    return receipt;
  }

  private unexpected(operation: string, status: number): SealError {
    return new SealError('UPSTREAM_UNAVAILABLE', `${this.id}: unexpected answer to ${operation} (HTTP ${status})`, {
      details: { adapter: this.id, status, retryable: true },
    });
  }

  /** One signed exchange; transport failures and 5xx/429/408 are UPSTREAM_UNAVAILABLE, other 4xx UPSTREAM_REJECTED. */
  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(Date.now());
    const nonce = randomBytes(16).toString('hex');
    const signature = signRequest(this.options.clientKey, { method, path, timestamp, nonce, body: text });
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    let answer: string;
    try {
      response = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          [HEADER_APP_ID]: this.options.appId,
          [HEADER_TIMESTAMP]: timestamp,
          [HEADER_NONCE]: nonce,
          [HEADER_SIGNATURE]: signature,
        },
        ...(body === undefined ? {} : { body: text }),
        signal: deadline,
      });
      answer = await response.text();
    } catch (cause) {
      const reason = deadline.aborted ? 'timeout' : 'network';
      // fetch wraps the socket's error: its code (ECONNREFUSED, ECONNRESET, ...) tells operators which failure it was.
      const socketCode = (cause as { cause?: { code?: unknown } } | null)?.cause?.code;
      const detail = typeof socketCode === 'string' ? `${reason}: ${socketCode}` : reason;
      throw new SealError('UPSTREAM_UNAVAILABLE', `${this.id} is unavailable (${detail})`, {
        details: { adapter: this.id, reason, retryable: true },
        cause,
      });
    }
    if (Buffer.byteLength(answer) > MAX_RESPONSE_BYTES) throw this.unexpected(method, response.status);
    let json: unknown;
    try {
      json = answer === '' ? undefined : JSON.parse(answer);
    } catch {
      json = undefined;
    }
    const status = response.status;
    if (status >= 500 || status === 429 || status === 408) {
      throw new SealError('UPSTREAM_UNAVAILABLE', `${this.id} is unavailable (HTTP ${status})`, {
        details: { adapter: this.id, status, retryable: true },
      });
    }
    if (status >= 400 && status !== 404) throw this.refused(status, (json as { error?: unknown } | undefined)?.error);
    return { status, json };
  }

  private refused(status: number, error: unknown): SealError {
    const upstream = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown };
    const code = typeof upstream.code === 'string' ? upstream.code.slice(0, 64) : undefined;
    return new SealError('UPSTREAM_REJECTED', `${this.id} refused the request (HTTP ${status}${code ? ` ${code}` : ''})`, {
      details: { adapter: this.id, status, ...(code ? { upstreamCode: code } : {}) },
    });
  }
}

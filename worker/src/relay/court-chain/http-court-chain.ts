import { randomBytes } from 'node:crypto';
import { SealError, type Sm2PrivateKey, type Sm2PublicKey } from '@eseal/core';
import type { CourtChainAdapter } from './adapter';
import {
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
    const receipt = this.checked(json);
    // A receipt for other evidence (or another digest) is as bad as a forged one.
    if (receipt.evidenceId !== evidence.evidenceId || receipt.digest !== evidence.digest) {
      throw new SealError('COURT_RECEIPT_INVALID', `${this.id} answered a receipt for other evidence`, {
        details: { adapter: this.id, evidenceId: evidence.evidenceId },
      });
    }
    return receipt;
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

  checkReceipt(receipt: CourtReceipt): boolean {
    try {
      return receiptSignatureValid(this.options.courtPublicKey, receipt);
    } catch {
      return false;
    }
  }

  private async verify(path: string, body: Record<string, string>): Promise<VerifyResult> {
    const { status, json } = await this.call('POST', path, body);
    const answer = json as { result?: unknown; code?: unknown } | undefined;
    const result = Object.entries(VERIFY_CODES).find(([name, code]) => name === answer?.result && code === answer?.code)?.[0];
    if (status !== 200 || result === undefined) throw this.unexpected('verify', status);
    return result as VerifyResult;
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
      throw new SealError('UPSTREAM_UNAVAILABLE', `${this.id} is unavailable (${reason})`, {
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
    if (status >= 400 && status !== 404) {
      const upstream = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      throw new SealError(
        'UPSTREAM_REJECTED',
        `${this.id} refused the request (HTTP ${status}${typeof upstream?.code === 'string' ? ` ${upstream.code}` : ''})`,
        {
          details: { adapter: this.id, status, ...(typeof upstream?.code === 'string' ? { upstreamCode: upstream.code } : {}) },
        },
      );
    }
    return { status, json };
  }
}

import { SealError } from '@eseal/core';
import type { FilingAck, FilingRecord, FilingSystem } from './filing-system';
import { callUpstream, malformedResponse, type UpstreamHttpOptions } from './upstream-http';

const SYSTEM = 'filing system';
const FILING_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * HTTP client: PUT {base}/filing/v1/filings/{filingId} with the record as JSON →
 * 201 { ackId, filedAt } the first time, 200 with the same ack on a repeat, 409 when the id was
 * used for different content (a bug on our side: rejected, not retried).
 */
export class HttpFilingSystem implements FilingSystem {
  constructor(private readonly options: UpstreamHttpOptions) {}

  async file(record: FilingRecord): Promise<FilingAck> {
    if (!FILING_ID.test(record.filingId)) {
      throw new SealError('VALIDATION_FAILED', 'filingId must be 8-64 characters [A-Za-z0-9_-]', { details: { field: 'filingId' } });
    }
    const call = { system: SYSTEM, operation: 'file', method: 'PUT', path: `filing/v1/filings/${record.filingId}`, body: record } as const;
    const { json } = await callUpstream(this.options, call);
    const { ackId, filedAt } = json as { ackId?: unknown; filedAt?: unknown };
    if (typeof ackId !== 'string' || ackId === '') throw malformedResponse(call, 'no ackId');
    if (typeof filedAt !== 'string' || Number.isNaN(Date.parse(filedAt))) throw malformedResponse(call, 'no filedAt');
    return { ackId, filedAt };
  }
}

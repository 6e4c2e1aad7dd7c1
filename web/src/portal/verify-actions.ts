import { ApiError, callApi, postJson } from '../shared/api';
import type {
  BundleVerification,
  CourtReceipt,
  LookupAnswer,
  LookupBy,
  PortalState,
  PublicDocumentVerification,
  SealStatusStatement,
} from './types';

/** The largest proof bundle the page reads into memory before sending; the server has its own limit. */
const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

/** A dropped file: a proof bundle (JSON) is checked as one, anything else is sent as the document it claims to be. */
export async function verifyFile(file: File): Promise<PortalState> {
  try {
    if (looksLikeBundle(file)) {
      if (file.size > MAX_BUNDLE_BYTES) return { kind: 'error', code: 'PAYLOAD_TOO_LARGE', message: '' };
      let bundle: unknown;
      try {
        bundle = JSON.parse(await file.text());
      } catch {
        return { kind: 'error', code: 'BAD_BUNDLE', message: '' };
      }
      const answer = await postJson<BundleVerification>('/public/bundles/verify', bundle);
      return { kind: 'bundle', fileName: file.name, answer };
    }
    const contentType = /\.ofd$/i.test(file.name) ? 'application/ofd' : 'application/pdf';
    const answer = await callApi<PublicDocumentVerification>('/public/documents/verify', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: file,
    });
    return { kind: 'document', fileName: file.name, answer };
  } catch (error) {
    return failure(error);
  }
}

/** A typed look-up; a service without the look-up route (404 ROUTE_NOT_FOUND) is told apart from "no record". */
export async function lookUp(by: LookupBy, value: string): Promise<PortalState> {
  try {
    const answer = await postJson<LookupAnswer>('/public/lookup', { by, value });
    return { kind: 'lookup', by, value, answer };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === 'ROUTE_NOT_FOUND')
      return { kind: 'lookup-unavailable', by, value };
    return failure(error);
  }
}

/** The seal's signed status at the signing time: the ledger registration the timeline shows. */
export async function sealStatusAt(sealCode: string, at: string): Promise<SealStatusStatement | undefined> {
  try {
    const answer = await callApi<{ statement: string }>(
      `/public/seals/${encodeURIComponent(sealCode)}/status?at=${encodeURIComponent(new Date(at).toISOString())}`,
    );
    return JSON.parse(answer.statement) as SealStatusStatement;
  } catch {
    return undefined; // unknown seal or ledger away: the timeline shows the step as unknown
  }
}

/**
 * The court chain's receipt of the ledger transaction that anchored a signature: the receipt, null when
 * the transaction has none (yet), undefined when the service cannot say (no look-up route, unreachable).
 */
export async function courtReceiptOf(ledgerTxId: string): Promise<CourtReceipt | null | undefined> {
  try {
    const answer = await postJson<LookupAnswer & { evidence?: CourtReceipt }>('/public/lookup', { by: 'txId', value: ledgerTxId });
    return answer.result === 'MATCH' ? (answer.evidence ?? null) : undefined;
  } catch {
    return undefined;
  }
}

function looksLikeBundle(file: File): boolean {
  return /\.json$/i.test(file.name) || file.type === 'application/json';
}

function failure(error: unknown): PortalState {
  if (error instanceof ApiError) return { kind: 'error', code: error.code, message: error.message };
  return { kind: 'error', code: 'NETWORK', message: (error as Error).message };
}

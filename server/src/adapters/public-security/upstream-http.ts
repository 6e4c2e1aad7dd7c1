import { SealError } from '@eseal/core';

/**
 * One JSON exchange with a public-security service, with every failure mapped to one of two codes:
 * UPSTREAM_UNAVAILABLE when trying again later may work (network, timeout, 5xx, 429, 408, an
 * unreadable answer) and UPSTREAM_REJECTED when the service refused this request (other 4xx).
 * Retrying is the caller's decision (the filing job retries; a request handler does not).
 */
export interface UpstreamHttpOptions {
  /** Base URL of the service, e.g. from config. */
  readonly baseUrl: string;
  /** Per-request deadline, covering connect, headers and body. */
  readonly timeoutMs: number;
  /** Largest response body accepted; imprints are small, anything bigger is a fault. */
  readonly maxResponseBytes?: number;
  /** Injected for tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

export interface UpstreamCall {
  readonly system: string;
  readonly operation: string;
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly json: unknown;
}

const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

function unavailable(call: UpstreamCall, reason: string, extra: Record<string, unknown> = {}, cause?: unknown): SealError {
  return new SealError('UPSTREAM_UNAVAILABLE', `${call.system} is unavailable (${reason})`, {
    details: { system: call.system, operation: call.operation, reason, retryable: true, ...extra },
    cause,
  });
}

function upstreamError(json: unknown): { upstreamCode?: string; upstreamMessage?: string } {
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    ...(typeof error?.code === 'string' ? { upstreamCode: error.code } : {}),
    ...(typeof error?.message === 'string' ? { upstreamMessage: error.message.slice(0, 500) } : {}),
  };
}

export async function callUpstream(options: UpstreamHttpOptions, call: UpstreamCall): Promise<UpstreamResponse> {
  const doFetch = options.fetch ?? fetch;
  const url = new URL(call.path, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: call.method,
      headers: { accept: 'application/json', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      signal: deadline,
    });
    text = await response.text();
  } catch (cause) {
    // Ask the signal, not the error: fetch's abort error class differs between realms (e.g. under jest).
    const timedOut = deadline.aborted;
    throw unavailable(call, timedOut ? 'timeout' : 'network', timedOut ? { timeoutMs: options.timeoutMs } : {}, cause);
  }
  if (Buffer.byteLength(text) > (options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)) {
    throw unavailable(call, 'response too large', { status: response.status });
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const status = response.status;
  if (status >= 500 || status === 429 || status === 408) {
    throw unavailable(call, `HTTP ${status}`, { status, ...upstreamError(json) });
  }
  if (status < 200 || status >= 300) {
    throw new SealError('UPSTREAM_REJECTED', `${call.system} refused the request (HTTP ${status})`, {
      details: { system: call.system, operation: call.operation, status, retryable: false, ...upstreamError(json) },
    });
  }
  if (json === undefined) throw unavailable(call, 'malformed response', { status });
  return { status, json };
}

/** Raised when a 2xx answer does not have the promised shape: likely a proxy or a half-deployed service. */
export function malformedResponse(call: Pick<UpstreamCall, 'system' | 'operation'>, problem: string): SealError {
  return new SealError('UPSTREAM_UNAVAILABLE', `${call.system} sent a malformed response: ${problem}`, {
    details: { system: call.system, operation: call.operation, reason: 'malformed response', problem, retryable: true },
  });
}

/** Whether an error from an adapter is worth retrying (same request, later). */
export function isRetryableUpstreamError(error: unknown): boolean {
  return error instanceof SealError && error.code === 'UPSTREAM_UNAVAILABLE';
}

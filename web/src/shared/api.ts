/** The one way pages call the API: same origin, JSON answers, coded errors as `ApiError`. */
export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function callApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', (error as Error).message);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? response.statusText);
  }
  return body as T;
}

export const postJson = <T>(path: string, value: unknown) =>
  callApi<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

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

/**
 * The signed-in pages set `session` (the CSRF token of their cookie session): it travels as a header a
 * cross-site page cannot add. Public calls send no cookie at all, so a visitor's session never touches them;
 * sign-in passes `credentials: 'same-origin'` so the browser keeps the cookie it sets.
 */
let csrfToken: string | undefined;

export function setSessionCsrf(token: string | undefined): void {
  csrfToken = token;
}

export async function callApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  const headers = new Headers(init.headers);
  if (csrfToken) headers.set('x-csrf-token', csrfToken);
  try {
    response = await fetch(`${API_BASE}${path}`, {
      ...init,
      headers,
      credentials: init.credentials ?? (csrfToken ? 'same-origin' : 'omit'),
    });
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

export const postJson = <T>(path: string, value: unknown, init: RequestInit = {}) =>
  callApi<T>(path, { ...init, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

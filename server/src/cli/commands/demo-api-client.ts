import { SealError, isErrorCode } from '@eseal/core';

/**
 * Longer than the service's request deadline (REQUEST_TIMEOUT_MS: 30 s by default, raised to 120 s where
 * a loaded machine makes the starter package's four seals slow), so its own coded answer arrives first.
 */
const ANSWER_TIMEOUT_MS = 130_000;

/**
 * The few calls `seal demo` makes to a running service, as any HTTP client would: JSON in and out,
 * a bearer token per signed-in account, and the service's coded errors passed on as they came.
 */
export class DemoApiClient {
  constructor(private readonly baseUrl: string) {}

  async signIn(username: string, password: string): Promise<DemoSession> {
    const answer = await this.call<{ tokens?: { accessToken: string } }>('POST', '/auth/sign-in', undefined, { username, password });
    if (!answer.tokens) throw new SealError('INTERNAL', `sign-in of ${username} asked for a second factor`);
    return new DemoSession(this, answer.tokens.accessToken);
  }

  async call<T>(method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new SealError(
          'DEPENDENCY_UNAVAILABLE',
          `${method} ${path}: the service at ${this.baseUrl} gave no answer within ${ANSWER_TIMEOUT_MS / 1000} s`,
          {
            cause: error,
          },
        );
      }
      throw new SealError('DEPENDENCY_UNAVAILABLE', `the service at ${this.baseUrl} does not answer: is \`npm start\` running?`, {
        cause: error,
      });
    }
    const json = (await res.json().catch(() => ({}))) as T & {
      error?: { code: unknown; message: string; details?: Record<string, unknown> };
    };
    if (!res.ok) {
      const error = json.error;
      throw new SealError(
        isErrorCode(error?.code) ? error.code : 'INTERNAL',
        `${method} ${path}: ${error?.message ?? `HTTP ${res.status}`}`,
        error?.details ? { details: error.details } : {},
      );
    }
    return json;
  }
}

/** One signed-in account. */
export class DemoSession {
  constructor(
    private readonly client: DemoApiClient,
    private readonly token: string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.client.call<T>('GET', path, this.token);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.client.call<T>('POST', path, this.token, body);
  }
}

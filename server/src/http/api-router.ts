import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { SealError, type ErrorCode } from '@eseal/core';
import { Router, type Request, type Response } from 'express';
import type { Operation } from '../access/operations';
import type { AnyZodObject, ZodTypeAny, z } from 'zod';
import { ErrorResponseSchema } from './error-response';
import { statusOf } from './error-status';
import { ROUTE_PATTERN_LOCAL } from './http-metrics';
import { validationError, type InputLocation } from './validation-error';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Parsed<S> = S extends ZodTypeAny ? z.output<S> : undefined;

/** What a handler receives: validated params, query and body, plus the raw request for headers and `req.log`. */
export interface RouteInput<P, Q, B> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  req: Request;
  res: Response;
}

/**
 * Who may call a route. Every route declares it, so the authorisation matrix covers every endpoint:
 * an operation of OPERATIONS (checked before the handler runs), or `public: true` (sign-in, health of
 * the verification portal) for routes that anyone may call.
 */
export type RouteAccess = { operation: Operation; public?: never } | { public: true; operation?: never };

/**
 * Admits or refuses a request before its input is parsed: authenticates, records the caller on the
 * request and checks the route's operation. Without one, only public routes answer.
 */
export interface RouteGuard {
  admit(req: Request, res: Response, access: RouteAccess & { method: HttpMethod; pattern: string }): Promise<void>;
}

/** What a guard-less router does: public routes pass, every other one is UNAUTHENTICATED (deny by default). */
const DENY_UNLESS_PUBLIC: RouteGuard = {
  async admit(_req, _res, access) {
    if (!access.public) throw new SealError('UNAUTHENTICATED', 'authentication required');
  },
};

/** A declared route, as the authorisation-matrix test and the OpenAPI document see it. */
export interface DeclaredRoute {
  method: HttpMethod;
  /** Full Express pattern including the base path. */
  pattern: string;
  operation?: Operation;
  public?: true;
}

interface RouteCommon<P, Q, B> {
  method: HttpMethod;
  /** Express syntax, relative to the router's base path: "/seals/:sealId". */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** Path parameters; its keys must be exactly the ":name" segments of `path`. */
  params?: P;
  /** Query values arrive as strings: use z.coerce.number() for numbers (not z.coerce.boolean(): "false" is truthy). */
  query?: Q;
  /** JSON body; a request with another content type gets 415. */
  body?: B;
  /** Request headers the route honours, for the document only: the handler reads them from `req`. */
  headers?: AnyZodObject;
  /** Codes the handler may throw, listed in the OpenAPI document under their HTTP status. */
  errors?: readonly ErrorCode[];
}

export type JsonRouteSpec<P, Q, B, R extends ZodTypeAny> = RouteCommon<P, Q, B> &
  RouteAccess & {
    response: { status?: number; description: string; schema: R };
    handler(input: RouteInput<P, Q, B>): Promise<z.input<R>> | z.input<R>;
    /** Other forms of the same answer (a readable page, a PDF), picked by `?format=` or the Accept header. */
    renderings?: ReadonlyArray<ResponseRendering<z.output<R>>>;
  };

/** One more form of a JSON answer, rendered from the validated JSON, never from anything else. */
export interface ResponseRendering<T> {
  /** The `format=` value that asks for it, e.g. "html". */
  format: string;
  /** Also matched against the Accept header, e.g. "text/html". */
  contentType: string;
  render(data: T): Promise<RenderedBody> | RenderedBody;
}

export interface RenderedBody {
  data: Uint8Array | string;
  filename?: string;
  /** Headers this form needs, e.g. a Content-Security-Policy naming its style's hash. */
  headers?: Record<string, string>;
}

/** A file-like answer: a signed PDF, an evidence certificate. */
export interface BinaryBody {
  data: Uint8Array;
  /** Offered to the browser as the download name. */
  filename?: string;
}

export type BinaryRouteSpec<P, Q, B> = RouteCommon<P, Q, B> &
  RouteAccess & {
    response: { status?: number; description: string; contentType: string };
    handler(input: RouteInput<P, Q, B>): Promise<BinaryBody> | BinaryBody;
  };

const ALLOWED_METHODS_LOCAL = 'allowedMethods';

type Params = AnyZodObject | undefined;
type Body = ZodTypeAny | undefined;

/**
 * Typed routes: one declaration validates params, query, body and the response at run time and
 * registers the same schemas as an OpenAPI path, so the document cannot drift from the code.
 * Handlers return data or throw SealErrors; they never write error responses themselves.
 */
export class ApiRouter {
  readonly router: Router = Router();
  readonly #methodsByPath = new Map<string, Set<HttpMethod>>();
  readonly #declared: DeclaredRoute[] = [];
  #finished = false;

  constructor(
    private readonly registry: OpenAPIRegistry,
    /** Where `router` is mounted; used for the document and the metrics route label. */
    readonly basePath: string = '/api/v1',
    private readonly guard: RouteGuard = DENY_UNLESS_PUBLIC,
  ) {
    // How callers authenticate, referenced by every non-public path below.
    registry.registerComponent('securitySchemes', 'sessionToken', {
      type: 'http',
      scheme: 'bearer',
      description: 'Access token from POST /auth/sign-in',
    });
    registry.registerComponent('securitySchemes', 'apiKey', {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
      description: 'esk_<keyId>_<secret> (第十八条 clients)',
    });
  }

  /** Every route declared so far, with who may call it. */
  get routes(): readonly DeclaredRoute[] {
    return this.#declared;
  }

  route<P extends Params = undefined, Q extends Params = undefined, B extends Body = undefined, R extends ZodTypeAny = ZodTypeAny>(
    spec: JsonRouteSpec<P, Q, B, R>,
  ): void {
    const status = spec.response.status ?? 200;
    const renderings = spec.renderings ?? [];
    this.#register(spec, {
      [status]: {
        description: spec.response.description,
        content: {
          'application/json': { schema: spec.response.schema },
          ...Object.fromEntries(renderings.map((r) => [r.contentType, { schema: { type: 'string' as const, format: 'binary' } }])),
        },
      },
    });
    this.router[spec.method](spec.path, async (req, res) => {
      await this.#admit(spec, req, res);
      const input = this.#parseInput(spec, req, res);
      // Chosen before the work: an unknown format costs nothing.
      const rendering = chooseRendering(req, renderings);
      const output = await spec.handler(input);
      // Answered already (408 by the time limit): the late answer is dropped. Writing it would throw,
      // and the error handler would cut a connection a keep-alive client may have reused meanwhile.
      if (res.headersSent) return;
      const result = spec.response.schema.safeParse(output);
      if (!result.success) {
        // Our bug, not the caller's: the handler produced what the document does not promise.
        throw new SealError('INTERNAL', 'Internal error', { cause: result.error });
      }
      if (rendering === undefined) {
        res.status(status).json(result.data);
        return;
      }
      const body = await rendering.render(result.data);
      res.status(status).type(rendering.contentType);
      for (const [name, value] of Object.entries(body.headers ?? {})) res.setHeader(name, value);
      if (body.filename !== undefined) res.attachment(body.filename);
      res.send(typeof body.data === 'string' ? body.data : Buffer.from(body.data.buffer, body.data.byteOffset, body.data.byteLength));
    });
  }

  binaryRoute<P extends Params = undefined, Q extends Params = undefined, B extends Body = undefined>(
    spec: BinaryRouteSpec<P, Q, B>,
  ): void {
    const status = spec.response.status ?? 200;
    this.#register(spec, {
      [status]: {
        description: spec.response.description,
        content: { [spec.response.contentType]: { schema: { type: 'string', format: 'binary' } } },
      },
    });
    this.router[spec.method](spec.path, async (req, res) => {
      await this.#admit(spec, req, res);
      const output = await spec.handler(this.#parseInput(spec, req, res));
      if (res.headersSent) return;
      res.status(status).type(spec.response.contentType);
      if (output.filename !== undefined) res.attachment(output.filename);
      res.send(Buffer.from(output.data.buffer, output.data.byteOffset, output.data.byteLength));
    });
  }

  /**
   * Call once every route is declared: a known path asked with another method then gets
   * 405 METHOD_NOT_ALLOWED with an Allow header instead of a misleading 404.
   */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    // A URL can match several patterns ("/seals/:id" and "/seals/stats"): collect the methods of
    // every pattern it matches, then answer once.
    for (const [path, methods] of this.#methodsByPath) {
      this.router.all(path, (_req, res, next) => {
        const allowed: Set<string> = res.locals[ALLOWED_METHODS_LOCAL] ?? new Set<string>();
        methods.forEach((method) => allowed.add(method.toUpperCase()));
        res.locals[ALLOWED_METHODS_LOCAL] = allowed;
        res.locals[ROUTE_PATTERN_LOCAL] ??= `${this.basePath}${path}`;
        next();
      });
    }
    this.router.use((req, res, next) => {
      const allowed: Set<string> | undefined = res.locals[ALLOWED_METHODS_LOCAL];
      if (!allowed) {
        next();
        return;
      }
      throw new SealError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.originalUrl.split('?')[0]}`, {
        details: { allow: [...allowed].sort() },
      });
    });
  }

  /** Authentication and the operation check run before input parsing: a refused caller learns nothing of the schema. */
  async #admit(spec: RouteCommon<Params, Params, Body> & RouteAccess, req: Request, res: Response): Promise<void> {
    res.locals[ROUTE_PATTERN_LOCAL] = `${this.basePath}${spec.path}`;
    const access = spec.public ? { public: true as const } : { operation: spec.operation as Operation };
    await this.guard.admit(req, res, { ...access, method: spec.method, pattern: `${this.basePath}${spec.path}` });
  }

  #register(spec: RouteCommon<Params, Params, Body> & RouteAccess, responses: Record<number, ResponseConfig>): void {
    if (this.#finished) throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} declared after finish()`);
    // The type requires it; this catches untyped callers: no route may be reachable without a declared audience.
    if ((spec.public === true) === (spec.operation !== undefined)) {
      throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} must declare exactly one of operation or public`);
    }
    assertParamsMatchPath(spec.path, spec.params);
    const methods = this.#methodsByPath.get(spec.path) ?? new Set<HttpMethod>();
    if (methods.has(spec.method)) throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} declared twice`);
    methods.add(spec.method);
    this.#methodsByPath.set(spec.path, methods);
    this.#declared.push({
      method: spec.method,
      pattern: `${this.basePath}${spec.path}`,
      ...(spec.public ? { public: true as const } : { operation: spec.operation }),
    });

    this.registry.registerPath({
      method: spec.method,
      path: toOpenApiPath(`${this.basePath}${spec.path}`),
      summary: spec.summary,
      description: [spec.description, spec.public ? 'Public: no credentials needed.' : `Operation \`${spec.operation}\`.`]
        .filter(Boolean)
        .join('\n\n'),
      ...(spec.public
        ? { security: [], 'x-public': true }
        : { security: [{ sessionToken: [] }, { apiKey: [] }], 'x-operation': spec.operation }),
      tags: spec.tags,
      request: {
        params: spec.params,
        query: spec.query,
        headers: spec.headers,
        body: spec.body ? { required: true, content: { 'application/json': { schema: spec.body } } } : undefined,
      },
      responses: { ...responses, ...errorResponses(spec) },
    });
  }

  #parseInput<P extends Params, Q extends Params, B extends Body>(
    spec: RouteCommon<P, Q, B>,
    req: Request,
    res: Response,
  ): RouteInput<P, Q, B> {
    res.locals[ROUTE_PATTERN_LOCAL] = `${this.basePath}${spec.path}`;
    if (spec.body && req.headers['content-type'] !== undefined && !req.is('application/json')) {
      throw new SealError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json', {
        details: { contentType: req.headers['content-type'] },
      });
    }
    return {
      params: parsePart(spec.params, req.params, 'params') as Parsed<P>,
      query: parsePart(spec.query, req.query, 'query') as Parsed<Q>,
      body: parsePart(spec.body, req.body, 'body') as Parsed<B>,
      req,
      res,
    };
  }
}

function parsePart(schema: ZodTypeAny | undefined, value: unknown, location: InputLocation): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, location);
  return result.data;
}

/**
 * `?format=json|<rendering>` wins; otherwise the Accept header, JSON first (a client that accepts
 * anything gets JSON). Undefined means JSON.
 */
function chooseRendering<T>(req: Request, renderings: ReadonlyArray<ResponseRendering<T>>): ResponseRendering<T> | undefined {
  if (renderings.length === 0) return undefined;
  const asked = (req.query as Record<string, unknown>).format;
  if (typeof asked === 'string') {
    if (asked === 'json') return undefined;
    const named = renderings.find((r) => r.format === asked);
    if (named === undefined) {
      const message = `format must be one of json, ${renderings.map((r) => r.format).join(', ')}`;
      throw new SealError('VALIDATION_FAILED', `Invalid request (query format: ${message})`, {
        details: { issues: [{ in: 'query', path: 'format', code: 'custom', message }] },
      });
    }
    return named;
  }
  const best = req.accepts(['application/json', ...renderings.map((r) => r.contentType)]);
  return renderings.find((r) => r.contentType === best);
}

/** Every route documents the generic failures it can produce, grouped by HTTP status. */
function errorResponses(spec: RouteCommon<Params, Params, Body> & RouteAccess): Record<number, ResponseConfig> {
  const codes = new Set<ErrorCode>(spec.errors ?? []);
  if (!spec.public) ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED'].forEach((c) => codes.add(c as ErrorCode));
  if (spec.params || spec.query || spec.body) codes.add('VALIDATION_FAILED');
  if (spec.body) ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'].forEach((c) => codes.add(c as ErrorCode));
  codes.add('INTERNAL');
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      { description: `Error codes: ${list.join(', ')}`, content: { 'application/json': { schema: ErrorResponseSchema } } },
    ]),
  );
}

/** "/seals/:sealId" -> "/seals/{sealId}" */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** A path parameter missing from the schema would be undocumented and unvalidated: refuse at start-up. */
function assertParamsMatchPath(path: string, params: AnyZodObject | undefined): void {
  const inPath = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).sort();
  const inSchema = Object.keys(params?.shape ?? {}).sort();
  if (inPath.join(',') !== inSchema.join(',')) {
    throw new Error(`Route ${path}: params schema keys [${inSchema}] must equal path parameters [${inPath}]`);
  }
}

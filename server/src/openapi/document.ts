import { OpenApiGeneratorV3, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

export const OPENAPI_PATH = '/api/v1/openapi.json';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

export function buildOpenApiDocument(registry: OpenAPIRegistry, info: { title: string; version: string }): OpenApiDocument {
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      ...info,
      description:
        'Electronic seal service with blockchain evidence. Every error is ' +
        '`{ "error": { "code", "message", "details" } }` with a code from one closed list.',
    },
  });
}

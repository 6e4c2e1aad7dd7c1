export { z } from './zod';
export { createOpenApiRegistry } from './registry';
export { buildOpenApiDocument, OPENAPI_PATH, type OpenApiDocument } from './document';
export { ListQuerySchema, listPageSchema } from './list-schemas';

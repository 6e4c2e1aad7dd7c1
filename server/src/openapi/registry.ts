import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ErrorResponseSchema } from '../http/error-response';

/** A fresh registry per app, with the shared error body registered as a component. */
export function createOpenApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.register('ErrorResponse', ErrorResponseSchema);
  return registry;
}

import { ERROR_CODES, type SealError } from '@eseal/core';
import { z } from '../openapi/zod';

/** The one error body every failing route returns; registered in the OpenAPI document as ErrorResponse. */
export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ description: 'Stable machine-readable code from the closed list' }),
      message: z.string().openapi({ description: 'Human-readable and safe to show; wording may change' }),
      details: z.record(z.unknown()).optional().openapi({ description: 'Code-specific structured context' }),
    }),
  })
  .openapi('ErrorResponse');

export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export function toErrorResponse(error: SealError): ErrorResponse {
  return { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
}

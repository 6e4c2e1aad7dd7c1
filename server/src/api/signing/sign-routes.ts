import type { ErrorCode } from '@eseal/core';
import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { z } from '../../openapi/zod';
import { changeSealPin, requestFingerprint, resetPinLock, withIdempotency, type SigningDeps } from '../../usecases/signing';
import { BatchSignRequestSchema, BatchSignResponseSchema, PinChangeRequestSchema, SignRequestSchema, SignResponseSchema } from './schemas';
import { batchSigningWork } from './batch-signing-work';
import { documentSigningWork } from './document-signing-work';

const SIGN_ERRORS: readonly ErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'NOT_AUTHORISED_FOR_SEAL',
  'SEAL_REVOKED',
  'SEAL_EXPIRED',
  'SEAL_NOT_ACTIVE',
  'SEAL_LOCKED',
  'WRONG_PIN',
  'PIN_CHANGE_REQUIRED',
  'APPROVAL_REQUIRED',
  'APPROVAL_USED',
  'APPROVAL_EXPIRED',
  'APPROVAL_MISMATCH',
  'IDEMPOTENCY_CONFLICT',
  'PDF_MALFORMED',
  'PDF_ENCRYPTED',
  'PDF_TOO_LARGE',
  'PDF_TOO_COMPLEX',
  'PDF_PAGE_OUT_OF_RANGE',
  'PDF_PAGE_TOO_SMALL',
  'PDF_UNVERIFIABLE',
  'OFD_MALFORMED',
  'OFD_TOO_LARGE',
  'OFD_UNSAFE_CONTENT',
  'OFD_PAGE_OUT_OF_RANGE',
];

const IDEMPOTENCY_NOTE =
  'Send an Idempotency-Key header to make retries safe: after a lost connection or a 503, repeat the request with the same key and body; ' +
  'a retry returns the first answer and signs nothing again. While the first request still runs, a retry gets 409 IDEMPOTENCY_CONFLICT ' +
  'with details.inProgress (wait and repeat); the same key with another body is 409 IDEMPOTENCY_CONFLICT. Without a key a repeat signs again.';

const IDEMPOTENCY_HEADERS = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(128)
    .optional()
    .openapi({ description: 'A fresh random value per document (a UUID); repeat it, with the same body, to retry safely' }),
});

/** Signing one document, and many in one call for third-party signing services. */
export const signRoutes =
  (deps: SigningDeps): ApiModule =>
  (api) => {
    api.route({
      operation: 'seal.change',
      method: 'post',
      path: '/seals/:sealId/pin-lock/reset',
      summary: "Lift a seal's lock after too many wrong PINs",
      tags: ['signing'],
      params: z.object({ sealId: z.string().min(1).max(64) }),
      response: {
        description: 'The lock is lifted; wrong PINs count from zero again',
        schema: z.object({ sealId: z.string(), epoch: z.number() }),
      },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: async ({ params, req }) => resetPinLock(deps, getCaller(req), params.sealId),
    });
    api.route({
      operation: 'seal.pin.change',
      method: 'post',
      path: '/seals/:sealId/pin',
      summary: "The custodian (or a position seal's holder) changes the seal's PIN",
      tags: ['signing'],
      description:
        'The PIN set when the seal is made or handed over is one-time: signing answers 403 PIN_CHANGE_REQUIRED until the custodian changes it here. ' +
        'The current PIN counts against the same five-try lock as signing.',
      params: z.object({ sealId: z.string().min(1).max(64) }),
      body: PinChangeRequestSchema,
      response: {
        description: 'The seal now opens with the new PIN only',
        schema: z.object({ sealId: z.string(), changed: z.literal(true) }),
      },
      errors: [
        'UNAUTHENTICATED',
        'FORBIDDEN',
        'NOT_FOUND',
        'SEAL_REVOKED',
        'SEAL_EXPIRED',
        'SEAL_NOT_ACTIVE',
        'SEAL_LOCKED',
        'WRONG_PIN',
        'INVALID_TRANSITION',
      ],
      handler: async ({ params, body, req }) => changeSealPin(deps, getCaller(req), params.sealId, body),
    });
    api.route({
      operation: 'document.sign',
      method: 'post',
      path: '/sign',
      summary: 'Seal one PDF or OFD',
      tags: ['signing'],
      description: `The document is PDF or OFD (GB/T 33190), told apart by content; the signed file comes back in signedPdf either way. ${IDEMPOTENCY_NOTE}`,
      body: SignRequestSchema,
      headers: IDEMPOTENCY_HEADERS,
      response: { status: 201, description: 'The signing record and the signed PDF', schema: SignResponseSchema },
      errors: SIGN_ERRORS,
      handler: async ({ body, req }) => {
        const caller = getCaller(req);
        return withIdempotency(
          deps,
          idempotencyScope(deps, caller.id, req.header('idempotency-key'), () => ({ op: 'sign', body: withoutPin(body) })),
          documentSigningWork(deps, caller, body),
        );
      },
    });
    api.route({
      operation: 'document.sign',
      method: 'post',
      path: '/sign/batch',
      summary: 'Seal many PDFs with one seal and one PIN',
      tags: ['signing'],
      description: `Each item succeeds or fails on its own (ok=false with an error code). ${IDEMPOTENCY_NOTE}`,
      body: BatchSignRequestSchema,
      headers: IDEMPOTENCY_HEADERS,
      response: { description: 'One result per item, in order', schema: BatchSignResponseSchema },
      errors: SIGN_ERRORS,
      handler: async ({ body, req }) => {
        const caller = getCaller(req);
        return withIdempotency(
          deps,
          idempotencyScope(deps, caller.id, req.header('idempotency-key'), () => ({ op: 'batch', body: withoutPin(body) })),
          batchSigningWork(deps, caller, body),
        );
      },
    });
  };

/**
 * The fingerprint covers the whole request but the PIN, base64 documents included: only a request
 * that carries an Idempotency-Key needs it, so the common call does not pay for it.
 */
function idempotencyScope(deps: SigningDeps, callerId: string, key: string | undefined, request: () => unknown) {
  return { callerId, key, fingerprint: key === undefined ? '' : requestFingerprint(deps.fingerprintKey, request()) };
}

function withoutPin<T extends { pin: string }>(body: T): Omit<T, 'pin'> {
  const { pin: _pin, ...rest } = body;
  return rest;
}

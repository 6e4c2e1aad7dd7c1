import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { z } from '../../openapi/zod';
import { getProofBundle, getSigningRecord, listSigningRecords, type SigningDeps } from '../../usecases/signing';
import { ProofBundleSchema, RecordListQuerySchema, RecordPageSchema, SigningRecordSchema } from './schemas';

/** 签章记录: list by unit, seal and period (newest first, cursor pagination), read one, and its proof bundle. */
export const recordRoutes =
  (deps: SigningDeps): ApiModule =>
  (api) => {
    api.route({
      operation: 'signature.read',
      method: 'get',
      path: '/signatures',
      summary: 'List signing records',
      tags: ['signing'],
      query: RecordListQuerySchema,
      response: { description: 'One page of records; pass nextCursor back as cursor', schema: RecordPageSchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_CURSOR'],
      handler: ({ query, req }) => listSigningRecords(deps, getCaller(req), query),
    });
    api.route({
      operation: 'signature.read',
      method: 'get',
      path: '/signatures/:recordId',
      summary: 'Read a signing record with its anchoring state and proof',
      tags: ['signing'],
      params: z.object({ recordId: z.string().min(1).max(64) }),
      response: { description: 'The record', schema: SigningRecordSchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: ({ params, req }) => getSigningRecord(deps, getCaller(req), params.recordId),
    });
    api.route({
      operation: 'evidence.read',
      method: 'get',
      path: '/signatures/:recordId/proof',
      summary: 'The proof bundle of an anchored signature, for offline verification',
      tags: ['evidence'],
      description:
        'Hand it to `seal verify <file.pdf> --bundle proof.json`: the leaf is rebuilt from the entry and walked up to the root the ledger stores for the batch.',
      params: z.object({ recordId: z.string().min(1).max(64) }),
      response: { description: 'The proof bundle', schema: ProofBundleSchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: async ({ params, req }) => getProofBundle(deps, getCaller(req), params.recordId),
    });
  };

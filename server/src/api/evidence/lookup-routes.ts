import type { ApiModule } from '../../app';
import { z } from '../../openapi/zod';
import { LOOKUP_BY, lookupPublicly, type LookupResolver } from '../../public-lookup';

const SM3 = /^[0-9A-Fa-f]{64}$/;
/** Ledger transaction ids, court evidence numbers and certificate numbers: printable identifiers, no spaces. */
const IDENTIFIER = /^[0-9A-Za-z_.:\-/]{1,128}$/;

const LookupBodySchema = z
  .object({
    by: z.enum(LOOKUP_BY),
    value: z.string().min(1).max(128),
    documentSm3: z.string().regex(SM3).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (!(body.by === 'sm3' ? SM3 : IDENTIFIER).test(body.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: body.by === 'sm3' ? 'an SM3 hash: 64 hex digits' : 'an identifier' });
    }
  })
  .openapi('PublicLookupRequest');

const ShownSignatureSchema = z.object({
  sealCode: z.string(),
  sealName: z.string(),
  signedAt: z.string(),
  documentSm3: z.string(),
  originalSm3: z.string(),
  ledgerTxId: z.string(),
  anchoredAt: z.string(),
  merkleRoot: z.string(),
});

const PublicLookupSchema = z
  .object({
    result: z.enum(['MATCH', 'MISMATCH', 'NOT_FOUND']),
    code: z.enum(['LOOKUP_MATCH', 'LOOKUP_MISMATCH', 'LOOKUP_NOT_FOUND']),
    by: z.enum(LOOKUP_BY),
    value: z.string(),
    signatures: z.array(ShownSignatureSchema).optional(),
    transaction: z
      .object({ ledgerTxId: z.string(), anchoredAt: z.string(), merkleRoot: z.string(), signatureCount: z.number().int() })
      .optional(),
    evidence: z
      .object({
        evidenceNumber: z.string(),
        courtChain: z.string(),
        courtTxHash: z.string(),
        courtBlockHeight: z.number().int(),
        recordedAt: z.string(),
        ledgerTxId: z.string(),
        subject: z.union([
          z.object({ kind: z.literal('SIGNATURES') }),
          z.object({ kind: z.literal('SEAL_EVENT'), sealCode: z.string(), event: z.string() }),
        ]),
      })
      .optional(),
    certificate: z.record(z.union([z.string(), z.number()])).optional(),
  })
  .strict()
  .openapi('PublicLookup');

/** `POST /public/lookup`: no account; answered from the `_id`-keyed lookup index (docs/public-verification.md). */
export const publicLookupApi =
  (resolvers: readonly LookupResolver[]): ApiModule =>
  (api) => {
    api.route({
      public: true,
      method: 'post',
      path: '/public/lookup',
      summary: 'Look up a document, a court evidence number, a ledger transaction or a certificate number',
      tags: ['verification'],
      description:
        'Answers 200 with result MATCH / MISMATCH / NOT_FOUND (code LOOKUP_MATCH / LOOKUP_MISMATCH / LOOKUP_NOT_FOUND). With documentSm3, MISMATCH means the value is known but speaks of another document. A ledger transaction answers with its court-chain receipt (evidence) once one is confirmed. The answer shows only what the document or the evidence shows: seal codes and names, signing times, hashes, ledger and court-chain transactions.',
      body: LookupBodySchema,
      response: { description: 'The lookup result', schema: PublicLookupSchema },
      errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
      handler: async ({ body }) =>
        lookupPublicly(resolvers, { by: body.by, value: body.value, ...(body.documentSm3 ? { documentSm3: body.documentSm3 } : {}) }),
    });
  };

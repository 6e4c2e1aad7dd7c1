import { z } from '../../openapi/zod';
import { ListQuerySchema, listPageSchema } from '../../openapi/list-schemas';

const Sm3Hex = z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SM3 (64 characters)');
/** Base64 (standard alphabet) PDF bytes: JSON keeps batch calls and idempotent replays simple for integrators. */
const PdfBase64 = z
  .string()
  .min(8)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
  .openapi({ format: 'byte', description: 'The PDF or OFD, base64' });

export const UseRequestCreateSchema = z
  .object({
    sealId: z.string().min(1).max(64),
    documentSm3: Sm3Hex,
    purpose: z.string().min(1).max(500),
  })
  .openapi('SealUseRequestCreate');

export const UseDecisionSchema = z.object({ note: z.string().min(1).max(500).optional() });
export const UseRejectionSchema = z.object({ note: z.string().min(1).max(500) });

export const UseRequestSchema = z
  .object({
    requestId: z.string(),
    id: z.string().openapi({ description: 'The same as requestId, as older clients read it', deprecated: true }),
    unitId: z.string(),
    sealId: z.string(),
    documentSm3: z.string(),
    purpose: z.string(),
    requesterId: z.string(),
    state: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'USED']),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    decisionNote: z.string().optional(),
    expiresAt: z.string().optional(),
    usedAt: z.string().optional(),
    usedByRecordId: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi('SealUseRequest');

export const PlacementSchema = z
  .object({
    page: z.number().int().min(1).max(100_000),
    xMm: z.number().min(0).max(5000).optional().openapi({ description: 'Required unless auto (a cross-page seal needs only yMm)' }),
    yMm: z.number().min(0).max(5000).optional().openapi({ description: 'Required unless auto' }),
    corner: z.enum(['bottom-left', 'top-left', 'bottom-right', 'top-right']).optional(),
    auto: z.boolean().optional().openapi({
      description: "Place the imprint automatically: bottom right, clear of the page's text; xMm, yMm and corner are then ignored",
    }),
  })
  .openapi('SealPlacement', {
    description: "Millimetres from a page corner (default bottom-left) to the imprint's nearest corner, or auto",
  });

const SigningOptions = {
  placement: PlacementSchema,
  crossPage: z.boolean().optional().openapi({ description: '骑缝章: slice the imprint across the right edge of every page' }),
  crossPageGroupSize: z.number().int().min(2).max(200).optional().openapi({
    description:
      'Cross-page seal on a long document: pages per group (default 20), each group carrying the whole imprint so every slice stays legible',
  }),
  reason: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
};

const Pin = z.string().regex(/^\d{6,16}$/, '6 to 16 digits');

export const SignRequestSchema = z
  .object({
    sealId: z.string().min(1).max(64),
    pin: Pin,
    approvalId: z.string().min(1).max(64).optional(),
    document: PdfBase64,
    ...SigningOptions,
  })
  .openapi('SignRequest');

export const PinChangeRequestSchema = z.object({ currentPin: Pin, newPin: Pin }).openapi('PinChangeRequest');

export const BatchSignRequestSchema = z
  .object({
    sealId: z.string().min(1).max(64),
    pin: Pin,
    items: z
      .array(
        z.object({
          clientRef: z.string().max(128).optional(),
          approvalId: z.string().min(1).max(64).optional(),
          document: PdfBase64,
          ...SigningOptions,
        }),
      )
      .min(1)
      .max(1000),
  })
  .openapi('BatchSignRequest');

export const AnchorSchema = z.object({
  state: z.enum(['PENDING', 'CLAIMED', 'ANCHORED', 'REJECTED']),
  batchId: z.string().optional(),
  leafIndex: z.number().optional(),
  treeSize: z.number().optional(),
  proof: z.array(z.string()).optional(),
  root: z.string().optional(),
  txId: z.string().optional(),
  anchoredAt: z.string().optional(),
  lastError: z.string().optional(),
});

export const SigningRecordSchema = z
  .object({
    recordId: z.string(),
    id: z.string().openapi({ description: 'The same as recordId, as older clients read it', deprecated: true }),
    unitId: z.string(),
    sealId: z.string(),
    sealCode: z.string().openapi({ description: 'The seal code (GB/T 38540 esID) the signature names the seal by' }),
    sealKind: z.string(),
    signerId: z.string(),
    approvalId: z.string().optional(),
    documentSm3Before: z.string(),
    documentSm3After: z.string(),
    signatureSm3: z.string(),
    signedAt: z.string(),
    fieldName: z.string(),
    pages: z.array(z.number()),
    byteRange: z.array(z.number()),
    batchCallId: z.string().optional(),
    anchor: AnchorSchema,
  })
  .openapi('SigningRecord');

export const SignResponseSchema = z
  .object({
    record: SigningRecordSchema,
    signedPdf: z.string().openapi({ format: 'byte', description: 'The signed PDF, base64' }),
    repaired: z.array(z.string()).optional().openapi({
      description:
        'Present when the input PDF was read after repairs (a broken cross-reference table, a wrong page-tree /Count); the sealed file itself needs none',
    }),
  })
  .openapi('SignResponse');

export const BatchSignResponseSchema = z
  .object({
    batchCallId: z.string(),
    /** One result per document, in order: the list envelope's items (the whole batch, so no cursor). */
    items: z.array(
      z.object({
        clientRef: z.string().optional(),
        ok: z.boolean(),
        record: SigningRecordSchema.optional(),
        signedPdf: z.string().optional(),
        error: z.object({ code: z.string(), message: z.string(), details: z.record(z.unknown()).optional() }).optional(),
      }),
    ),
  })
  .openapi('BatchSignResponse');

export const RecordListQuerySchema = ListQuerySchema.extend({
  unitId: z.string().max(64).optional(),
  sealId: z.string().max(64).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

export const RecordPageSchema = listPageSchema(SigningRecordSchema).openapi('SigningRecordPage');

const CheckSchema = z.object({
  id: z.string(),
  status: z.enum(['pass', 'fail', 'skipped', 'indeterminate']),
  code: z.string().optional(),
  message: z.string(),
  details: z.record(z.unknown()).optional(),
});

const VerdictSchema = z.enum(['VALID', 'INVALID', 'INDETERMINATE']);

export const VerificationReportSchema = z
  .object({
    format: z.literal('ofd').optional().openapi({ description: '"ofd" for an OFD document; absent for PDF' }),
    valid: z.boolean(),
    verdict: VerdictSchema,
    modified: z.boolean(),
    problems: z.array(z.string()),
    fileSm3: z.string(),
    fileLength: z.number(),
    revisionCount: z.number(),
    pageCount: z.number(),
    verifiedAt: z.string(),
    unreadable: z.string().optional(),
    signatures: z.array(
      z.object({
        index: z.number(),
        fieldName: z.string(),
        revision: z.number().optional(),
        page: z.number().optional(),
        valid: z.boolean(),
        verdict: VerdictSchema,
        signatureSm3: z.string().optional(),
        revisionSm3: z.string().optional(),
        esID: z.string().optional().openapi({ description: 'GB/T 38540 esID from the file: the seal code' }),
        sealId: z.string().optional().openapi({ description: "This service's id of the seal, when it holds the seal" }),
        sealName: z.string().optional(),
        signerSubject: z.string().optional(),
        signingTime: z.string().optional(),
        signingTimeSource: z.string().optional(),
        checks: z.array(CheckSchema),
        changesAfter: z.object({
          verdict: z.enum(['none', 'allowed', 'disallowed']),
          changes: z.array(
            z.object({
              object: z.number(),
              allowed: z.boolean(),
              reason: z.string(),
              page: z.number().optional(),
              coveredBy: z.array(z.number()).optional(),
            }),
          ),
        }),
      }),
    ),
    repaired: z.array(z.string()).optional().openapi({
      description:
        'Present when reading the file needed repairs (broken cross-reference data, a wrong page-tree /Count), as other readers repair silently',
    }),
    ledgerUnavailable: z.string().optional().openapi({
      description:
        'Present when the ledger could not be reached: the file was verified without it, so seal status and anchors are unknown (verdict INDETERMINATE at best)',
    }),
  })
  .openapi('PdfVerificationReport');

export const ProofBundleSchema = z
  .object({
    format: z.literal('eseal.proof-bundle'),
    version: z.literal(1),
    entry: z.object({ recordId: z.string(), sealId: z.string(), signedAt: z.string(), signatureSm3: z.string(), documentSm3: z.string() }),
    merkle: z.object({
      batchId: z.string(),
      leafIndex: z.number().int(),
      treeSize: z.number().int(),
      path: z.array(z.string()),
      root: z.string(),
    }),
    ledger: z.object({ txId: z.string(), anchoredAt: z.string() }),
  })
  .openapi('ProofBundle');

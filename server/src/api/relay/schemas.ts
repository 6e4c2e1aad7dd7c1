import { z } from '../../openapi/zod';
import { ListQuerySchema, listPageSchema } from '../../openapi/list-schemas';

const RELAY_STATES = ['PENDING', 'SUBMITTED', 'CONFIRMED', 'REJECTED', 'DEAD'] as const;
const Id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.@-]+$/);

export const CourtReceiptSchema = z
  .object({
    evidenceId: z.string(),
    evidenceNumber: z.string().openapi({ description: '存证编号 on the court chain' }),
    txHash: z.string(),
    blockHeight: z.number().int(),
    recordedAt: z.string(),
    digest: z.string(),
    digestAlgorithm: z.enum(['SM3', 'SHA256']),
    signature: z.string().openapi({ description: "The court's SM2 signature (base64 DER), checkable offline with its public key" }),
    batch: z
      .object({ root: z.string(), leafIndex: z.number().int(), treeSize: z.number().int(), path: z.array(z.string()) })
      .optional()
      .openapi({
        description:
          'A receipt signed in a batch: the signature covers the SM3 Merkle root of the batch, and this is the receipt’s inclusion proof',
      }),
  })
  .openapi('CourtReceipt');

export const RelaySchema = z
  .object({
    relayId: z.string(),
    adapterId: z.string(),
    subject: z.object({
      kind: z.enum(['SEAL_EVENT', 'BATCH']),
      sealId: z.string().optional(),
      event: z.string().optional(),
      batchId: z.string().optional(),
    }),
    evidence: z.object({
      evidenceId: z.string(),
      digest: z.string(),
      digestAlgorithm: z.enum(['SM3', 'SHA256']),
      partyId: z.string(),
      txToken: z.string(),
      phase: z.string(),
      sourceTxId: z.string(),
    }),
    state: z.enum(RELAY_STATES),
    attempts: z.number().int(),
    lastError: z.string().optional(),
    receipt: CourtReceiptSchema.optional(),
    createdAt: z.string(),
    submittedAt: z.string().optional(),
    confirmedAt: z.string().optional(),
  })
  .openapi('Relay');

export const RelayListSchema = listPageSchema(RelaySchema).openapi('RelayList');

export const RelayListQuerySchema = ListQuerySchema.extend({
  state: z.enum(RELAY_STATES).optional(),
  sealId: Id.optional(),
  batchId: Id.optional(),
  adapterId: Id.optional(),
});

export const RelayParams = z.object({ relayId: Id });

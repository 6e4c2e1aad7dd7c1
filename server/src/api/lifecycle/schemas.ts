import { APPLICATION_MATERIAL_KINDS, REVOCATION_REASON_CODES, SEAL_KIND_CODES, SEAL_STATUSES } from '../../domain';
import { z } from '../../openapi/zod';
import { listPageSchema } from '../../openapi/list-schemas';
import { UNIT_CATEGORIES } from '../../store';

/** Request and response shapes of the lifecycle API; responses list every field so nothing else leaks. */

export const IdParam = (name: string) => z.string().regex(/^[a-z]+_[A-Za-z0-9_-]{8,40}$/, `${name} is not an id`);

export const IdentityInputSchema = z
  .object({
    name: z.string().trim().min(1).max(40),
    idNumber: z.string().trim().min(1).max(32).openapi({ description: 'Resident ID (GB 11643); stored encrypted, never returned' }),
    phone: z.string().trim().min(5).max(20).optional(),
  })
  .openapi('IdentityInput');

export const DocumentRefSchema = z
  .object({
    kind: z.string().min(1).max(64),
    sm3: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SM3 digest'),
    fileName: z.string().max(200).optional(),
    mediaType: z.string().max(100).optional(),
  })
  .openapi('DocumentRef', { description: `Material kinds: ${APPLICATION_MATERIAL_KINDS.join(', ')} and the revocation materials` });

export const PinSchema = z.string().regex(/^\d{6,16}$/, 'must be 6 to 16 digits');

export const UnitViewSchema = z
  .object({
    unitId: z.string(),
    name: z.string(),
    uscc: z.string(),
    category: z.enum(UNIT_CATEGORIES),
    legalRepresentative: z.object({
      personId: z.string(),
      name: z.string(),
      idNumberMasked: z.string(),
      phoneMasked: z.string().optional(),
    }),
    createdAt: z.string(),
  })
  .openapi('Unit');

const PersonRefSchema = z.object({ personId: z.string(), name: z.string(), idNumberMasked: z.string() });

export const PersonViewSchema = z
  .object({ personId: z.string(), unitId: z.string(), name: z.string(), idNumberMasked: z.string(), createdAt: z.string() })
  .openapi('Person');

export const FilingListSchema = z
  .object({
    filingId: z.string(),
    sealId: z.string(),
    unitId: z.string(),
    action: z.string(),
    state: z.enum(['PENDING', 'ACKED', 'FAILED']),
    attempts: z.number(),
    ackId: z.string().optional(),
    filedAt: z.string().optional(),
    lastError: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi('Filing');

export const ApplicationViewSchema = z
  .object({
    applicationId: z.string(),
    sealId: z.string(),
    unitId: z.string(),
    kind: z.enum(SEAL_KIND_CODES),
    channel: z.enum(['IN_PERSON', 'AGENT']),
    status: z.enum(SEAL_STATUSES),
    rejectionReason: z.string().optional(),
    sealCode: z.string(),
    displayName: z.string(),
    materials: z.array(DocumentRefSchema),
    holder: PersonRefSchema.optional(),
    custodian: PersonRefSchema.optional(),
    agent: PersonRefSchema.optional(),
    replacingSealId: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi('SealApplication');

export const SealViewSchema = z
  .object({
    sealId: z.string(),
    unitId: z.string(),
    applicationId: z.string(),
    kind: z.enum(SEAL_KIND_CODES),
    status: z.enum(SEAL_STATUSES),
    sealCode: z.string(),
    esID: z
      .string()
      .optional()
      .openapi({ description: 'GB/T 38540 esID of the made seal: its key on the ledger and in signatures (the seal code)' }),
    displayName: z.string(),
    sealName: z.string(),
    custodian: PersonRefSchema.optional(),
    certificate: z.object({ serial: z.string(), sm3: z.string(), notBefore: z.string(), notAfter: z.string() }).optional(),
    imprintSm3: z.string().optional(),
    imprintSource: z.string().optional(),
    sesealSm3: z.string().optional(),
    sesealDer: z.string().optional().openapi({ description: 'GB/T 38540 SESeal, base64 DER' }),
    rejectionReason: z.string().optional(),
    revocation: z
      .object({
        reason: z.enum(REVOCATION_REASON_CODES),
        at: z.string(),
        reportedCompromiseAt: z.string().optional(),
        materials: z.array(z.object({ kind: z.string(), sm3: z.string() })),
      })
      .optional(),
    replacingSealId: z.string().optional(),
    replacedBySealId: z.string().optional(),
    ledgerSync: z.object({
      state: z.enum(['NONE', 'PENDING', 'DONE']),
      ops: z.array(
        z.object({
          type: z.string(),
          state: z.string(),
          txId: z.string().optional(),
          attempts: z.number(),
          lastError: z.string().optional(),
        }),
      ),
    }),
    filings: z.array(
      z.object({
        filingId: z.string(),
        action: z.string(),
        state: z.string(),
        ackId: z.string().optional(),
        filedAt: z.string().optional(),
        error: z.string().optional(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Seal');

export const FilingStatusSchema = z
  .object({
    filingId: z.string(),
    action: z.string(),
    state: z.string(),
    attempts: z.number(),
    ackId: z.string().optional(),
    filedAt: z.string().optional(),
    lastError: z.string().optional(),
  })
  .openapi('FilingStatus');

export const LedgerHistorySchema = listPageSchema(
  z.object({ txId: z.string(), timestamp: z.string(), isDelete: z.boolean(), seal: z.record(z.unknown()).nullable() }),
).openapi('SealLedgerHistory');

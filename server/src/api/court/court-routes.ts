import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { listEvidenceReads, readHandedDocument, readHandedDocumentBundle, readHandedEvidence, type CourtReadDeps } from '../../court';
import { z } from '../../openapi/zod';

const Sm3Param = z.string().regex(/^[0-9a-f]{64}$/);
const EvidenceNumberParam = z.string().regex(/^[0-9A-Za-z_.:-]{1,128}$/);

const CourtSignatureSchema = z
  .object({
    recordId: z.string(),
    unit: z.object({ id: z.string(), name: z.string().optional() }),
    seal: z.object({ id: z.string(), code: z.string(), name: z.string().optional(), kind: z.string() }),
    signerId: z.string(),
    signerPersonId: z.string().optional(),
    signedAt: z.string(),
    documentSm3Before: z.string(),
    documentSm3After: z.string(),
    signatureSm3: z.string(),
    anchor: z.object({ state: z.string() }).passthrough(),
    courtReceipts: z.array(z.object({ courtChain: z.string(), state: z.string(), receipt: z.object({}).passthrough().optional() })),
  })
  .openapi('CourtSignature');

const EvidenceSchema = z.object({
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
});

const EvidenceReadSchema = z
  .object({
    id: z.string(),
    unitId: z.string(),
    reader: z.object({ id: z.string(), role: z.string() }),
    what: z.enum(['DOCUMENT', 'BUNDLE', 'EVIDENCE', 'CERTIFICATE', 'ARCHIVE']),
    documentSm3: z.string().optional(),
    evidenceNumber: z.string().optional(),
    certificateNumber: z.string().optional(),
    recordIds: z.array(z.string()),
    sealId: z.string().optional(),
    at: z.string(),
  })
  .openapi('EvidenceRead');

const HANDED =
  'Readable by court accounts for any unit; the read is recorded for each unit whose signatures the answer carries (GET /units/{unitId}/evidence-reads).';

/** Court accounts read what they were handed (a document's SM3, a court-chain evidence number); units see who read. */
export const courtApi =
  (deps: CourtReadDeps): ApiModule =>
  (api) => {
    api.route({
      operation: 'court.evidence.read',
      method: 'get',
      path: '/court/documents/:documentSm3',
      summary: 'A court reads the signing records of a document it was handed',
      tags: ['court'],
      description: `The document is named by its SM3 (signed, or before its first signature). Every signature on it, with unit, seal, signer, anchoring and court-chain receipts. ${HANDED}`,
      params: z.object({ documentSm3: Sm3Param }),
      response: {
        description: 'The signatures on the document',
        schema: z.object({ documentSm3: z.string(), signatures: z.array(CourtSignatureSchema) }),
      },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: ({ params, req }) => readHandedDocument(deps, getCaller(req), params.documentSm3),
    });
    api.route({
      operation: 'court.evidence.read',
      method: 'get',
      path: '/court/documents/:documentSm3/bundle',
      summary: 'A court fetches the proof bundle (v2) of a document it was handed',
      tags: ['court'],
      description: `Every signature on the document, whichever unit made it, checkable offline with \`seal verify-bundle\`. ${HANDED}`,
      params: z.object({ documentSm3: Sm3Param }),
      response: {
        description: 'The proof bundle',
        schema: z.object({ format: z.literal('eseal.proof-bundle'), version: z.literal(2) }).passthrough(),
      },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'LEDGER_UNAVAILABLE'],
      handler: async ({ params, req }) => (await readHandedDocumentBundle(deps, getCaller(req), params.documentSm3)) as never,
    });
    api.route({
      operation: 'court.evidence.read',
      method: 'get',
      path: '/court/evidence/:evidenceNumber',
      summary: 'A court reads what a court-chain evidence number (存证编号) it was handed stands for',
      tags: ['court'],
      description: `A seal event's number opens the seal's record. A batch's number covers many units' signatures: it opens the signatures of the document named by documentSm3 only, and answers NOT_FOUND when the batch does not cover that document. ${HANDED}`,
      params: z.object({ evidenceNumber: EvidenceNumberParam }),
      query: z.object({ documentSm3: Sm3Param.optional() }),
      response: {
        description: 'The evidence and what it covers',
        schema: z.object({
          evidence: EvidenceSchema,
          signatures: z.array(CourtSignatureSchema).optional(),
          seal: z.object({ id: z.string(), code: z.string(), unitId: z.string(), status: z.string() }).optional(),
        }),
      },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'],
      handler: ({ params, query, req }) => readHandedEvidence(deps, getCaller(req), params.evidenceNumber, query.documentSm3),
    });
    api.route({
      operation: 'evidence.reads.list',
      method: 'get',
      path: '/units/:unitId/evidence-reads',
      summary: "Who read the unit's evidence through the court role, newest first",
      tags: ['court'],
      params: z.object({ unitId: z.string().min(1).max(64) }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: { description: 'The reads', schema: z.object({ reads: z.array(EvidenceReadSchema) }) },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
      handler: async ({ params, query, req }) => ({
        reads: (await listEvidenceReads(deps, getCaller(req), params.unitId, query.limit)).map(({ _id, at, ...read }) => ({
          id: _id,
          ...read,
          at: new Date(at).toISOString(),
        })),
      }),
    });
  };

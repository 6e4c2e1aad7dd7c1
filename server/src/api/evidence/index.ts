import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { z } from '../../openapi/zod';
import type { Store } from '../../store';
import { getDocumentProofBundle, getSealProofBundle, type EvidenceDeps } from '../../usecases/evidence';

/** The documented shape is docs/proof-bundle-v2.schema.json; the parts are passed through unchanged. */
const ProofBundleV2Schema = z
  .object({
    format: z.literal('eseal.proof-bundle'),
    version: z.literal(2),
    subject: z.unknown(),
    ledger: z.unknown(),
    signatures: z.array(z.unknown()),
    seals: z.array(z.unknown()),
  })
  .openapi('ProofBundleV2');

/** Self-contained evidence for a signed document or a seal. */
export const evidenceApi =
  (deps: EvidenceDeps & { seals: Store['seals'] }): ApiModule =>
  (api) => {
    api.route({
      operation: 'evidence.read',
      method: 'get',
      path: '/evidence/documents/:documentSm3/bundle',
      summary: 'The proof bundle (v2) of a signed document, checkable offline',
      tags: ['evidence'],
      description:
        "Every signature of the document with its Merkle proof, the ledger node's signed attestation of each batch root and the attested history of each seal. Check it with `seal verify-bundle bundle.json --trust trust.json` or `seal verify doc.pdf --bundle bundle.json`.",
      params: z.object({ documentSm3: z.string().regex(/^[0-9a-f]{64}$/) }),
      response: { description: 'The proof bundle', schema: ProofBundleV2Schema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'LEDGER_UNAVAILABLE'],
      handler: async ({ params, req }) => getDocumentProofBundle(deps, getCaller(req), params.documentSm3),
    });
    api.route({
      operation: 'evidence.read',
      method: 'get',
      path: '/evidence/seals/:sealId/bundle',
      summary: 'The proof bundle (v2) of a seal: its attested history and recent signatures',
      tags: ['evidence'],
      description:
        "The seal's ledger history (issued, changed, renewed, revoked), each transaction attested by the ledger node, and its most recent anchored signatures (up to 1,000) with their proofs.",
      params: z.object({ sealId: z.string().min(1).max(64) }),
      response: { description: 'The proof bundle', schema: ProofBundleV2Schema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'LEDGER_UNAVAILABLE'],
      handler: async ({ params, req }) => getSealProofBundle(deps, getCaller(req), params.sealId),
    });
  };

import type { CertificateAuthority } from '@eseal/core';
import type { ApiModule } from '../../app';
import type { LedgerClient } from '../../ledger';
import { z } from '../../openapi/zod';
import { signedSealStatus, type StatusResponder } from '../../usecases/evidence';

const SignedSealStatusSchema = z.object({
  statement: z.string().openapi({ description: 'JSON text of the answer (type eseal.seal-status): sealId, at, status ACTIVE | REVOKED | NOT_ACTIVE, revokedAt, revocationReason, ledgerTxId, producedAt' }),
  signature: z.string().openapi({ description: 'SM2 signature (DER, hex) over the UTF-8 statement, user ID 1234567812345678' }),
  certificate: z.string().openapi({ description: 'The responder certificate (base64 DER), issued by the service CA' }),
}).openapi('SignedSealStatus');

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The CA's CRL, at the path the certificates' CRL distribution point names (PUBLIC_BASE_URL + API base + this). */
export const PUBLIC_CRL_PATH = '/public/ca/crl';

/** Public answers about seals and the CA: no account, rate-limited per client address like every API call. */
export const publicEvidenceApi = (deps: {
  ledger: Pick<LedgerClient, 'getSeal' | 'getSignature' | 'getBatch'>; responder: StatusResponder; clock: () => Date; ca: Pick<CertificateAuthority, 'currentCrl'>;
}): ApiModule => (api) => {
  api.binaryRoute({
    public: true,
    method: 'get', path: PUBLIC_CRL_PATH, summary: 'The certificate revocation list of the issuing CA (DER)', tags: ['evidence'],
    description: 'Freshly signed, covering every certificate the CA issued. Certificates issued after PUBLIC_BASE_URL was set name this URL as their CRL distribution point.',
    response: { description: 'The CRL, DER', contentType: 'application/pkix-crl' },
    errors: ['RATE_LIMITED'],
    handler: async () => ({ data: (await deps.ca.currentCrl()).der, filename: 'issuing-ca.crl' }),
  });
  api.route({
    public: true,
    method: 'get', path: '/public/seals/:sealCode/status', summary: 'A seal\'s status at a time, signed by the service (OCSP-like)', tags: ['evidence'],
    description: 'Answers from the ledger\'s seal timeline whether the seal (by the code printed in its seal data) was active at `at` (default now). Shows nothing a sealed document does not show.',
    params: z.object({ sealCode: z.string().regex(/^[0-9A-Za-z-]{1,64}$/) }),
    query: z.object({ at: z.string().regex(ISO_TIME).optional() }),
    response: { description: 'The signed answer', schema: SignedSealStatusSchema },
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
    handler: async ({ params, query }) => signedSealStatus(deps, params.sealCode, query.at === undefined ? deps.clock() : new Date(query.at)),
  });
};

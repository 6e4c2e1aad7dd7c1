import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { z } from '../../openapi/zod';
import {
  CERTIFICATE_NUMBER_PATTERN,
  downloadCertificate,
  downloadCertificateArchive,
  getCertificateStatus,
  requestCertificate,
  type CertificateDeps,
} from '../../usecases/evidence/certificates';

export const CertificateRequestedSchema = z
  .object({ certificateNumber: z.string(), state: z.literal('PENDING') })
  .openapi('EvidenceCertificateRequested');

export const CertificateStatusSchema = z
  .object({
    certificateNumber: z.string(),
    state: z.enum(['PENDING', 'READY', 'FAILED']),
    subject: z.union([
      z.object({ kind: z.literal('document'), documentSm3: z.string() }),
      z.object({ kind: z.literal('seal'), sealId: z.string() }),
    ]),
    requestedAt: z.string(),
    readyAt: z.string().optional(),
    lastError: z.string().optional(),
    certificateSm3: z.string().optional(),
    verifyUrl: z.string(),
  })
  .openapi('EvidenceCertificateStatus');

export const CertificateNumberParams = z.object({ certificateNumber: z.string().regex(CERTIFICATE_NUMBER_PATTERN) });

/** A name printed on the certificate: visible characters only, nothing that could break a line or a layout. */
export const DocumentName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f\u2028\u2029]+$/, 'no control characters');

const ERRORS = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] as const;

/** 存证证书: asked for here, issued by the worker, downloaded when READY (alone or with its proof bundle). */
export const certificateRoutes =
  (deps: CertificateDeps): ApiModule =>
  (api) => {
    api.route({
      operation: 'evidence.certificate',
      method: 'post',
      path: '/evidence/documents/:documentSm3/certificates',
      summary: 'Request an evidence certificate (存证证书) for a signed document',
      tags: ['evidence'],
      description:
        'Answers 202 with the certificate number at once; the worker issues the certificate (a sealed PDF in Chinese) once every signature of the document is anchored. Follow it with GET /evidence/certificates/{certificateNumber}. `documentName` is printed on the certificate as given.',
      params: z.object({ documentSm3: z.string().regex(/^[0-9a-f]{64}$/) }),
      body: z.object({ documentName: DocumentName.optional() }).strict(),
      response: { status: 202, description: 'The certificate is being issued', schema: CertificateRequestedSchema },
      errors: ERRORS,
      handler: ({ params, body, req }) =>
        requestCertificate(deps, getCaller(req), { kind: 'document', documentSm3: params.documentSm3 }, body),
    });
    api.route({
      operation: 'evidence.certificate',
      method: 'post',
      path: '/evidence/seals/:sealId/certificates',
      summary: "Request an evidence certificate (存证证书) of a seal's life",
      tags: ['evidence'],
      description: "The seal's ledger history (issued, changed, renewed, revoked) with transactions, blocks and court-chain receipts.",
      params: z.object({ sealId: z.string().min(1).max(64) }),
      body: z.object({}).strict(),
      response: { status: 202, description: 'The certificate is being issued', schema: CertificateRequestedSchema },
      errors: ERRORS,
      handler: ({ params, req }) => requestCertificate(deps, getCaller(req), { kind: 'seal', sealId: params.sealId }),
    });
    api.route({
      operation: 'evidence.certificate',
      method: 'get',
      path: '/evidence/certificates/:certificateNumber',
      summary: "An evidence certificate's status",
      tags: ['evidence'],
      params: CertificateNumberParams,
      response: { description: 'PENDING, READY or FAILED', schema: CertificateStatusSchema },
      errors: ERRORS,
      handler: ({ params, req }) => getCertificateStatus(deps, getCaller(req), params.certificateNumber),
    });
    api.binaryRoute({
      operation: 'evidence.certificate',
      method: 'get',
      path: '/evidence/certificates/:certificateNumber/pdf',
      summary: 'The evidence certificate, a PDF sealed with the service seal',
      tags: ['evidence'],
      description: 'Check it with `seal verify certificate.pdf` or any GB/T 38540 verifier.',
      params: CertificateNumberParams,
      response: { description: 'The certificate', contentType: 'application/pdf' },
      errors: [...ERRORS, 'CERTIFICATE_NOT_READY'],
      handler: ({ params, req }) => downloadCertificate(deps, getCaller(req), params.certificateNumber),
    });
    api.binaryRoute({
      operation: 'evidence.certificate',
      method: 'get',
      path: '/evidence/certificates/:certificateNumber/archive',
      summary: 'The certificate and the proof bundle (v2) it summarises, as one zip',
      tags: ['evidence'],
      description: '`<number>.pdf` and `<number>.proof-bundle.json` (the latter on ledgers that attest offline).',
      params: CertificateNumberParams,
      response: { description: 'The archive', contentType: 'application/zip' },
      errors: [...ERRORS, 'CERTIFICATE_NOT_READY'],
      handler: ({ params, req }) => downloadCertificateArchive(deps, getCaller(req), params.certificateNumber),
    });
  };

import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import {
  courtCertificateArchive,
  courtCertificatePdf,
  courtCertificateStatus,
  requestCertificateForCourt,
  type CourtCertificateDeps,
} from '../../court';
import { z } from '../../openapi/zod';
import { CertificateNumberParams, CertificateRequestedSchema, CertificateStatusSchema, DocumentName } from '../evidence/certificate-routes';

const RECORDED = "Court accounts only; every call is recorded for the document's unit (GET /units/{unitId}/evidence-reads).";
const ERRORS = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] as const;

/** 存证证书 for courts: asked for by the SM3 of a document the court was handed, followed and downloaded by number. */
export const courtCertificateRoutes =
  (deps: CourtCertificateDeps): ApiModule =>
  (api) => {
    api.route({
      operation: 'court.evidence.read',
      method: 'post',
      path: '/court/documents/:documentSm3/certificates',
      summary: 'A court requests the evidence certificate (存证证书) of a document it was handed',
      tags: ['court'],
      description: `The certificate covers the signatures of the unit that made the document's last signature, as if that unit had asked. Follow it with GET /court/certificates/{certificateNumber}. ${RECORDED}`,
      params: z.object({ documentSm3: z.string().regex(/^[0-9a-f]{64}$/) }),
      body: z.object({ documentName: DocumentName.optional() }).strict(),
      response: { status: 202, description: 'The certificate is being issued', schema: CertificateRequestedSchema },
      errors: ERRORS,
      handler: ({ params, body, req }) => requestCertificateForCourt(deps, getCaller(req), params.documentSm3, body),
    });
    api.route({
      operation: 'court.evidence.read',
      method: 'get',
      path: '/court/certificates/:certificateNumber',
      summary: "A document's evidence certificate's status, for a court",
      tags: ['court'],
      description: RECORDED,
      params: CertificateNumberParams,
      response: { description: 'PENDING, READY or FAILED', schema: CertificateStatusSchema },
      errors: ERRORS,
      handler: ({ params, req }) => courtCertificateStatus(deps, getCaller(req), params.certificateNumber),
    });
    api.binaryRoute({
      operation: 'court.evidence.read',
      method: 'get',
      path: '/court/certificates/:certificateNumber/pdf',
      summary: "A court downloads a document's evidence certificate, a PDF sealed with the service seal",
      tags: ['court'],
      description: RECORDED,
      params: CertificateNumberParams,
      response: { description: 'The certificate', contentType: 'application/pdf' },
      errors: [...ERRORS, 'CERTIFICATE_NOT_READY'],
      handler: ({ params, req }) => courtCertificatePdf(deps, getCaller(req), params.certificateNumber),
    });
    api.binaryRoute({
      operation: 'court.evidence.read',
      method: 'get',
      path: '/court/certificates/:certificateNumber/archive',
      summary: 'A court downloads the certificate and its proof bundle (v2) as one zip',
      tags: ['court'],
      description: `\`<number>.pdf\` and \`<number>.proof-bundle.json\`. ${RECORDED}`,
      params: CertificateNumberParams,
      response: { description: 'The archive', contentType: 'application/zip' },
      errors: [...ERRORS, 'CERTIFICATE_NOT_READY'],
      handler: ({ params, req }) => courtCertificateArchive(deps, getCaller(req), params.certificateNumber),
    });
  };

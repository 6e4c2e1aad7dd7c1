import { SealError } from '@eseal/core';
import express from 'express';
import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { verifyDocument, type SigningDeps } from '../../usecases/signing';
import { VerificationReportSchema } from './schemas';
import type { ResponseRendering } from '../../http/api-router';
import type { ReadableReport } from '../../usecases/evidence/report';

/**
 * Verification takes the PDF or OFD itself as the body (Content-Type: application/pdf or application/ofd), as a file upload
 * from a browser or `curl --data-binary @file.pdf` sends it: no base64 inflation, no multipart parsing.
 * The format is read from the content (an OFD is a zip), not from the header.
 */
const DOCUMENT_TYPES = ['application/pdf', 'application/ofd'];

export const verifyRoutes =
  (deps: SigningDeps, renderings: ResponseRendering<ReadableReport>[] = []): ApiModule =>
  (api) => {
    api.router.post('/verify', express.raw({ type: DOCUMENT_TYPES, limit: deps.settings.maxDocumentBytes }));
    api.route({
      operation: 'document.verify',
      method: 'post',
      path: '/verify',
      summary: 'Verify every signature of a PDF or OFD',
      tags: ['verification'],
      description:
        'Request body: the PDF (Content-Type: application/pdf) or OFD (application/ofd); the format is read from the content. Answers with one report; an invalid or modified document is still 200, with verdict INVALID (or INDETERMINATE when revocation or evidence is unknown) and valid=false. The report comes as JSON, or with `?format=html` (or `Accept: text/html`) as a readable page, or with `?format=pdf` (or `Accept: application/pdf`) as a PDF.',
      response: { description: 'The verification report', schema: VerificationReportSchema },
      renderings,
      errors: [
        'UNAUTHENTICATED',
        'FORBIDDEN',
        'UNSUPPORTED_MEDIA_TYPE',
        'PAYLOAD_TOO_LARGE',
        'PDF_MALFORMED',
        'PDF_ENCRYPTED',
        'PDF_TOO_LARGE',
        'PDF_TOO_COMPLEX',
        'OFD_MALFORMED',
        'OFD_TOO_LARGE',
        'OFD_UNSAFE_CONTENT',
        'LEDGER_UNAVAILABLE',
      ],
      handler: async ({ req }) => {
        if (!req.is(DOCUMENT_TYPES) || !Buffer.isBuffer(req.body)) {
          throw new SealError(
            'UNSUPPORTED_MEDIA_TYPE',
            'send the PDF or OFD as the request body with Content-Type: application/pdf or application/ofd',
            { details: { contentType: req.headers['content-type'] } },
          );
        }
        const body = req.body as Buffer;
        return verifyDocument(deps, getCaller(req), new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
      },
    });
  };

import { SealError } from '@eseal/core';
import express from 'express';
import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { verifyDocument, type SigningDeps } from '../../usecases/signing';
import { VerificationReportSchema } from './schemas';

/**
 * Verification takes the PDF itself as the body (Content-Type: application/pdf), as a file upload
 * from a browser or `curl --data-binary @file.pdf` sends it: no base64 inflation, no multipart parsing.
 */
export const verifyRoutes = (deps: SigningDeps): ApiModule => (api) => {
  api.router.post('/verify', express.raw({ type: 'application/pdf', limit: deps.settings.maxDocumentBytes }));
  api.route({
    operation: 'document.verify',
    method: 'post', path: '/verify', summary: 'Verify every signature of a PDF', tags: ['verification'],
    description: 'Request body: the PDF (Content-Type: application/pdf). Answers with one report; an invalid or modified document is still 200, with verdict INVALID (or INDETERMINATE when revocation or evidence is unknown) and valid=false.',
    response: { description: 'The verification report', schema: VerificationReportSchema },
    errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'PDF_MALFORMED', 'PDF_ENCRYPTED', 'PDF_TOO_LARGE', 'PDF_TOO_COMPLEX', 'LEDGER_UNAVAILABLE'],
    handler: async ({ req }) => {
      if (!req.is('application/pdf') || !Buffer.isBuffer(req.body)) {
        throw new SealError('UNSUPPORTED_MEDIA_TYPE', 'send the PDF as the request body with Content-Type: application/pdf', { details: { contentType: req.headers['content-type'] } });
      }
      const body = req.body as Buffer;
      return verifyDocument(deps, getCaller(req), new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    },
  });
};

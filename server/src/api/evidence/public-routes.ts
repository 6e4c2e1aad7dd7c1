import { SealError, type BundleTrust, type CertificateAuthority } from '@eseal/core';
import express from 'express';
import type { ApiModule } from '../../app';
import type { SigningDeps } from '../../usecases/signing';
import type { LedgerClient } from '../../ledger';
import { z } from '../../openapi/zod';
import { reportFontLoader } from '../../infra/report-font';
import { verificationReportRenderings } from '../report-renderings';
import {
  signedSealStatus,
  verifyBundlePublicly,
  verifyDocumentPublicly,
  type PublicSealCodes,
  type StatusResponder,
} from '../../usecases/evidence';

const SignedSealStatusSchema = z
  .object({
    statement: z.string().openapi({
      description:
        'JSON text of the answer (type eseal.seal-status): sealId, at, status ACTIVE | REVOKED | NOT_ACTIVE, revokedAt, revocationReason, ledgerTxId, producedAt',
    }),
    signature: z.string().openapi({ description: 'SM2 signature (DER, hex) over the UTF-8 statement, user ID 1234567812345678' }),
    certificate: z.string().openapi({ description: 'The responder certificate (base64 DER), issued by the service CA' }),
  })
  .openapi('SignedSealStatus');

const VerdictSchema = z.enum(['VALID', 'INVALID', 'INDETERMINATE']);

const PublicDocumentVerificationSchema = z
  .object({
    valid: z.boolean(),
    verdict: VerdictSchema,
    modified: z.boolean(),
    fileSm3: z.string(),
    pageCount: z.number().int(),
    ledgerUnavailable: z.boolean().optional(),
    signatures: z.array(
      z.object({
        index: z.number().int(),
        valid: z.boolean(),
        verdict: VerdictSchema,
        page: z.number().int().optional(),
        esID: z.string().optional(),
        sealCode: z.string().optional().openapi({ description: "The 13-digit public-security seal code, for the service's own seals" }),
        sealName: z.string().optional(),
        signerSubject: z.string().optional().openapi({ description: "The signer certificate's subject, as the file carries it" }),
        signingTime: z.string().optional(),
        imprint: z
          .object({ type: z.string(), base64: z.string(), widthMm: z.number(), heightMm: z.number() })
          .optional()
          .openapi({ description: "The imprint picture in the signature's seal data" }),
        sealMadeAt: z.string().optional(),
        anchoredAt: z.string().optional(),
        anchorTxId: z.string().optional(),
        changesAfter: z.object({
          verdict: z.enum(['none', 'allowed', 'disallowed']),
          changes: z.array(z.object({ allowed: z.boolean(), reason: z.string(), page: z.number().int().optional() })),
        }),
        checks: z.array(z.object({ id: z.string(), status: z.string(), code: z.string().optional() })),
      }),
    ),
  })
  .openapi('PublicDocumentVerification');

const BundleVerificationSchema = z
  .object({
    verdict: VerdictSchema,
    checks: z.array(
      z.object({
        id: z.string(),
        status: z.enum(['pass', 'fail', 'not-checked']),
        code: z.string().optional(),
        message: z.string(),
        anchor: z.string().optional(),
      }),
    ),
  })
  .openapi('BundleVerification');

const DOCUMENT_TYPES = ['application/pdf', 'application/ofd'];

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The CA's CRL, at the path the certificates' CRL distribution point names (PUBLIC_BASE_URL + API base + this). */
export const PUBLIC_CRL_PATH = '/public/ca/crl';

/** Public answers about seals and the CA: no account, rate-limited per client address like every API call. */
export const publicEvidenceApi =
  (deps: {
    ledger: Pick<LedgerClient, 'getSeal' | 'getBatchSignature' | 'getBatch'>;
    responder: StatusResponder;
    clock: () => Date;
    ca: Pick<CertificateAuthority, 'currentCrl' | 'chain'>;
    signing: Pick<SigningDeps, 'trust' | 'ledger' | 'settings' | 'clock' | 'verifier' | 'metrics'>;
    /** What the service trusts in a bundle: its CA, the TSA's, its court chains' keys, on Fabric its network (composition/service-trust.ts). */
    bundleTrust: () => BundleTrust;
    /** The CJK font of the PDF form of the report (default: Debian's, read on first use). */
    reportFont?: () => Uint8Array;
    /** The 13-digit public-security codes of the service's seals (printed in their imprints). */
    sealCodes?: PublicSealCodes;
  }): ApiModule =>
  (api) => {
    api.router.post('/public/documents/verify', express.raw({ type: DOCUMENT_TYPES, limit: deps.signing.settings.maxDocumentBytes }));
    api.route({
      public: true,
      method: 'post',
      path: '/public/documents/verify',
      summary: 'Verify a signed PDF or OFD without an account',
      tags: ['verification'],
      description:
        "Request body: the PDF (Content-Type: application/pdf) or OFD (application/ofd), told apart by content. The answer shows what the file shows (seal codes and names, signing times) and each check's outcome by id and code; no internal ids. As JSON, or with `?format=html` (`Accept: text/html`) a readable page, or with `?format=pdf` (`Accept: application/pdf`) a PDF.",
      response: { description: 'The public verification', schema: PublicDocumentVerificationSchema },
      renderings: verificationReportRenderings(deps.reportFont ?? reportFontLoader(), deps.clock),
      errors: [
        'UNSUPPORTED_MEDIA_TYPE',
        'PAYLOAD_TOO_LARGE',
        'PDF_MALFORMED',
        'PDF_ENCRYPTED',
        'PDF_TOO_LARGE',
        'PDF_TOO_COMPLEX',
        'OFD_MALFORMED',
        'OFD_TOO_LARGE',
        'OFD_UNSAFE_CONTENT',
        'RATE_LIMITED',
      ],
      handler: async ({ req }) => {
        if (!req.is(DOCUMENT_TYPES) || !Buffer.isBuffer(req.body)) {
          throw new SealError(
            'UNSUPPORTED_MEDIA_TYPE',
            'send the PDF or OFD as the request body with Content-Type: application/pdf or application/ofd',
            {
              details: { contentType: req.headers['content-type'] },
            },
          );
        }
        const body = req.body as Buffer;
        return verifyDocumentPublicly(deps.signing, new Uint8Array(body.buffer, body.byteOffset, body.byteLength), deps.sealCodes);
      },
    });
    api.route({
      public: true,
      method: 'post',
      path: '/public/bundles/verify',
      summary: "Check a proof bundle (v2) against this service's CA, without an account",
      tags: ['verification'],
      description:
        "The same offline check as `seal verify-bundle`, with this service's CA certificates (and on Fabric its network's organisations, policy and orderers) as the trust anchors. An invalid bundle is still 200 with its verdict and the failed checks' codes.",
      body: z.object({ format: z.literal('eseal.proof-bundle'), version: z.literal(2) }).passthrough(),
      response: { description: 'The verdict and each check', schema: BundleVerificationSchema },
      errors: ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED'],
      handler: async ({ body }) => {
        return verifyBundlePublicly(deps.bundleTrust(), body);
      },
    });
    api.binaryRoute({
      public: true,
      method: 'get',
      path: PUBLIC_CRL_PATH,
      summary: 'The certificate revocation list of the issuing CA (DER)',
      tags: ['evidence'],
      description:
        'Freshly signed, covering every certificate the CA issued. Certificates issued after PUBLIC_BASE_URL was set name this URL as their CRL distribution point.',
      response: { description: 'The CRL, DER', contentType: 'application/pkix-crl' },
      errors: ['RATE_LIMITED'],
      handler: async () => ({ data: (await deps.ca.currentCrl()).der, filename: 'issuing-ca.crl' }),
    });
    api.route({
      public: true,
      method: 'get',
      path: '/public/seals/:sealCode/status',
      summary: "A seal's status at a time, signed by the service (OCSP-like)",
      tags: ['evidence'],
      description:
        "Answers from the ledger's seal timeline whether the seal (by the code printed in its seal data) was active at `at` (default now). Shows nothing a sealed document does not show.",
      // The seal data's esID: a 13-digit code, or the service's own seal id (seal_…) for seals it made.
      params: z.object({ sealCode: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/) }),
      query: z.object({ at: z.string().regex(ISO_TIME).optional() }),
      response: { description: 'The signed answer', schema: SignedSealStatusSchema },
      errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
      handler: async ({ params, query }) =>
        signedSealStatus(deps, params.sealCode, query.at === undefined ? deps.clock() : new Date(query.at)),
    });
  };

import type { ApiModule } from '../../app';
import { getCaller } from '../../access';
import { downloadHandedArchive, listHandedArchives, type CourtArchiveDeps } from '../../court';
import { ListQuerySchema, listPageSchema } from '../../openapi/list-schemas';
import { z } from '../../openapi/zod';
import { downloadArchive, getArchive, listArchives, requestArchive, type ArchiveDeps } from '../../usecases/archive';

const Sm3 = z.string().regex(/^[0-9a-f]{64}$/);

/** Base64 (standard alphabet) of the signed document, as the signing answered it. */
const DocumentBase64 = z
  .string()
  .min(4)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64')
  .openapi({ format: 'byte', description: 'The signed PDF or OFD, base64, exactly as the signing returned it' });

/** A title written into the package's metadata: visible characters only. */
const Title = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f\u2028\u2029]+$/, 'no control characters');

const ArchiveRequestedSchema = z
  .object({ archiveId: Sm3, state: z.enum(['PENDING', 'READY', 'FAILED']), created: z.boolean() })
  .openapi('ArchiveRequested');

const ArchiveSchema = z
  .object({
    archiveId: z.string(),
    documentSm3: z.string(),
    unitId: z.string(),
    state: z.enum(['PENDING', 'READY', 'FAILED']),
    title: z.string(),
    retention: z.enum(['PERMANENT', '30Y', '10Y']),
    documentSize: z.number().int(),
    requestedAt: z.string(),
    readyAt: z.string().optional(),
    lastError: z.string().optional(),
    packageSm3: z.string().optional(),
    packageSize: z.number().int().optional(),
    verdict: z.string().optional(),
  })
  .openapi('Archive');

const ArchivePageSchema = listPageSchema(ArchiveSchema).openapi('ArchivePage');
const ArchiveParams = z.object({ archiveId: Sm3 });
const DocumentParams = z.object({ documentSm3: Sm3 });
const ERRORS = ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'] as const;
const XML = 'application/xml';

/** 归档: a signed document handed back, packaged by the worker once its evidence is complete, listed and downloaded. */
export const archiveRoutes =
  (deps: ArchiveDeps & CourtArchiveDeps): ApiModule =>
  (api) => {
    api.route({
      operation: 'archive.create',
      method: 'post',
      path: '/archives',
      summary: 'Archive a signed document (归档)',
      tags: ['archive'],
      description:
        'The caller hands back the signed document: it is archived only if a signature of this service produced exactly these bytes (its SM3). ' +
        'Answers 202 at once; the worker makes the package (DA/T 48 XML, SM3 manifest, signed with the service seal) once every signature is anchored and every configured court chain has answered. ' +
        'One package per document version: asking again answers the same archive (`created: false`). Follow GET /archives/{archiveId}.',
      body: z
        .object({ document: DocumentBase64, title: Title.optional(), retention: z.enum(['PERMANENT', '30Y', '10Y']).optional() })
        .strict(),
      response: { status: 202, description: 'The archive is being made (or exists)', schema: ArchiveRequestedSchema },
      errors: [...ERRORS, 'PAYLOAD_TOO_LARGE', 'PDF_MALFORMED'],
      handler: ({ body, req }) =>
        requestArchive(deps, getCaller(req), {
          document: new Uint8Array(Buffer.from(body.document, 'base64')),
          ...(body.title ? { title: body.title } : {}),
          ...(body.retention ? { retention: body.retention } : {}),
        }),
    });
    api.route({
      operation: 'archive.read',
      method: 'get',
      path: '/archives',
      summary: "A unit's archives",
      tags: ['archive'],
      description:
        "The caller's unit by default (an API key for several units names one); city-wide roles list every unit's without unitId.",
      query: ListQuerySchema.extend({ unitId: z.string().max(64).optional() }),
      response: { description: 'A page of archives', schema: ArchivePageSchema },
      errors: [...ERRORS, 'INVALID_CURSOR'],
      handler: ({ query, req }) => listArchives(deps, getCaller(req), query),
    });
    api.route({
      operation: 'archive.read',
      method: 'get',
      path: '/archives/:archiveId',
      summary: "An archive's status",
      tags: ['archive'],
      params: ArchiveParams,
      response: { description: 'PENDING (with the reason while the evidence is incomplete), READY or FAILED', schema: ArchiveSchema },
      errors: ERRORS,
      handler: ({ params, req }) => getArchive(deps, getCaller(req), params.archiveId),
    });
    api.binaryRoute({
      operation: 'archive.read',
      method: 'get',
      path: '/archives/:archiveId/package',
      summary: 'The archive package (DA/T 48 XML)',
      tags: ['archive'],
      description: 'Check it offline with `seal archive check <package>` (authenticity, integrity, usability, security).',
      params: ArchiveParams,
      response: { description: 'The package', contentType: XML },
      errors: [...ERRORS, 'ARCHIVE_NOT_READY'],
      handler: ({ params, req }) => downloadArchive(deps, getCaller(req), params.archiveId),
    });
    api.route({
      operation: 'court.evidence.read',
      method: 'get',
      path: '/court/documents/:documentSm3/archives',
      summary: 'The archive of a document the court was handed',
      tags: ['court', 'archive'],
      description:
        'At most one item (one package per document version). Listing an archive is recorded for its unit (GET /units/{unitId}/evidence-reads).',
      params: DocumentParams,
      response: { description: 'The archive, if any', schema: ArchivePageSchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN'],
      handler: ({ params, req }) => listHandedArchives(deps, getCaller(req), params.documentSm3),
    });
    api.binaryRoute({
      operation: 'court.evidence.read',
      method: 'get',
      path: '/court/documents/:documentSm3/archive/package',
      summary: 'The archive package of a document the court was handed',
      tags: ['court', 'archive'],
      description: 'Recorded for the unit before it is sent.',
      params: DocumentParams,
      response: { description: 'The package', contentType: XML },
      errors: [...ERRORS, 'ARCHIVE_NOT_READY'],
      handler: ({ params, req }) => downloadHandedArchive(deps, getCaller(req), params.documentSm3),
    });
  };

import type { ApiModule } from '../../app';
import type { AuditAnchorer, AuditReader } from '../../audit';
import { z } from '../../openapi/zod';
import { ListQuerySchema, listPageSchema } from '../../openapi/list-schemas';
import { decodeCursor, pageOf } from '../../store/list-page';
import { SealError } from '@eseal/core';
import { IdSchema } from './schemas';

export interface AuditRouteDeps {
  /** Entries and the chain check (against the ledger's anchors when the service has a ledger). */
  audit: AuditReader;
  anchorer: AuditAnchorer;
}

const AuditEntrySchema = z
  .object({
    _id: z.string(),
    seq: z.number(),
    prevHash: z.string(),
    hash: z.string(),
    at: z.string(),
    action: z.string(),
    actor: z.object({ id: z.string(), role: z.string(), ip: z.string().optional() }),
    result: z.string(),
    status: z.number().optional(),
    code: z.string().optional(),
    target: z.string().optional(),
    requestId: z.string().optional(),
    unitId: z.string().optional(),
    sealId: z.string().optional(),
    from: z.string().nullable().optional(),
    to: z.string().optional(),
    reason: z.string().optional(),
    details: z.record(z.unknown()).optional(),
  })
  .openapi('AuditEntry');

const ChainReportSchema = z
  .object({
    valid: z.boolean(),
    entries: z.number(),
    head: z.object({ seq: z.number(), hash: z.string() }),
    anchorsChecked: z.number(),
    anchoredThrough: z.number(),
    anchorSource: z.enum(['ledger', 'records']),
    firstBreak: z.object({ seq: z.number(), reason: z.string(), entryId: z.string().optional(), message: z.string() }).optional(),
  })
  .openapi('AuditChainReport');

/** Reading the audit log, checking its chain, and anchoring it on demand. */
export const auditRoutes =
  (deps: AuditRouteDeps): ApiModule =>
  (api) => {
    api.route({
      method: 'get',
      path: '/audit/entries',
      operation: 'audit.read',
      summary: 'Audit entries in chain order, optionally for one unit or seal',
      tags: ['audit'],
      query: ListQuerySchema.extend({
        fromSeq: z.coerce.number().int().min(1).default(1),
        unitId: IdSchema.optional(),
        sealId: IdSchema.optional(),
      }),
      response: { description: 'A page of entries', schema: listPageSchema(AuditEntrySchema).openapi('AuditEntryPage') },
      errors: ['INVALID_CURSOR'],
      handler: async ({ query }) => {
        // The chain's own order: the cursor carries the next sequence number.
        const after = decodeCursor(query.cursor, 1)?.[0];
        const fromSeq = after === undefined ? query.fromSeq : Number(after);
        if (!Number.isSafeInteger(fromSeq) || fromSeq < 1) {
          throw new SealError('INVALID_CURSOR', 'cursor is not one this service gave out; start again without it', {
            details: { field: 'cursor' },
          });
        }
        const entries = await deps.audit.entries({ fromSeq, unitId: query.unitId, sealId: query.sealId, limit: query.limit + 1 });
        return pageOf(entries, query.limit, (last) => [String(last.seq + 1)]);
      },
    });

    api.route({
      method: 'get',
      path: '/audit/verify',
      operation: 'audit.read',
      summary: 'Check the whole hash chain and its anchors; reports the first break',
      tags: ['audit'],
      response: { description: 'The chain report (valid: false names the first break)', schema: ChainReportSchema },
      errors: ['LEDGER_UNAVAILABLE'],
      handler: () => deps.audit.verify(),
    });

    api.route({
      method: 'post',
      path: '/audit/anchors',
      operation: 'audit.anchor',
      summary: 'Anchor the chain head now (also done periodically)',
      tags: ['audit'],
      response: {
        description: 'The new anchor, or anchored: false when nothing was appended since the last one',
        schema: z.object({
          anchored: z.boolean(),
          toSeq: z.number().optional(),
          headHash: z.string().optional(),
          sink: z.string().optional(),
          transactionId: z.string().optional(),
        }),
      },
      // LEDGER_CONFLICT: another server anchored the same entries a moment earlier; the next call continues after it.
      errors: ['LEDGER_UNAVAILABLE', 'LEDGER_CONFLICT'],
      handler: async () => {
        const anchor = await deps.anchorer.anchor();
        return anchor
          ? { anchored: true, toSeq: anchor.toSeq, headHash: anchor.headHash, sink: anchor.sink, transactionId: anchor.transactionId }
          : { anchored: false };
      },
    });
  };

import type { Caller } from '../../access';
import {
  batchSign,
  storeBatchWrites,
  type BatchWrites,
  type IdempotentWork,
  type SignatureWrites,
  type SigningDeps,
  signingRecordView,
  type SigningRecordView,
} from '../../usecases/signing';
import { z } from '../../openapi/zod';
import { BatchSignRequestSchema } from './schemas';
import { base64, fromBase64 } from './views';

type BatchAnswer = {
  batchCallId: string;
  items: Array<
    | { clientRef?: string; ok: true; record: SigningRecordView; signedPdf: string }
    | { clientRef?: string; ok: false; error: { code: string; message: string; details?: Record<string, unknown> } }
  >;
};

/**
 * POST /sign/batch as idempotent work (usecases/signing/idempotency.ts): every item is signed, the
 * answer kept, then the records stored. Under an Idempotency-Key the batch and its record ids come from
 * the request's reference, so an attempt overlapping another signs the same records.
 */
export function batchSigningWork(
  deps: SigningDeps,
  caller: Caller,
  body: z.infer<typeof BatchSignRequestSchema>,
): IdempotentWork<BatchAnswer, BatchWrites | SignatureWrites[]> {
  return {
    run: async (requestRef) => {
      const out = await batchSign(deps, caller, {
        sealId: body.sealId,
        pin: body.pin,
        items: body.items.map((i) => ({ ...i, document: fromBase64(i.document) })),
        ...(requestRef ? { requestRef } : {}),
      });
      const value: BatchAnswer = {
        batchCallId: out.batchCallId,
        items: out.results.map((r) =>
          r.ok
            ? { clientRef: r.clientRef, ok: true, record: signingRecordView(r.record), signedPdf: base64(r.signedPdf) }
            : { clientRef: r.clientRef, ok: false, error: r.error },
        ),
      };
      return { value, writes: out.writes };
    },
    commit: (writes) => storeBatchWrites(deps, writes),
  };
}

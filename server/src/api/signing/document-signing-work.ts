import type { Caller } from '../../access';
import {
  prepareDocumentSignature,
  storeSignature,
  type IdempotentWork,
  type SigningDeps,
  signingRecordView,
  type SigningRecordView,
} from '../../usecases/signing';
import type { SignatureWrites } from '../../usecases/signing';
import { z } from '../../openapi/zod';
import { SignRequestSchema } from './schemas';
import { base64, fromBase64 } from './views';

/**
 * POST /sign as idempotent work (usecases/signing/idempotency.ts): the answer is computed and kept
 * before the record is stored. Under an Idempotency-Key the record id comes from the request's
 * reference, the same for every attempt, so a retry is recognised by the approval it already took.
 */
export function documentSigningWork(
  deps: SigningDeps,
  caller: Caller,
  body: z.infer<typeof SignRequestSchema>,
): IdempotentWork<{ record: SigningRecordView; signedPdf: string; repaired?: string[] }, SignatureWrites> {
  return {
    run: async (requestRef) => {
      const { result, writes } = await prepareDocumentSignature(deps, caller, {
        ...body,
        document: fromBase64(body.document),
        ...(requestRef ? { recordId: `sig_${requestRef}` } : {}),
      });
      const { record, signedPdf, repaired } = result;
      return { value: { record: signingRecordView(record), signedPdf: base64(signedPdf), ...(repaired ? { repaired } : {}) }, writes };
    },
    commit: (writes) => storeSignature(deps, writes),
  };
}

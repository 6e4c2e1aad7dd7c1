import { measureProofBundleCost } from '@eseal/server';
import type { BenchModule, BenchResult } from './result';

/**
 * bundle: a v2 proof bundle of a 10-signature document anchored in a batch of 1,000 on the embedded
 * ledger: its size per signature, and the time to check it offline per signature against one SM2
 * verification measured in the same run (each signature costs at least a few: node attestation,
 * seal history, certificate chain).
 */
export const bundleBench: BenchModule = {
  name: 'bundle',
  async run(): Promise<BenchResult[]> {
    const cost = await measureProofBundleCost({ signatures: 10, batchSize: 1000 });
    return [
      { name: 'bundle.size', value: cost.bytesPerSignature, unit: 'bytes/signature', note: `${cost.bytes} bytes for ${cost.signatures} signatures, batch of 1000` },
      {
        name: 'bundle.verify',
        value: Number(cost.verifyMsPerSignature.toFixed(3)),
        unit: 'ms/signature',
        baseline: { name: 'sm2.verify', value: Number(cost.sm2VerifyMs.toFixed(3)) },
        ratio: cost.sm2VerifyMs / cost.verifyMsPerSignature,
        note: 'offline check, no ledger; ratio = one SM2 verification / per-signature check time',
      },
    ];
  },
};

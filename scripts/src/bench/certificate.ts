import { measureCertificateCost } from '@eseal/server';
import type { BenchModule, BenchResult } from './result';

/**
 * certificate: evidence certificates (存证证书) generated per second — typeset in Chinese with a font
 * subset, QR code, sealed with the service seal — against sealing the same typeset PDF alone in the
 * same run (the part any sealed document pays).
 */
export const certificateBench: BenchModule = {
  name: 'certificate',
  async run(): Promise<BenchResult[]> {
    const cost = await measureCertificateCost({ signatures: 3 });
    return [
      {
        name: 'certificate.generate',
        value: Number(cost.perSecond.toFixed(2)),
        unit: 'certificates/s',
        baseline: { name: 'certificate.seal-only', value: Number(cost.sealOnlyPerSecond.toFixed(2)) },
        ratio: cost.perSecond / cost.sealOnlyPerSecond,
        note: `3 signatures, ${cost.bytes} bytes; ratio = generation rate / sealing-only rate`,
      },
    ];
  },
};

import { SealError } from '@eseal/core';
import { certificateJobOptions, parseCertificateJob } from './certificate-job';
import { processCertificate } from './certificate-processor';
import type { CertificatePorts, CertificateReady, ProducedCertificate } from './ports';

const NUMBER = 'ZC20261206A1B2C3D4E5F6A7B8C9D0';
const job = { version: 1 as const, certificateNumber: NUMBER };

/** Ports that record what the processor asked for, so each rule is observable. */
function portsWith(produce: () => Promise<ProducedCertificate>) {
  const failures: Array<{ reason: string; final: boolean }> = [];
  const ready: CertificateReady[] = [];
  const ports: CertificatePorts = {
    producer: { produce, recordFailure: async (_n, reason, final) => void failures.push({ reason, final }) },
    onCertificateReady: (r) => void ready.push(r),
  };
  return { ports, failures, ready };
}

describe('certificate processor', () => {
  it('tells the ready hook once the certificate is issued, with what a notification needs', async () => {
    const issued: ProducedCertificate = { outcome: 'ISSUED', certificateNumber: NUMBER, unitId: 'unit_a', certificateSm3: 'ab'.repeat(32) };
    const { ports, ready, failures } = portsWith(async () => issued);
    expect(await processCertificate(ports, job, { made: 0, allowed: 8 })).toEqual(issued);
    expect(ready).toEqual([{ certificateNumber: NUMBER, unitId: 'unit_a', certificateSm3: 'ab'.repeat(32) }]);
    expect(failures).toEqual([]);
  });

  it('does not tell the hook again when a repeated job finds the certificate issued, nor for a missing one', async () => {
    for (const produced of [
      { outcome: 'ALREADY_ISSUED' as const, certificateNumber: NUMBER, unitId: 'unit_a', certificateSm3: 'cd'.repeat(32) },
      { outcome: 'MISSING' as const, certificateNumber: NUMBER },
    ]) {
      const { ports, ready } = portsWith(async () => produced);
      expect(await processCertificate(ports, job, { made: 0, allowed: 8 })).toEqual(produced);
      expect(ready).toEqual([]);
    }
  });

  it('records each failure for retry, and the last attempt as final', async () => {
    const notAnchored = new SealError('NOT_FOUND', 'a signature of the document is not anchored yet');
    const { ports, failures, ready } = portsWith(async () => {
      throw notAnchored;
    });
    await expect(processCertificate(ports, job, { made: 0, allowed: 8 })).rejects.toBe(notAnchored);
    await expect(processCertificate(ports, job, { made: 7, allowed: 8 })).rejects.toBe(notAnchored);
    expect(failures.map((f) => f.final)).toEqual([false, true]);
    expect(failures[0]!.reason).toMatch(/NOT_FOUND.*not anchored/);
    expect(ready).toEqual([]);
  });

  it('accepts only version-1 payloads with a well-formed certificate number', () => {
    expect(parseCertificateJob({ version: 1, certificateNumber: NUMBER })).toEqual(job);
    for (const bad of [null, 'x', { version: 2, certificateNumber: NUMBER }, { version: 1, certificateNumber: 'zc1' }, { version: 1 }]) {
      expect(() => parseCertificateJob(bad)).toThrow();
    }
    expect(certificateJobOptions(NUMBER)).toMatchObject({ jobId: NUMBER, attempts: 8, removeOnFail: false });
  });
});

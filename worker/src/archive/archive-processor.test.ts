import { SealError } from '@eseal/core';
import { archiveJobOptions, parseArchiveJob } from './archive-job';
import { processArchive } from './archive-processor';
import type { ArchivePorts, ArchiveReady, ProducedArchive } from './ports';

const ID = 'ab'.repeat(32);
const job = { version: 1 as const, archiveId: ID };

/** Ports that record what the processor asked for, so each rule is observable. */
function portsWith(produce: () => Promise<ProducedArchive>) {
  const failures: Array<{ reason: string; final: boolean }> = [];
  const ready: ArchiveReady[] = [];
  const ports: ArchivePorts = {
    producer: { produce, recordFailure: async (_id, reason, final) => void failures.push({ reason, final }) },
    onArchiveReady: (r) => void ready.push(r),
  };
  return { ports, failures, ready };
}

describe('archive processor', () => {
  it('tells the ready hook once the package is stored, with what a notification needs', async () => {
    const packaged: ProducedArchive = { outcome: 'PACKAGED', archiveId: ID, unitId: 'unit_a', packageSm3: 'cd'.repeat(32) };
    const { ports, ready, failures } = portsWith(async () => packaged);
    expect(await processArchive(ports, job, { made: 0, allowed: 10 })).toEqual(packaged);
    expect(ready).toEqual([{ archiveId: ID, unitId: 'unit_a', packageSm3: 'cd'.repeat(32) }]);
    expect(failures).toEqual([]);
  });

  it('does not tell the hook again when a repeated job finds the package, nor for a missing archive', async () => {
    for (const produced of [
      { outcome: 'ALREADY_PACKAGED' as const, archiveId: ID, unitId: 'unit_a', packageSm3: 'ef'.repeat(32) },
      { outcome: 'MISSING' as const, archiveId: ID },
    ]) {
      const { ports, ready } = portsWith(async () => produced);
      expect(await processArchive(ports, job, { made: 0, allowed: 10 })).toEqual(produced);
      expect(ready).toEqual([]);
    }
  });

  it('records each failure for retry, and the last attempt as final', async () => {
    const incomplete = new SealError('ARCHIVE_EVIDENCE_INCOMPLETE', 'a signature of the document is not anchored yet');
    const { ports, failures, ready } = portsWith(async () => {
      throw incomplete;
    });
    await expect(processArchive(ports, job, { made: 0, allowed: 10 })).rejects.toBe(incomplete);
    await expect(processArchive(ports, job, { made: 9, allowed: 10 })).rejects.toBe(incomplete);
    expect(failures.map((f) => f.final)).toEqual([false, true]);
    expect(failures[0]!.reason).toMatch(/ARCHIVE_EVIDENCE_INCOMPLETE.*not anchored/);
    expect(ready).toEqual([]);
  });

  it('accepts only version-1 payloads naming an SM3', () => {
    expect(parseArchiveJob({ version: 1, archiveId: ID })).toEqual(job);
    for (const bad of [null, 'x', { version: 2, archiveId: ID }, { version: 1, archiveId: ID.toUpperCase() }, { version: 1 }]) {
      expect(() => parseArchiveJob(bad)).toThrow();
    }
    expect(archiveJobOptions(ID)).toMatchObject({ jobId: ID, attempts: 10, removeOnFail: false });
  });
});

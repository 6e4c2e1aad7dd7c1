import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnchorEntry, IssueSealInput } from '@eseal/chaincode';
import { anchorBatchRoot, type AnchorEntryFacts } from '@eseal/core';

/** Fixtures shared by the ledger tests (not exported from the package). */
export const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');

export const UNIT = '91120000MA05ABCD1X';

export function sealFixture(sealId: string, overrides: Partial<IssueSealInput> = {}): IssueSealInput {
  return {
    sealId,
    unitId: UNIT,
    kind: 'CONTRACT',
    imprintSm3: sm3(`imprint-${sealId}`),
    certSerial: '0a0b',
    certSm3: sm3(`cert-${sealId}`),
    sesealSm3: sm3(`seseal-${sealId}`),
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2027-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function entryFixture(n: number, sealId: string, signedAt: string): AnchorEntry {
  return { recordId: `rec-${n}`, sealId, signedAt, signatureSm3: sm3(`sig-${n}`), documentSm3: sm3(`doc-${n}`) };
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'eseal-ledger-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A settable transaction clock. */
export function fixedClock(iso: string): { now: () => number; set(iso: string): void } {
  let ms = Date.parse(iso);
  return { now: () => ms, set: (next: string) => (ms = Date.parse(next)) };
}

/** An AnchorBatch input with the root the chaincode accepts: the Merkle root of its entries. */
export function anchorBatchInput<E extends AnchorEntryFacts>(
  batchId: string,
  entries: E[],
): { batchId: string; root: string; entries: E[] } {
  return { batchId, root: anchorBatchRoot(entries), entries };
}

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnchorEntry } from '@eseal/chaincode';
import { anchorBatchRoot } from '@eseal/core';
import { createContractLedgerClient } from '../contract-ledger-client';
import { DEFAULT_EMBEDDED_IDENTITY } from '../config';
import { EmbeddedLedger } from './embedded-ledger';

export interface AnchorThroughput {
  records: number;
  batches: number;
  batchSize: number;
  seconds: number;
  recordsPerSecond: number;
}

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');

/**
 * Anchors `batches` batches of `batchSize` signing records into a fresh, durable embedded ledger in a
 * temporary directory and reports records/s (the "anchor" benchmark). Seals are issued before timing.
 */
export async function measureAnchorThroughput(
  options: { batches?: number; batchSize?: number; seals?: number; durable?: boolean } = {},
): Promise<AnchorThroughput> {
  const { batches = 10, batchSize = 1000, seals = 20, durable = true } = options;
  const dir = mkdtempSync(join(tmpdir(), 'eseal-anchor-'));
  const ledger = EmbeddedLedger.open({ dataDir: dir, durable });
  const client = createContractLedgerClient(ledger.transport(DEFAULT_EMBEDDED_IDENTITY, true));
  try {
    const now = Date.now();
    const validFrom = new Date(now - 86_400_000).toISOString();
    const validTo = new Date(now + 365 * 86_400_000).toISOString();
    for (let s = 0; s < seals; s++) {
      await client.issueSeal({
        sealId: `BENCH-${s}`,
        unitId: sm3(`unit-${s}`),
        kind: 'CONTRACT',
        imprintSm3: sm3(`i${s}`),
        certSerial: '01',
        certSm3: sm3(`c${s}`),
        sesealSm3: sm3(`s${s}`),
        validFrom,
        validTo,
      });
    }
    // Signed after the seals were issued, so every entry passes the "active at signing time" check.
    const signedAt = new Date().toISOString();
    const inputs = Array.from({ length: batches }, (_, b) => {
      const entries = Array.from({ length: batchSize }, (_, i): AnchorEntry => ({
        recordId: `r-${b}-${i}`,
        sealId: `BENCH-${i % seals}`,
        signedAt,
        signatureSm3: sm3(`sig-${b}-${i}`),
        documentSm3: sm3(`doc-${b}-${i}`),
      }));
      // The chaincode accepts only the Merkle root of the entries.
      return { batchId: `bench-${b}`, root: anchorBatchRoot(entries), entries };
    });
    const started = process.hrtime.bigint();
    for (const input of inputs) await client.anchorBatch(input);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const records = batches * batchSize;
    return { records, batches, batchSize, seconds, recordsPerSecond: Math.round(records / seconds) };
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureAnchorThroughput } from '@eseal/server';
import type { BenchModule, BenchResult } from './result';

/**
 * anchor: signing records anchored per second into the embedded ledger, in batches of 1,000 (one
 * block per batch, fdatasync'd). DESIGN's target is absolute (>= 5,000 records/s); the same-run
 * baseline is the floor any durable ledger pays here: appending blocks of the same size to a file
 * with fdatasync and nothing else. The ratio shows how much of the budget the chaincode, the
 * "seal active at signing time" checks and the hash chain take on top of the disk.
 */
const BATCHES = 10;
const BATCH_SIZE = 1000;
/** About what one anchored entry costs in the block's write set (key + canonical JSON). */
const BYTES_PER_RECORD = 420;
const TARGET_RECORDS_PER_SECOND = 5000;

function durableAppendRate(): number {
  const dir = mkdtempSync(join(tmpdir(), 'eseal-append-'));
  const fd = openSync(join(dir, 'blocks'), 'a');
  const block = Buffer.alloc(BATCH_SIZE * BYTES_PER_RECORD, 0x61);
  try {
    const started = process.hrtime.bigint();
    for (let b = 0; b < BATCHES; b++) {
      writeSync(fd, block);
      fdatasyncSync(fd);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return Math.round((BATCHES * BATCH_SIZE) / seconds);
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

export const anchorBench: BenchModule = {
  name: 'anchor',
  async run(): Promise<BenchResult[]> {
    // Interleave and keep the best of three: the machine is shared, and the best run is the least disturbed.
    let ours = 0;
    let floor = 0;
    for (let round = 0; round < 3; round++) {
      ours = Math.max(ours, (await measureAnchorThroughput({ batches: BATCHES, batchSize: BATCH_SIZE })).recordsPerSecond);
      floor = Math.max(floor, durableAppendRate());
    }
    return [
      {
        name: 'anchor',
        value: ours,
        unit: 'records/s',
        baseline: { name: 'durable-append', value: floor },
        ratio: ours / floor,
        note: `embedded ledger, batches of ${BATCH_SIZE}; target ${TARGET_RECORDS_PER_SECOND} records/s absolute: ${
          ours >= TARGET_RECORDS_PER_SECOND ? 'met' : 'NOT met'
        }`,
      },
    ];
  },
};

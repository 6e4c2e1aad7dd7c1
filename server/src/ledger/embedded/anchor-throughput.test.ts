import { measureAnchorThroughput } from './anchor-throughput';

/**
 * The measurement `npm run bench` reports as `anchor` (against a durable-append floor measured in the
 * same run) must itself work: every record of every batch lands. Its speed is the bench's business, not
 * an assertion here, where other suites share the cores.
 */
it('anchors every record of every batch durably (the bench measures how fast)', async () => {
  const result = await measureAnchorThroughput({ batches: 4, batchSize: 1000 });
  expect(result.records).toBe(4_000);
  expect(result.recordsPerSecond).toBeGreaterThan(0);
});

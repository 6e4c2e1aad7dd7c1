import { Counter, Gauge, type Registry } from 'prom-client';

/** The queue states reported at each scrape: work not done yet, and work that gave up. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * What the service is for, counted beside the HTTP and process metrics on /metrics: documents
 * signed, documents verified by verdict, signing records anchored on the ledger, filings answered by
 * public security, and how much queued work (filing, anchoring) is waiting. Counters start at zero
 * in each process.
 */
export interface BusinessMetrics {
  readonly signings: Counter;
  readonly verifications: Counter<'verdict'>;
  /** Counted by the process that runs the anchor worker (server/src/composition/worker-processors.ts). */
  readonly anchoredSignatures: Counter;
  readonly filings: Counter<'outcome'>;
  /** Reports this queue's job counts (BullMQ getJobCounts) at each scrape. */
  watchQueue(queue: string, counts: () => Promise<Record<string, number>>): void;
}

export function createBusinessMetrics(registry: Registry): BusinessMetrics {
  const queues = new Map<string, () => Promise<Record<string, number>>>();
  new Gauge({
    name: 'eseal_queue_jobs',
    help: 'Jobs in each work queue, by state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const [queue, counts] of queues) {
        // A queue store that does not answer leaves the last values: /metrics must still answer.
        const current = await counts().catch(() => undefined);
        if (current) for (const state of QUEUE_STATES) this.set({ queue, state }, current[state] ?? 0);
      }
    },
  });
  return {
    signings: new Counter({
      name: 'eseal_signings_total',
      help: 'Documents sealed (one per signed PDF, batch items included)',
      registers: [registry],
    }),
    verifications: new Counter({
      name: 'eseal_verifications_total',
      help: 'Documents verified through the API, by verdict',
      labelNames: ['verdict'] as const,
      registers: [registry],
    }),
    anchoredSignatures: new Counter({
      name: 'eseal_anchored_signatures_total',
      help: "Signing records anchored on the ledger by this process's anchor runs",
      registers: [registry],
    }),
    filings: new Counter({
      name: 'eseal_filings_total',
      help: 'Filings answered by public security, by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    watchQueue: (queue, counts) => void queues.set(queue, counts),
  };
}

import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Prometheus metrics per court chain, shaped as the worker's RelayObserver. Counters live in the
 * process that runs the relay (npm start runs API and worker in one, so /metrics shows them).
 */
export interface RelayMetrics {
  queued(adapterId: string): void;
  confirmed(adapterId: string, latencySeconds: number): void;
  rejected(adapterId: string): void;
  dead(adapterId: string): void;
}

export function createRelayMetrics(registry: Registry): RelayMetrics {
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: ['adapter'] as const, registers: [registry] });
  const queued = counter('eseal_relay_queued_total', 'Relays created and queued, per court chain');
  const confirmed = counter('eseal_relay_confirmed_total', 'Relays the court chain confirmed, per court chain');
  const rejected = counter('eseal_relay_rejected_total', 'Relays the court chain refused or answered with a bad receipt (not retried)');
  const dead = counter('eseal_relay_dead_total', 'Relays that failed their last attempt (dead letters)');
  const latency = new Histogram({
    name: 'eseal_relay_latency_seconds',
    help: 'From the relay being created (the evidence on our ledger) to the court chain confirming it',
    labelNames: ['adapter'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
    registers: [registry],
  });
  return {
    queued: (adapter) => queued.inc({ adapter }),
    confirmed: (adapter, seconds) => {
      confirmed.inc({ adapter });
      latency.observe({ adapter }, seconds);
    },
    rejected: (adapter) => rejected.inc({ adapter }),
    dead: (adapter) => dead.inc({ adapter }),
  };
}

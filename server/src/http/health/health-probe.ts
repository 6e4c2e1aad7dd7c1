/**
 * One dependency the service needs (record store, queue store, ledger). `check` resolves when the
 * dependency answers and rejects otherwise; it should be cheap, as /health calls it on every request.
 */
export interface HealthProbe {
  readonly name: string;
  check(): Promise<void>;
}

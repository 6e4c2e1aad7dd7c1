import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, type ManagedProcess } from './managed-process';
import { serviceUnavailable, type ServiceName } from './service-error';

export interface WaitUntilReadyOptions {
  service: ServiceName;
  process: ManagedProcess;
  /** One real protocol round trip; rejects while the service is not ready. */
  probe: () => Promise<void>;
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it succeeds. Fails fast when the process exits (quoting its last output line,
 * which names the cause, e.g. "Address already in use") and fails after `timeoutMs` otherwise:
 * a service that never answers must not hang start-up or a test run.
 */
export async function waitUntilReady(options: WaitUntilReadyOptions): Promise<void> {
  const { service, process: child, probe, timeoutMs, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastProbeError: unknown;
  for (;;) {
    if (child.hasExited()) {
      const exit = await child.exited;
      const said = child.lastOutputLine();
      throw serviceUnavailable(service, `${describeExit(exit)} before answering${said ? `: ${said}` : ''}`, {
        exit,
        lastOutput: said,
      });
    }
    try {
      await probe();
      return;
    } catch (error) {
      lastProbeError = error;
    }
    if (Date.now() >= deadline) {
      await child.stop(1_000);
      const reason = lastProbeError instanceof Error ? lastProbeError.message : String(lastProbeError);
      throw serviceUnavailable(service, `did not answer within ${timeoutMs} ms (last error: ${reason})`, { timeoutMs }, lastProbeError);
    }
    await Promise.race([sleep(intervalMs), child.exited]);
  }
}

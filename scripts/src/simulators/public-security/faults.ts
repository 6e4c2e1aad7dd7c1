/**
 * Faults the control endpoint can arm, applied to the next `count` service requests (control
 * requests are never affected), so tests can exercise retries, timeouts and rejections.
 *   { "status": 503, "count": 2 }            answer 503 twice, then behave
 *   { "delayMs": 1500, "count": 1 }          hold the next answer 1.5 s (then answer normally)
 *   { "status": 400, "code": "X", "count": 1 } reject with that code
 *   { "drop": true, "count": 1 }             close the connection without answering
 *   { "badSignature": true, "count": 1 }     answer normally, with a corrupted SM2 signature
 */
export interface Fault {
  readonly status?: number;
  readonly code?: string;
  readonly delayMs?: number;
  readonly drop?: boolean;
  readonly badSignature?: boolean;
  remaining: number;
}

export class FaultQueue {
  private faults: Fault[] = [];

  arm(input: unknown): Fault {
    const f = (input ?? {}) as Record<string, unknown>;
    const count = f.count === undefined ? 1 : Number(f.count);
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw new Error('count must be an integer 1-1000');
    const fault: Fault = { remaining: count };
    if (f.status !== undefined) {
      const status = Number(f.status);
      if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error('status must be 400-599');
      Object.assign(fault, { status });
    }
    if (f.code !== undefined) Object.assign(fault, { code: String(f.code) });
    if (f.delayMs !== undefined) {
      const delayMs = Number(f.delayMs);
      if (!Number.isFinite(delayMs) || delayMs < 0 || delayMs > 60_000) throw new Error('delayMs must be 0-60000');
      Object.assign(fault, { delayMs });
    }
    if (f.drop === true) Object.assign(fault, { drop: true });
    if (f.badSignature === true) Object.assign(fault, { badSignature: true });
    if (fault.status === undefined && fault.delayMs === undefined && fault.drop !== true && fault.badSignature !== true) {
      throw new Error('a fault needs status, delayMs, drop or badSignature');
    }
    this.faults.push(fault);
    return fault;
  }

  /** The fault for this request, if one is armed; consumes one use. */
  take(): Omit<Fault, 'remaining'> | undefined {
    const fault = this.faults[0];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.shift();
    const { remaining: _remaining, ...rest } = fault;
    return rest;
  }

  clear(): void {
    this.faults = [];
  }
}

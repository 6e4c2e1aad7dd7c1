/**
 * Fault modes the control route arms, for the next `count` time-stamp requests (control, health and
 * enrolment requests are never affected):
 *   { "mode": "slow", "delayMs": 1500 }        answer late (the token is made first)
 *   { "mode": "5xx", "status": 503 }           answer an HTTP error without stamping
 *   { "mode": "bad-token-signature" }          stamp, but sign the token with a key the certificate does not hold
 *   { "mode": "wrong-imprint" }                stamp the SM3 of something else than what was asked
 *   { "mode": "down", "durationMs": 2000 }     stop listening (connections refused) for a while
 */
export type FaultMode = 'slow' | '5xx' | 'bad-token-signature' | 'wrong-imprint' | 'down';

export interface Fault {
  readonly mode: FaultMode;
  readonly delayMs?: number;
  readonly status?: number;
  readonly durationMs?: number;
  remaining: number;
}

const MODES: readonly FaultMode[] = ['slow', '5xx', 'bad-token-signature', 'wrong-imprint', 'down'];

function boundedInt(value: unknown, name: string, min: number, max: number, fallback: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer ${min}-${max}`);
  return n;
}

export function parseFault(input: unknown): Fault {
  const f = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (!MODES.includes(f.mode as FaultMode)) throw new Error(`mode must be one of ${MODES.join(', ')}`);
  const mode = f.mode as FaultMode;
  const remaining = boundedInt(f.count, 'count', 1, 100_000, 1);
  switch (mode) {
    case 'slow':
      return { mode, delayMs: boundedInt(f.delayMs, 'delayMs', 1, 120_000, 1000), remaining };
    case '5xx':
      return { mode, status: boundedInt(f.status, 'status', 500, 599, 503), remaining };
    case 'down':
      return { mode, durationMs: boundedInt(f.durationMs, 'durationMs', 1, 600_000, 2000), remaining: 1 };
    default:
      return { mode, remaining };
  }
}

export class FaultQueue {
  private faults: Fault[] = [];

  arm(fault: Fault): void {
    this.faults.push(fault);
  }

  /** The fault for this request, if any; consumes one use. */
  take(): Fault | undefined {
    const fault = this.faults[0];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.shift();
    return fault;
  }

  clear(): void {
    this.faults = [];
  }
}

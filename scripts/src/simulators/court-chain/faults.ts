/**
 * Fault modes the control route arms, for the next `count` service requests (control and health
 * requests are never affected):
 *   { "mode": "slow", "delayMs": 1500 }          answer late (the work is done first)
 *   { "mode": "5xx", "status": 503 }             answer an error without doing the work
 *   { "mode": "reject", "code": "EVIDENCE_REFUSED" } refuse the evidence (422), business-wise
 *   { "mode": "bad-receipt-signature" }          do the work, sign the receipt with a wrong key
 *   { "mode": "down", "durationMs": 2000 }       stop listening (connections refused) for a while
 */
export type FaultMode = 'slow' | '5xx' | 'reject' | 'bad-receipt-signature' | 'down';

export interface Fault {
  readonly mode: FaultMode;
  readonly delayMs?: number;
  readonly status?: number;
  readonly code?: string;
  readonly durationMs?: number;
  remaining: number;
}

const MODES: readonly FaultMode[] = ['slow', '5xx', 'reject', 'bad-receipt-signature', 'down'];

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
    case 'reject':
      return { mode, code: typeof f.code === 'string' ? f.code.slice(0, 64) : 'EVIDENCE_REFUSED', remaining };
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

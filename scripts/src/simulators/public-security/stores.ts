import { sm3Hex } from '@eseal/core';

export interface StoredImprint {
  readonly png: Buffer;
  readonly widthMm: number;
  readonly heightMm: number;
  /** The digest the service states; differs from the bytes' digest only when a test asks for it. */
  readonly statedSm3: string;
}

/** The acknowledgement: `signature` is the simulator's SM2 signature over { ackId, filedAt, filingId, recordSm3 }. */
export interface FilingAck {
  readonly ackId: string;
  readonly filedAt: string;
  readonly recordSm3: string;
  readonly signature: string;
}

export interface StoredFiling {
  readonly canonical: string;
  readonly record: Record<string, unknown>;
  readonly ack: FilingAck;
}

/** Sorted-key JSON, so a repeat is recognised whatever order the client wrote the keys in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export type FilingOutcome =
  { kind: 'created' | 'replayed'; ack: StoredFiling['ack'] } | { kind: 'conflict' | 'duplicate-seal' | 'seal-not-filed' | 'seal-revoked' };

/** Filings in memory, with the rules the real registry applies across filings of one seal. */
export class FilingStore {
  private readonly byId = new Map<string, StoredFiling>();
  private readonly sealState = new Map<string, 'ACTIVE' | 'REVOKED'>();

  /** Decides a filing; `acknowledge` makes the ack of an accepted one (signed, journalled) before it is stored. */
  file(filingId: string, record: Record<string, unknown>, acknowledge: (filingId: string, recordSm3: string) => FilingAck): FilingOutcome {
    const canonical = canonicalJson(record);
    const existing = this.byId.get(filingId);
    if (existing !== undefined) return existing.canonical === canonical ? { kind: 'replayed', ack: existing.ack } : { kind: 'conflict' };
    const sealId = String(record.sealId);
    const state = this.sealState.get(sealId);
    if (record.action === 'MADE' && state !== undefined) return { kind: 'duplicate-seal' };
    if (record.action !== 'MADE' && state === undefined) return { kind: 'seal-not-filed' };
    if (record.action !== 'MADE' && state === 'REVOKED') return { kind: 'seal-revoked' };
    const ack = acknowledge(filingId, sm3Hex(Buffer.from(canonical, 'utf8')));
    this.restore(filingId, record, ack);
    return { kind: 'created', ack };
  }

  /** Takes back a filing accepted before a restart. */
  restore(filingId: string, record: Record<string, unknown>, ack: FilingAck): void {
    this.byId.set(filingId, { canonical: canonicalJson(record), record, ack });
    this.sealState.set(String(record.sealId), record.action === 'REVOKED' ? 'REVOKED' : 'ACTIVE');
  }

  get(filingId: string): StoredFiling | undefined {
    return this.byId.get(filingId);
  }

  list(): Array<{ filingId: string; record: Record<string, unknown>; ack: StoredFiling['ack'] }> {
    return [...this.byId.entries()].map(([filingId, f]) => ({ filingId, record: f.record, ack: f.ack }));
  }

  clear(): void {
    this.byId.clear();
    this.sealState.clear();
  }
}

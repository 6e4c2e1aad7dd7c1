/** GET /api/v1/stats as the dashboard reads it. */
export interface Count {
  key: string;
  count: number;
}

export interface Statistics {
  period: { from: string; to: string };
  signings: { total: number; byUnit: Array<Count & { unitName: string }>; byDistrict: Count[]; byDay: Count[] };
  verifications: { total: number; byResult: Count[]; byDay: Count[] };
  seals: { total: number; byKind: Count[]; byStatus: Count[] };
  filings: { byState: Count[] };
  relay: { byState: Count[]; deadLetters: number };
  auditChain: {
    entries: number;
    lastEntryAt?: string;
    anchoredThrough: number;
    lastAnchor?: { at: string; sink: string; transactionId?: string };
    unanchored: number;
  };
}

import { SealError } from '../../errors';
import type { LedgerSealTimelineEntry, LedgerSealView } from '../../verify/ledger-port';
import type { BundleSealHistory } from './bundle-types';
import type { AttestationChecker } from './check-attestation';
import { checkFabricSealQuery } from './fabric/check-fabric-query';
import type { FabricTrust } from './fabric/org-trust';

export interface AttestedSeal {
  view: LedgerSealView;
  /** Revocation reasons by transaction, for the report. */
  reasons: Map<string, string>;
  anchor: string;
  /** When the newest attestation was signed: the history is known up to then. */
  knownUntil: string;
}

/**
 * A seal's life from attested ledger records. Each attestation is one transaction of the seal and the
 * record it wrote; the newest record's timeline must list exactly the attested transactions (none left
 * out, so a revocation cannot be hidden) and every older record must be a prefix of it.
 */
export function attestedSeal(
  seal: BundleSealHistory,
  check: AttestationChecker,
  field: string,
  ledger: { channel: string; fabric?: FabricTrust },
): AttestedSeal {
  const timelines: Array<{ txId: string; timeline: RawTimelineEntry[] }> = [];
  let anchor = '';
  let knownUntil = '';
  let lastBlock = -1;
  let newestIsCurrent = false;
  let newestPosition: { blockNumber: number; txIndex: number } | undefined;
  for (const [i, attestation] of seal.history.entries()) {
    const outcome = check(attestation, `${field}.history[${i}]`);
    const { statement } = outcome;
    const record = statement.record;
    if (record.docType !== 'seal' || record.sealId !== seal.sealId)
      throw mismatch(`${field}.history[${i}]: the attested record is not seal ${seal.sealId}`);
    if (statement.block.number <= lastBlock) throw mismatch(`${field}.history[${i}]: attestations are not in ledger order`);
    lastBlock = statement.block.number;
    const timeline = readTimeline(record.timeline, `${field}.history[${i}]`);
    if (timeline.at(-1)?.txId !== statement.block.txId)
      throw mismatch(`${field}.history[${i}]: the record was not written by the attested transaction`);
    timelines.push({ txId: statement.block.txId, timeline });
    newestIsCurrent = statement.current;
    newestPosition = outcome.txIndex === undefined ? undefined : { blockNumber: statement.block.number, txIndex: outcome.txIndex };
    anchor = outcome.anchor;
    if (statement.attestedAt > knownUntil) knownUntil = statement.attestedAt;
  }
  if (newestPosition !== undefined) {
    // Fabric: a block says nothing of later transactions; the endorsed query's read version must be the newest one.
    if (seal.current === undefined || ledger.fabric === undefined)
      throw new SealError(
        'BUNDLE_HISTORY_INCOMPLETE',
        `${field}: no endorsed query shows that the newest record of seal ${seal.sealId} is current`,
      );
    const query = checkFabricSealQuery(seal.current, ledger.channel, ledger.fabric, seal.sealId, `${field}.current`);
    newestIsCurrent = query.version.blockNumber === newestPosition.blockNumber && query.version.txIndex === newestPosition.txIndex;
    if (!newestIsCurrent)
      throw new SealError(
        'BUNDLE_HISTORY_INCOMPLETE',
        `${field}: the peers read seal ${seal.sealId} as last written in block ${query.version.blockNumber} (tx ${query.version.txIndex}); the newest attested transaction is in block ${newestPosition.blockNumber} (tx ${newestPosition.txIndex}): a later change is left out`,
      );
    knownUntil = query.at;
  } else if (seal.current !== undefined) {
    throw mismatch(`${field}.current: an endorsed Fabric query in a history that is not from Fabric`);
  }
  if (!newestIsCurrent) {
    throw new SealError(
      'BUNDLE_HISTORY_INCOMPLETE',
      `${field}: the newest attested record of seal ${seal.sealId} was no longer current when attested: a later change is left out`,
    );
  }
  const latest = timelines.at(-1)!.timeline;
  const attested = new Set(timelines.map((t) => t.txId));
  const missing = latest.filter((e) => !attested.has(e.txId));
  if (missing.length > 0 || attested.size !== latest.length) {
    throw new SealError(
      'BUNDLE_HISTORY_INCOMPLETE',
      `${field}: the seal's history lists ${latest.length} transactions, ${attested.size} are attested`,
      { details: { missing: missing.map((e) => e.txId) } },
    );
  }
  for (const { timeline } of timelines) {
    if (JSON.stringify(timeline) !== JSON.stringify(latest.slice(0, timeline.length)))
      throw mismatch(`${field}: an older record disagrees with the newest one`);
  }
  return {
    view: { sealCode: seal.sealId, timeline: latest.map(toViewEntry) },
    reasons: new Map(latest.filter((e) => e.reason !== undefined).map((e) => [e.txId, e.reason!])),
    anchor,
    knownUntil,
  };
}

interface RawTimelineEntry {
  at: string;
  event: string;
  status: 'ACTIVE' | 'REVOKED';
  txId: string;
  validFrom: string;
  validTo: string;
  sesealSm3?: string;
  reason?: string;
  /** A key leak or loss: when the key was reported compromised (the ledger keeps it at or before `at`). */
  compromisedAt?: string;
}

function readTimeline(value: unknown, field: string): RawTimelineEntry[] {
  const bad = () => new SealError('BUNDLE_ATTESTATION_INVALID', `${field}: the attested seal record has no readable timeline`);
  if (!Array.isArray(value) || value.length === 0) throw bad();
  return value.map((e: Record<string, unknown>) => {
    const ok =
      e !== null &&
      typeof e === 'object' &&
      (e.status === 'ACTIVE' || e.status === 'REVOKED') &&
      ['at', 'event', 'txId', 'validFrom', 'validTo'].every((k) => typeof e[k] === 'string') &&
      ['at', 'validFrom', 'validTo'].every((k) => !Number.isNaN(Date.parse(e[k] as string)));
    if (!ok) throw bad();
    const entry: RawTimelineEntry = {
      at: e.at as string,
      event: e.event as string,
      status: e.status as 'ACTIVE' | 'REVOKED',
      txId: e.txId as string,
      validFrom: e.validFrom as string,
      validTo: e.validTo as string,
    };
    if (typeof e.sesealSm3 === 'string') entry.sesealSm3 = e.sesealSm3;
    if (typeof e.reason === 'string') entry.reason = e.reason;
    if (e.compromisedAt !== undefined) {
      if (typeof e.compromisedAt !== 'string' || Number.isNaN(Date.parse(e.compromisedAt))) throw bad();
      entry.compromisedAt = e.compromisedAt;
    }
    return entry;
  });
}

function toViewEntry(e: RawTimelineEntry): LedgerSealTimelineEntry {
  return {
    at: new Date(e.at),
    status: e.status,
    validFrom: new Date(e.validFrom),
    validTo: new Date(e.validTo),
    txId: e.txId,
    ...(e.sesealSm3 ? { sesealSm3: e.sesealSm3 } : {}),
    ...(e.compromisedAt ? { compromisedAt: new Date(e.compromisedAt) } : {}),
  };
}

function mismatch(message: string): SealError {
  return new SealError('BUNDLE_RECORD_MISMATCH', message);
}

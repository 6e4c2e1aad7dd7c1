import type { Connection, Model } from 'mongoose';
import { API_BASE_PATH } from '../app';
import { auditAnchorModel, type AuditAnchorDoc } from '../audit/audit.model';
import { relayModel, type RelayDoc } from '../relay/relay.model';
import { countRelayStates } from '../relay/relay-state';
import type { Store } from '../store';
import type { SigningRecordDoc } from '../store/signing/signing-record.model';

/** Actions the audit trail records for a verification: the account route by operation, the public one by its target. */
export const VERIFICATION_ACTIONS = ['document.verify', `POST ${API_BASE_PATH}/public/documents/verify`] as const;

export interface StatisticsQuery {
  from: Date;
  to: Date;
  unitId?: string;
  /** The 6-digit administrative division code (digits 3–8 of the unit's USCC). */
  district?: string;
}

export interface Count {
  key: string;
  count: number;
}

/** The numbers 考核评估 needs; every list is sorted by key so two reads of the same data compare equal. */
export interface Statistics {
  period: { from: string; to: string };
  filter: { unitId?: string; district?: string };
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

export interface StatisticsSources {
  store: Pick<Store, 'models' | 'audit'>;
  records: Model<SigningRecordDoc>;
  relays: Model<RelayDoc>;
  auditAnchors: Model<AuditAnchorDoc>;
}

export function statisticsSources(
  connection: Connection,
  store: StatisticsSources['store'],
  records: Model<SigningRecordDoc>,
): StatisticsSources {
  return { store, records, relays: relayModel(connection), auditAnchors: auditAnchorModel(connection) };
}

/** The division code of a USCC: its 3rd to 8th characters (GB 32100). */
export const districtOf = (uscc: string): string => uscc.slice(2, 8);

/**
 * Reads the statistics with grouped counts the store computes ($match + $group, which FerretDB v1
 * runs), never loading records; only the per-day series reads one date field of the period's records.
 * Units are few, so the unit → district mapping is done here.
 */
export async function readStatistics(sources: StatisticsSources, query: StatisticsQuery): Promise<Statistics> {
  const units = await sources.store.models.units.find({}, { name: 1, uscc: 1 }).lean();
  const unitInfo = new Map(units.map((u) => [String(u._id), { name: u.name, district: districtOf(u.uscc) }]));
  const unitScope = scopeUnits(unitInfo, query);
  const unitMatch = unitScope === undefined ? {} : { unitId: { $in: unitScope } };
  const signedIn = { signedAt: { $gte: query.from, $lt: query.to }, ...unitMatch };
  const fromIso = query.from.toISOString();
  const toIso = query.to.toISOString();
  const verifiedIn = { action: { $in: [...VERIFICATION_ACTIONS] }, at: { $gte: fromIso, $lt: toIso } };

  const [byUnit, signingDays, verificationResults, verificationDays, byKind, byStatus, filingStates, relayStates, lastEntry, lastAnchor] =
    await Promise.all([
      groupCount(sources.records, signedIn, '$unitId'),
      sources.records.find(signedIn, { signedAt: 1 }).lean(),
      groupCount(sources.store.audit, verifiedIn, '$result'),
      sources.store.audit.find(verifiedIn, { at: 1 }).lean(),
      groupCount(sources.store.models.seals, unitMatch, '$kind'),
      groupCount(sources.store.models.seals, unitMatch, '$status'),
      groupCount(sources.store.models.filings, unitMatch, '$state'),
      countRelayStates(sources.relays).then(sorted),
      sources.store.audit.findOne({}, { seq: 1, at: 1 }).sort({ seq: -1 }).lean(),
      sources.auditAnchors.findOne({}).sort({ toSeq: -1 }).lean(),
    ]);

  const byDistrict = new Map<string, number>();
  for (const { key, count } of byUnit) {
    const district = unitInfo.get(key)?.district ?? 'unknown';
    byDistrict.set(district, (byDistrict.get(district) ?? 0) + count);
  }
  const entries = lastEntry ? lastEntry.seq + 1 : 0;
  const anchoredThrough = lastAnchor ? lastAnchor.toSeq + 1 : 0;
  return {
    period: { from: fromIso, to: toIso },
    filter: { ...(query.unitId ? { unitId: query.unitId } : {}), ...(query.district ? { district: query.district } : {}) },
    signings: {
      total: sum(byUnit),
      byUnit: byUnit.map((c) => ({ ...c, unitName: unitInfo.get(c.key)?.name ?? c.key })),
      byDistrict: sorted([...byDistrict].map(([key, count]) => ({ key, count }))),
      byDay: perDay(signingDays.map((r) => r.signedAt.toISOString())),
    },
    verifications: { total: sum(verificationResults), byResult: verificationResults, byDay: perDay(verificationDays.map((r) => r.at)) },
    seals: { total: sum(byKind), byKind, byStatus },
    filings: { byState: filingStates },
    relay: { byState: relayStates, deadLetters: relayStates.find((c) => c.key === 'DEAD')?.count ?? 0 },
    auditChain: {
      entries,
      ...(lastEntry ? { lastEntryAt: lastEntry.at } : {}),
      anchoredThrough,
      ...(lastAnchor
        ? {
            lastAnchor: {
              at: lastAnchor.at,
              sink: lastAnchor.sink,
              ...(lastAnchor.transactionId ? { transactionId: lastAnchor.transactionId } : {}),
            },
          }
        : {}),
      unanchored: Math.max(0, entries - anchoredThrough),
    },
  };
}

/** The units a filter allows, or undefined for all of them. */
function scopeUnits(units: Map<string, { district: string }>, query: StatisticsQuery): string[] | undefined {
  if (query.unitId === undefined && query.district === undefined) return undefined;
  return [...units]
    .filter(
      ([id, info]) =>
        (query.unitId === undefined || id === query.unitId) && (query.district === undefined || info.district === query.district),
    )
    .map(([id]) => id);
}

async function groupCount<T>(model: Model<T>, match: object, field: string): Promise<Count[]> {
  const rows = await model.aggregate<{ _id: unknown; count: number }>([{ $match: match }, { $group: { _id: field, count: { $sum: 1 } } }]);
  return sorted(rows.map((row) => ({ key: row._id === null || row._id === undefined ? 'none' : String(row._id), count: row.count })));
}

/** Calendar days in UTC+8 (China Standard Time), the day a clerk would name. */
function perDay(isoTimes: string[]): Count[] {
  const days = new Map<string, number>();
  for (const iso of isoTimes) {
    const day = new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return sorted([...days].map(([key, count]) => ({ key, count })));
}

const sum = (counts: Count[]) => counts.reduce((total, c) => total + c.count, 0);
const sorted = (counts: Count[]) => counts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

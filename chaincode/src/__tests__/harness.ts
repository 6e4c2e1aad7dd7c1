import './quiet-fabric-logs';
import { createHash } from 'node:crypto';
import { SealRegistry } from '../contract/seal-registry';
import { DEFAULT_ACCESS_POLICY, type AccessPolicy } from '../contract/access-policy';
import { parseChaincodeError } from '../contract/errors';
import type { CallerIdentity } from '../runtime/client-identity';
import { executeTransaction } from '../runtime/execute-transaction';
import type { ChaincodeEventRecord } from '../runtime/transaction-stub';
import { WorldState, type WriteSetEntry } from '../runtime/world-state';

/** Test-only peer: runs the real contract over the runtime stub, committing successful submits. */

export const MAKER: CallerIdentity = {
  mspId: 'MakerMSP',
  id: 'x509::CN=issuer::CN=maker-ca',
  attributes: { 'eseal.role': 'seal.issuer,evidence.anchor' },
};
export const MAKER_NO_ROLE: CallerIdentity = { mspId: 'MakerMSP', id: 'x509::CN=clerk::CN=maker-ca' };
export const MAKER_ANCHOR_ONLY: CallerIdentity = {
  mspId: 'MakerMSP',
  id: 'x509::CN=anchor::CN=maker-ca',
  attributes: { 'eseal.role': 'evidence.anchor' },
};
export const POLICE: CallerIdentity = {
  mspId: 'PublicSecurityMSP',
  id: 'x509::CN=officer::CN=ps-ca',
  attributes: { 'eseal.role': 'seal.revoker' },
};
export const POLICE_NO_ROLE: CallerIdentity = { mspId: 'PublicSecurityMSP', id: 'x509::CN=viewer::CN=ps-ca' };
export const OUTSIDER: CallerIdentity = {
  mspId: 'CourtMSP',
  id: 'x509::CN=judge::CN=court-ca',
  attributes: { 'eseal.role': 'seal.issuer,seal.revoker,evidence.anchor' },
};

export class CodedFailure extends Error {
  constructor(
    readonly code: string,
    readonly details: Record<string, unknown> | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface Submitted<T> {
  result: T;
  txId: string;
  event: ChaincodeEventRecord | null;
  writeSet: WriteSetEntry[];
}

export class ContractHarness {
  readonly state = new WorldState();
  readonly contract: SealRegistry;
  private txCounter = 0;
  /** Transaction time used when a call does not give one. */
  now = Date.parse('2026-01-10T00:00:00.000Z');

  constructor(policy: AccessPolicy = DEFAULT_ACCESS_POLICY) {
    this.contract = new SealRegistry(policy);
  }

  async submit<T>(fcn: string, args: unknown[], options: { as?: CallerIdentity; at?: string } = {}): Promise<Submitted<T>> {
    const submitted = await this.run<T>(fcn, args, options);
    this.state.apply(submitted.writeSet, submitted.txId, submitted.timestamp);
    return submitted;
  }

  /** Runs without committing, as a Fabric evaluate does; fails the test if the function tried to write. */
  async evaluate<T>(fcn: string, args: unknown[], options: { as?: CallerIdentity; at?: string } = {}): Promise<T> {
    const { result, writeSet, event } = await this.run<T>(fcn, args, options);
    if (writeSet.length > 0 || event !== null) throw new Error(`${fcn} wrote state or emitted an event`);
    return result;
  }

  private async run<T>(fcn: string, args: unknown[], options: { as?: CallerIdentity; at?: string }) {
    const txId = `tx${String(++this.txCounter).padStart(4, '0')}`;
    const ms = options.at === undefined ? this.now : Date.parse(options.at);
    const outcome = await executeTransaction(this.contract, this.state, {
      fcn,
      args: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))),
      caller: options.as ?? MAKER,
      txId,
      timestamp: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 },
      channelId: 'eseal',
      chaincodeName: 'eseal',
    });
    if (!outcome.ok) {
      const parsed = parseChaincodeError(outcome.message);
      throw new CodedFailure(parsed?.code ?? 'UNCODED', parsed?.details, outcome.message);
    }
    const timestamp = { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
    const result = (outcome.payload === '' ? undefined : JSON.parse(outcome.payload)) as T;
    return { result, txId, event: outcome.event, writeSet: outcome.writeSet, timestamp };
  }
}

/** Expects a coded failure and returns it for further checks. */
export async function failure(promise: Promise<unknown>): Promise<CodedFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CodedFailure) return error;
    throw error;
  }
  throw new Error('expected the transaction to fail');
}

export function hex(seed: string): string {
  return createHash('sm3').update(seed).digest('hex');
}

export const UNIT_A = '91120000MA05ABCD1X';
export const UNIT_B = '91120000MA05WXY12K';

export function sealInput(sealId: string, overrides: Record<string, unknown> = {}) {
  return {
    sealId,
    unitId: UNIT_A,
    kind: 'CONTRACT',
    imprintSm3: hex(`imprint-${sealId}`),
    certSerial: '0a1b2c3d',
    certSm3: hex(`cert-${sealId}`),
    sesealSm3: hex(`seseal-${sealId}`),
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2027-01-01T00:00:00.000Z',
    ...overrides,
  };
}

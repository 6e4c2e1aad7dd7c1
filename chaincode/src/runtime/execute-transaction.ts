import type { Context, Contract } from 'fabric-contract-api';
import { StaticClientIdentity, type CallerIdentity } from './client-identity';
import { TransactionStub, type ChaincodeEventRecord } from './transaction-stub';
import type { ReadableWorldState, TxTimestamp, WriteSetEntry } from './world-state';

export interface TransactionRequest {
  /** `Name` for the default contract or `Contract:Name`, as a Fabric client sends it. */
  fcn: string;
  args: string[];
  caller: CallerIdentity;
  txId: string;
  timestamp: TxTimestamp;
  channelId: string;
  chaincodeName: string;
}

export type TransactionOutcome =
  { ok: true; payload: string; writeSet: WriteSetEntry[]; event: ChaincodeEventRecord | null } | { ok: false; message: string };

interface TransactionMetadata {
  name: string;
  parameters?: unknown[];
}

/** Reflect metadata is installed by fabric-contract-api's decorators. */
const reflect = Reflect as unknown as { getMetadata(key: string, target: object): unknown };

/**
 * Runs one transaction function of a real contract instance the way fabric-shim's contract dispatcher does:
 * context with stub and client identity, before/around/after hooks, unknownTransaction for undeclared names,
 * and a failure reported as the error's message (which is all a Fabric client receives). Nothing is committed.
 */
export async function executeTransaction(
  contract: Contract,
  state: ReadableWorldState,
  request: TransactionRequest,
): Promise<TransactionOutcome> {
  const { contractName, fn } = splitFunctionName(request.fcn);
  const stub = new TransactionStub({
    state,
    txId: request.txId,
    timestamp: request.timestamp,
    channelId: request.channelId,
    chaincodeName: request.chaincodeName,
    fcn: request.fcn,
    params: request.args,
    creator: { mspid: request.caller.mspId, idBytes: Buffer.from(request.caller.id, 'utf8') },
  });
  const ctx = contract.createContext() as Context & { setChaincodeStub(s: unknown): void; setClientIdentity(c: unknown): void };
  ctx.setChaincodeStub(stub);
  ctx.setClientIdentity(new StaticClientIdentity(request.caller));
  try {
    if (contractName !== undefined && contractName !== contract.getName()) {
      throw new Error(`Contract name is not known: ${contractName}`);
    }
    const transaction = declaredTransactions(contract).get(fn);
    if (transaction === undefined) {
      await contract.unknownTransaction(ctx);
      return { ok: true, payload: '', writeSet: stub.writeSet(), event: stub.chaincodeEvent() };
    }
    const expected = transaction.parameters?.length ?? 0;
    if (request.args.length !== expected) {
      throw new Error(`Expected ${expected} parameters, but ${request.args.length} have been supplied`);
    }
    await contract.beforeTransaction(ctx);
    // fabric-contract-api types aroundTransaction's function parameter as the bare Function type.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    const result: unknown = await contract.aroundTransaction(ctx, fn as unknown as Function, request.args);
    await contract.afterTransaction(ctx, result);
    const payload = result === undefined || result === null ? '' : typeof result === 'string' ? result : JSON.stringify(result);
    return { ok: true, payload, writeSet: stub.writeSet(), event: stub.chaincodeEvent() };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Decorators install the metadata once, when the class is defined, so it is looked up once per contract. */
const transactionTables = new WeakMap<Contract, Map<string, TransactionMetadata>>();

function declaredTransactions(contract: Contract): Map<string, TransactionMetadata> {
  let table = transactionTables.get(contract);
  if (table === undefined) {
    table = new Map();
    const declared = (reflect.getMetadata('fabric:transactions', contract) as TransactionMetadata[] | undefined) ?? [];
    // The first declaration of a name wins, as with fabric-shim's find().
    for (const t of declared) if (!table.has(t.name)) table.set(t.name, t);
    transactionTables.set(contract, table);
  }
  return table;
}

function splitFunctionName(fcn: string): { contractName?: string; fn: string } {
  const at = fcn.lastIndexOf(':');
  return at < 0 ? { fn: fcn } : { contractName: fcn.slice(0, at), fn: fcn.slice(at + 1) };
}

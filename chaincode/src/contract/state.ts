import type { Context } from 'fabric-contract-api';
import { fromBytes, toBytes, utf8Text } from './canonical-json';
import { ChaincodeError } from './errors';

/** Typed JSON reads and writes over the world state. Reads see the state before this transaction. */
export async function readJson<T>(ctx: Context, key: string): Promise<T | undefined> {
  const bytes = await ctx.stub.getState(key);
  return bytes && bytes.length > 0 ? fromBytes<T>(bytes) : undefined;
}

export async function mustReadJson<T>(ctx: Context, key: string, what: string, id: string): Promise<T> {
  const value = await readJson<T>(ctx, key);
  if (value === undefined) throw notFound(what, id);
  return value;
}

/**
 * A record's stored text, for queries that answer with the record unchanged. writeJson is the only writer
 * of records and stores canonical JSON, which canonicalJson(readJson(...)) would reproduce byte for byte;
 * parsing and re-serialising it was most of the cost of such a query.
 */
export async function mustReadCanonicalJson(ctx: Context, key: string, what: string, id: string): Promise<string> {
  const bytes = await ctx.stub.getState(key);
  if (!bytes || bytes.length === 0) throw notFound(what, id);
  return utf8Text(bytes);
}

/** A key's stored text, undefined when the key is not there. */
export async function readText(ctx: Context, key: string): Promise<string | undefined> {
  const bytes = await ctx.stub.getState(key);
  return bytes && bytes.length > 0 ? utf8Text(bytes) : undefined;
}

function notFound(what: string, id: string): ChaincodeError {
  return new ChaincodeError('NOT_FOUND', `${what} ${id} not found`, { [what]: id });
}

export async function writeJson(ctx: Context, key: string, value: unknown): Promise<void> {
  await ctx.stub.putState(key, toBytes(value));
}

export function emit(ctx: Context, name: string, payload: unknown): void {
  ctx.stub.setEvent(name, toBytes(payload));
}

import type { Context } from 'fabric-contract-api';
import { fromBytes, toBytes } from './canonical-json';
import { ChaincodeError } from './errors';

/** Typed JSON reads and writes over the world state. Reads see the state before this transaction. */
export async function readJson<T>(ctx: Context, key: string): Promise<T | undefined> {
  const bytes = await ctx.stub.getState(key);
  return bytes && bytes.length > 0 ? fromBytes<T>(bytes) : undefined;
}

export async function mustReadJson<T>(ctx: Context, key: string, what: string, id: string): Promise<T> {
  const value = await readJson<T>(ctx, key);
  if (value === undefined) throw new ChaincodeError('NOT_FOUND', `${what} ${id} not found`, { [what]: id });
  return value;
}

export async function writeJson(ctx: Context, key: string, value: unknown): Promise<void> {
  await ctx.stub.putState(key, toBytes(value));
}

export function emit(ctx: Context, name: string, payload: unknown): void {
  ctx.stub.setEvent(name, toBytes(payload));
}

import { SealError } from '@eseal/core';
import type { Model } from 'mongoose';

/**
 * The one list envelope of the API: a page of items and, when more follow, an opaque cursor to pass
 * back as `cursor`. Every list endpoint answers with it.
 */
export interface ListPage<T> {
  items: T[];
  nextCursor?: string;
}

/** What a caller asks of a list: how many at most, and where the previous page ended. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 100;

/**
 * Cursors are opaque to callers: base64url of a small versioned JSON array. Inside, the position the
 * page ended at (for `_id`-ordered lists, the last `_id`).
 */
export function encodeCursor(position: readonly string[]): string {
  return Buffer.from(JSON.stringify(['c1', ...position])).toString('base64url');
}

/** The position a cursor names, with exactly `size` parts; a cursor that is not ours is INVALID_CURSOR. */
export function decodeCursor(cursor: string | undefined, size: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]{1,512}$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== 'c1' ||
    parsed.length !== size + 1 ||
    !parsed.slice(1).every((p) => typeof p === 'string' && p.length > 0 && p.length <= 128)
  ) {
    throw new SealError('INVALID_CURSOR', 'cursor is not one this service gave out; start again without it', {
      details: { field: 'cursor' },
    });
  }
  return parsed.slice(1) as string[];
}

/**
 * One page of `model` matching `filter`, in `_id` order, starting after the cursor's `_id`: a range on
 * the primary key, so a page costs the same at any depth (no skip), and documents inserted meanwhile
 * never shift or repeat the ones a reader has seen.
 */
export async function pageById<T extends { _id: string }>(
  model: Model<T>,
  filter: Record<string, unknown>,
  request: PageRequest,
  projection?: Record<string, 0 | 1>,
): Promise<ListPage<T>> {
  const after = decodeCursor(request.cursor, 1)?.[0];
  const query = after === undefined ? filter : { $and: [filter, { _id: { $gt: after } }] };
  const rows = await model
    .find(query, projection)
    .sort({ _id: 1 })
    .limit(request.limit + 1)
    .lean<T[]>();
  return pageOf(rows, request.limit, (last) => [last._id]);
}

/** The first `limit` rows, and a cursor at the last of them when a further row was read. */
export function pageOf<T>(rows: readonly T[], limit: number, positionOf: (last: T) => string[]): ListPage<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return rows.length > limit && last !== undefined ? { items, nextCursor: encodeCursor(positionOf(last)) } : { items };
}

/** A page's items turned into views, the cursor kept. */
export async function mapPage<T, V>(page: ListPage<T>, view: (items: T[]) => V[] | Promise<V[]>): Promise<ListPage<V>> {
  const items = await view(page.items);
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor };
}

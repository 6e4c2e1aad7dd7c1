import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../store/list-page';
import { z } from './zod';

/**
 * The query every list takes beside its filters: `limit` items at most, from where `cursor` (the
 * previous page's `nextCursor`) says. Routes extend it with their filters.
 */
export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  cursor: z.string().max(512).optional().openapi({ description: "The previous page's nextCursor; opaque" }),
});

/** The one list envelope: `{ items, nextCursor? }`; no nextCursor on the last page. */
export function listPageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().optional().openapi({ description: 'Pass back as cursor for the next page; absent on the last page' }),
  });
}

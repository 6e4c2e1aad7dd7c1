import { SealError } from '@eseal/core';
import type { ApiModule } from '../../app';
import { z } from '../../openapi/zod';
import { readStatistics, type StatisticsSources } from '../../stats/statistics';

const DAY_MS = 86_400_000;
/** A longer period would make the per-day series read too many records in one call. */
const MAX_PERIOD_DAYS = 366;
const DEFAULT_PERIOD_DAYS = 30;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z)?$/;

const CountSchema = z.object({ key: z.string(), count: z.number().int() });

const StatisticsSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    filter: z.object({ unitId: z.string().optional(), district: z.string().optional() }),
    signings: z.object({
      total: z.number().int(),
      byUnit: z.array(CountSchema.extend({ unitName: z.string() })),
      byDistrict: z.array(CountSchema),
      byDay: z.array(CountSchema).openapi({ description: 'Calendar days in China Standard Time (UTC+8)' }),
    }),
    verifications: z.object({ total: z.number().int(), byResult: z.array(CountSchema), byDay: z.array(CountSchema) }),
    seals: z.object({ total: z.number().int(), byKind: z.array(CountSchema), byStatus: z.array(CountSchema) }),
    filings: z.object({ byState: z.array(CountSchema) }),
    relay: z.object({ byState: z.array(CountSchema), deadLetters: z.number().int() }),
    auditChain: z.object({
      entries: z.number().int(),
      lastEntryAt: z.string().optional(),
      anchoredThrough: z.number().int(),
      lastAnchor: z.object({ at: z.string(), sink: z.string(), transactionId: z.string().optional() }).optional(),
      unanchored: z.number().int(),
    }),
  })
  .openapi('Statistics');

/** Statistics for supervision and assessment (考核评估): public security and auditors. */
export const statsRoutes =
  (sources: StatisticsSources, clock: () => Date = () => new Date()): ApiModule =>
  (api) => {
    api.route({
      operation: 'stats.read',
      method: 'get',
      path: '/stats',
      summary: 'Signings, verifications, seals, filings, relays and the audit chain, by unit, district and day',
      tags: ['statistics'],
      description: `Signings and verifications count in [from, to) (default: the last ${DEFAULT_PERIOD_DAYS} days, at most ${MAX_PERIOD_DAYS}); seals, filings and relays are counted as they stand now. unitId or district (6-digit division code of the unit's USCC) narrow signings, seals and filings.`,
      query: z.object({
        from: z.string().regex(ISO_TIME).optional(),
        to: z.string().regex(ISO_TIME).optional(),
        unitId: z.string().min(1).max(64).optional(),
        district: z
          .string()
          .regex(/^\d{6}$/)
          .optional(),
      }),
      response: { description: 'The statistics', schema: StatisticsSchema },
      errors: ['UNAUTHENTICATED', 'FORBIDDEN', 'VALIDATION_FAILED'],
      handler: async ({ query }) => {
        const to = query.to ? new Date(query.to) : clock();
        const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
        if (
          Number.isNaN(from.getTime()) ||
          Number.isNaN(to.getTime()) ||
          from >= to ||
          to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS
        ) {
          throw new SealError('VALIDATION_FAILED', `from must be before to, at most ${MAX_PERIOD_DAYS} days apart`, {
            details: { field: 'from' },
          });
        }
        return readStatistics(sources, {
          from,
          to,
          ...(query.unitId ? { unitId: query.unitId } : {}),
          ...(query.district ? { district: query.district } : {}),
        });
      },
    });
  };

import { z } from '../../openapi/zod';

export const DependencyHealthSchema = z.object({
  name: z.string(),
  status: z.enum(['up', 'down']),
  latencyMs: z.number().openapi({ description: 'Time the check took, in milliseconds' }),
  error: z.string().optional().openapi({ description: 'Why the check failed, when it did' }),
});

export const HealthReportSchema = z
  .object({
    status: z.enum(['up', 'down']).openapi({ description: '"up" only when every dependency is up' }),
    dependencies: z.array(DependencyHealthSchema),
  })
  .openapi('HealthReport');

export type DependencyHealth = z.infer<typeof DependencyHealthSchema>;
export type HealthReport = z.infer<typeof HealthReportSchema>;

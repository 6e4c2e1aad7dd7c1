import type { Job } from 'bullmq';
import type { JobProcessor, ProcessorFactory } from '../job-processor';
import { deliverWebhook, type WebhookOutcome, type WebhookRunDeps } from './webhook-handler';
import { parseWebhookJob, WEBHOOK_QUEUE, type WebhookJobV1 } from './webhook-job';

/** The webhook queue's consumer: a few deliveries at once per process, each retried by BullMQ with backoff. */
export function webhookProcessor(deps: WebhookRunDeps, options: { concurrency?: number } = {}): ProcessorFactory {
  return (): JobProcessor<WebhookJobV1, WebhookOutcome> => ({
    queue: WEBHOOK_QUEUE,
    concurrency: options.concurrency ?? 8,
    parse: parseWebhookJob,
    process: (data: WebhookJobV1, job: Job) => deliverWebhook(deps, data.deliveryId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
  });
}

/** What the webhook features need of the webhook queue; the BullMQ producer is in composition/webhook-queue.ts. */
export interface WebhookQueuePort {
  enqueue(deliveryIds: readonly string[]): Promise<void>;
  /** Sends a delivery again, whatever became of its job. */
  redeliver(deliveryId: string): Promise<void>;
}

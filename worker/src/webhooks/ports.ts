/** What a delivery needs from the server's store (server/src/webhooks/webhook-store.ts restates it). */
export interface WebhookDeliveryTarget {
  deliveryId: string;
  subscriptionId: string;
  event: string;
  url: string;
  /** The subscription's signing secret, decrypted for this attempt only. */
  secret: string;
  /** The exact JSON body; every attempt sends the same bytes. */
  body: string;
  state: 'PENDING' | 'DELIVERED' | 'FAILED';
  /** The subscription was deleted: nothing is sent any more. */
  active: boolean;
}

export interface WebhookAttempt {
  at: Date;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  error?: string;
  durationMs: number;
}

export interface WebhookDeliveryStorePort {
  load(deliveryId: string): Promise<WebhookDeliveryTarget | undefined>;
  /** Appends the attempt to the delivery log; `outcome` moves the delivery to DELIVERED or (after the last attempt) FAILED. */
  recordAttempt(deliveryId: string, attempt: WebhookAttempt, outcome?: 'DELIVERED' | 'FAILED'): Promise<void>;
}

/** Sends one signed POST; resolves with the receiver's status, rejects when no answer came. */
export interface WebhookSender {
  send(url: string, headers: Record<string, string>, body: string): Promise<number>;
}

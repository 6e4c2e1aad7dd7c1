import { deliveryIdOf, WEBHOOK_JOB_NAME as SERVER_JOB, WEBHOOK_QUEUE as SERVER_QUEUE } from '../../server/src/webhooks';
import { DELIVERY_ID, parseWebhookJob, WEBHOOK_JOB_NAME as WORKER_JOB, WEBHOOK_QUEUE as WORKER_QUEUE } from '../../worker/src/webhooks';

describe('the webhook queue contract, written on both sides because the server cannot import the worker', () => {
  it('names the same queue and job, and the worker accepts the ids the server makes', () => {
    expect([SERVER_QUEUE, SERVER_JOB]).toEqual([WORKER_QUEUE, WORKER_JOB]);
    const id = deliveryIdOf('signature.anchored:sig_1', 'hook_abc');
    expect(id).toMatch(DELIVERY_ID);
    expect(deliveryIdOf('signature.anchored:sig_1', 'hook_abc')).toBe(id);
    expect(deliveryIdOf('signature.anchored:sig_1', 'hook_abd')).not.toBe(id);
    expect(parseWebhookJob({ v: 1, deliveryId: id })).toEqual({ v: 1, deliveryId: id });
    expect(() => parseWebhookJob({ v: 1, deliveryId: 'whd_../../x' })).toThrow();
  });
});

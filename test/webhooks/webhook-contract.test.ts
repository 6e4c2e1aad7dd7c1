import { deliveryIdOf } from '../../server/src/webhooks';
import { DELIVERY_ID, parseWebhookJob } from '../../worker/src/webhooks';

describe('the webhook queue contract (the producer in server/src/composition imports it from the worker)', () => {
  it('the worker accepts the delivery ids the server makes', () => {
    const id = deliveryIdOf('signature.anchored:sig_1', 'hook_abc');
    expect(id).toMatch(DELIVERY_ID);
    expect(deliveryIdOf('signature.anchored:sig_1', 'hook_abc')).toBe(id);
    expect(deliveryIdOf('signature.anchored:sig_1', 'hook_abd')).not.toBe(id);
    expect(parseWebhookJob({ v: 1, deliveryId: id })).toEqual({ v: 1, deliveryId: id });
    expect(() => parseWebhookJob({ v: 1, deliveryId: 'whd_../../x' })).toThrow();
  });
});

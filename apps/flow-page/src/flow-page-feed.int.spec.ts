import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlowPageHarness, startFlowPageHarness } from './testing/flow-page-harness';

describe('the flow page server on a real Kafka', () => {
  let page: FlowPageHarness;

  beforeAll(async () => {
    page = await startFlowPageHarness();
  });

  afterAll(async () => {
    await page?.stop();
  });

  it('streams an event published after it became ready, with its contract headers and its producer', async () => {
    const events = await page.openEvents();
    try {
      const orderId = randomUUID();
      const messageId = await page.publishOrderEvent('OrderCreated', { orderId });
      const event = await events.next((candidate) => candidate.messageId === messageId);
      expect(event).toMatchObject({ eventType: 'OrderCreated', orderId, correlationId: `corr-${orderId}`, producer: 'order-service' });
      expect(event.malformed).toBeUndefined();
    } finally {
      events.close();
    }
  });

  it("stops while a browser's event stream is open, and ends that stream", async () => {
    const events = await page.openEvents();
    await page.stop();
    await events.ended;
  });
});

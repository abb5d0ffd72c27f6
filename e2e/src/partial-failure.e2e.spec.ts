import { pollUntil } from '@ftgo/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConsumer, orderRequest } from './support/fixtures';
import { request } from '@ftgo/tools';
import { System } from './support/system';

// The study note's partial failure: a dependency goes down, callers fail fast or degrade,
// nothing is lost, and the flow resumes when it is back.
const BREAKERS = {
  KITCHEN_GRPC_TIMEOUT_MS: '2000',
  KITCHEN_GRPC_VOLUME_THRESHOLD: '2',
  KITCHEN_GRPC_RESET_TIMEOUT_MS: '1500',
  ACCOUNTING_GRPC_VOLUME_THRESHOLD: '2',
  ACCOUNTING_GRPC_RESET_TIMEOUT_MS: '1500',
};

describe('partial failure between the services', () => {
  let system: System;
  const order = (path = '') => `${system.url('order-service')}/orders${path}`;
  const breakerStates = async () => {
    const health = await request('GET', `${system.url('order-service')}/health/ready`);
    return health.body.info?.['circuit-breakers']?.breakers ?? health.body.details?.['circuit-breakers']?.breakers;
  };

  beforeAll(async () => {
    system = await System.start(BREAKERS);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('kitchen down: POST /orders answers 503 with Retry-After, fast once the breaker is open; back up: orders flow again', async () => {
    await system.stopOne('kitchen-service');
    const consumerId = newConsumer();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const refused = await request('POST', order(), orderRequest(consumerId));
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body.message).toMatch(/kitchen/i);
    }
    const states = await breakerStates();
    expect(JSON.stringify(states)).toMatch(/"state":"open"/);

    const started = performance.now();
    const whileOpen = await request('POST', order(), orderRequest(consumerId));
    expect(whileOpen.status).toBe(503);
    // Generous bound: far below the 2 s deadline, because an open breaker never calls kitchen.
    expect(performance.now() - started).toBeLessThan(500);
    expect((await request('GET', order(`?consumerId=${consumerId}`))).body.orders).toEqual([]);

    await system.restartOne('kitchen-service');
    const created = await pollUntil('an order to be accepted again', () => request('POST', order(), orderRequest(consumerId)), { until: (r) => r.status === 201 });
    await pollUntil('the order to be APPROVED', () => request('GET', order(`/${created.body.id}`)), { until: (r) => r.body.state === 'APPROVED' });
  });

  it('accounting down: reads degrade instead of failing, and payment events are handled when it returns', async () => {
    await system.stopOne('accounting-service');
    const created = await request('POST', order(), orderRequest(newConsumer()));
    expect(created.status).toBe(201);

    const composed = await pollUntil('the ticket to be available in the composed order', () => request('GET', order(`/${created.body.id}?include=ticket,payment`)), { until: (r) => r.body.ticket?.status === 'available' });
    expect(composed.status).toBe(200);
    expect(composed.body.payment.status).toBe('unavailable');
    expect(composed.body.state).toBe('APPROVAL_PENDING');

    await system.restartOne('accounting-service');
    await pollUntil('the order to be APPROVED', () => request('GET', order(`/${created.body.id}`)), { until: (r) => r.body.state === 'APPROVED' });
    const after = await pollUntil('the payment to be available in the composed order', () => request('GET', order(`/${created.body.id}?include=payment`)), { until: (r) => r.body.payment?.status === 'available' });
    expect(after.body.payment.state).toBe('AUTHORIZED');
  });
});

import { randomUUID } from 'node:crypto';
import { OrderEventType } from '@ftgo/contracts';
import { pollUntil } from '@ftgo/platform';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandInData } from './testing/grpc-stand-ins';
import { type OrderHarness, startOrderHarness } from './testing/order-harness';

let service: OrderHarness;
const http = () => request(service.app.getHttpServer());

const newOrder = (overrides: Record<string, unknown> = {}) => ({
  consumerId: randomUUID(),
  restaurantId: StandInData.openRestaurantId,
  lineItems: [
    { menuItemId: 'pad-thai', quantity: 2 },
    { menuItemId: 'spring-rolls', quantity: 1 },
  ],
  ...overrides,
});

async function counts(): Promise<{ orders: number; outbox: number; keys: number }> {
  const [row] = await service.dataSource.query(
    `SELECT (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM outbox_message)::int AS outbox,
            (SELECT count(*) FROM idempotency_key)::int AS keys`,
  );
  return row;
}

beforeAll(async () => {
  service = await startOrderHarness('order-http');
});

afterAll(async () => {
  await service?.stop();
});

describe('POST /orders', () => {
  it('answers 201 + Location and stores the order priced by the kitchen with OrderCreated (and the correlation id) in the outbox', async () => {
    const body = newOrder();
    const correlationId = `it-${randomUUID()}`;
    const response = await http().post('/orders').set('x-correlation-id', correlationId).send(body).expect(201);
    expect(response.headers.location).toBe(`/orders/${response.body.id}`);
    expect(response.body).toMatchObject({ state: 'APPROVAL_PENDING', total: { amountMinor: 3000, currency: 'USD' } });

    const [row] = await service.dataSource.query('SELECT state, total_minor FROM orders WHERE id = $1', [response.body.id]);
    expect(row).toEqual({ state: 'APPROVAL_PENDING', total_minor: '3000' });
    const outbox = await service.dataSource.query(
      `SELECT topic, event_type, aggregate_id, payload, headers->>'correlation-id' AS correlation_id FROM outbox_message WHERE aggregate_id = $1`,
      [response.body.id],
    );
    expect(outbox).toEqual([
      {
        topic: 'order.events',
        event_type: OrderEventType.OrderCreated,
        aggregate_id: response.body.id,
        payload: expect.objectContaining({ consumerId: body.consumerId, total: { amountMinor: 3000, currency: 'USD' } }),
        correlation_id: correlationId,
      },
    ]);
    expect(outbox[0].payload.lineItems[0]).toEqual({ menuItemId: 'pad-thai', name: 'Pad Thai', quantity: 2, unitPrice: { amountMinor: 1250, currency: 'USD' } });
  });

  it.each([
    ['an unknown field', newOrder({ discount: 50 }), 400, /Unrecognized key: "discount"/],
    ['a negative quantity', newOrder({ lineItems: [{ menuItemId: 'pad-thai', quantity: -1 }] }), 400, /quantity: must be at least 1/],
    ['no items', newOrder({ lineItems: [] }), 400, /lineItems: must list at least one item/],
    ['an unknown restaurant', newOrder({ restaurantId: randomUUID() }), 404, /no restaurant/],
    ['a closed restaurant', newOrder({ restaurantId: StandInData.closedRestaurantId }), 422, /is closed/],
    ['an unknown menu item', newOrder({ lineItems: [{ menuItemId: 'durian', quantity: 1 }] }), 422, /unknown menu item durian/],
  ])('refuses %s with a clear message and stores nothing', async (_case, body, status, message) => {
    const before = await counts();
    const response = await http().post('/orders').send(body).expect(status);
    expect([response.body.message].flat().join('; ')).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses a body over the size limit with 413', async () => {
    const huge = newOrder({ note: 'x'.repeat(150 * 1024) });
    await http().post('/orders').send(huge).expect(413);
  });
});

describe('Idempotency-Key', () => {
  it('returns the first order for a retry with the same key and body, and stores one order', async () => {
    const key = randomUUID();
    const body = newOrder();
    const first = await http().post('/orders').set('Idempotency-Key', key).send(body).expect(201);
    const before = await counts();
    const retry = await http().post('/orders').set('Idempotency-Key', key).send(body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await counts()).toEqual(before);
  });

  it('answers 422 for the same key with another body, storing nothing', async () => {
    const key = randomUUID();
    await http().post('/orders').set('Idempotency-Key', key).send(newOrder()).expect(201);
    const before = await counts();
    const response = await http().post('/orders').set('Idempotency-Key', key).send(newOrder()).expect(422);
    expect(response.body.message).toMatch(/already used with a different request body/);
    expect(await counts()).toEqual(before);
  });

  it('creates exactly one order when two requests with the same key race', async () => {
    const key = randomUUID();
    const body = newOrder();
    const before = await counts();
    const [a, b] = await Promise.all([0, 1].map(() => http().post('/orders').set('Idempotency-Key', key).send(body)));
    expect([a!.status, b!.status]).toEqual([201, 201]);
    expect(a!.body.id).toBe(b!.body.id);
    expect(await counts()).toEqual({ orders: before.orders + 1, outbox: before.outbox + 1, keys: before.keys + 1 });
  });
});

describe('GET /orders', () => {
  it('lists a consumer\'s orders and refuses a query without a valid consumerId', async () => {
    const body = newOrder();
    const created = await http().post('/orders').send(body).expect(201);
    const list = await http().get('/orders').query({ consumerId: body.consumerId }).expect(200);
    expect(list.body.orders.map((order: { id: string }) => order.id)).toEqual([created.body.id]);
    await http().get('/orders').query({ consumerId: 'nope' }).expect(400);
    await http().get(`/orders/${randomUUID()}`).expect(404);
  });

  it('composes the ticket and the payment over gRPC, and marks a part unavailable when its provider is down', async () => {
    const { body: order } = await http().post('/orders').send(newOrder()).expect(201);
    const composed = await http().get(`/orders/${order.id}`).query({ include: 'ticket,payment' }).expect(200);
    expect(composed.body).toMatchObject({
      id: order.id,
      ticket: { status: 'available', state: 'ACCEPTED', readyBy: '2026-01-01T12:30:00Z' },
      payment: { status: 'available', state: 'AUTHORIZED', amount: { amountMinor: 2500, currency: 'USD' } },
    });

    service.accounting.stop();
    try {
      const degraded = await http().get(`/orders/${order.id}`).query({ include: 'ticket,payment' }).expect(200);
      expect(degraded.body).toMatchObject({ id: order.id, state: 'APPROVAL_PENDING', ticket: { status: 'available' } });
      expect(degraded.body.payment).toEqual({ status: 'unavailable', reason: expect.stringMatching(/^accounting is unavailable/) });
    } finally {
      await service.accounting.start();
    }
  });
});

describe('when the kitchen is unavailable', () => {
  it('answers 503 + Retry-After and stores nothing, opens the breaker (health degraded), and takes orders again once it is back', async () => {
    const before = await counts();
    service.kitchen.stop();
    try {
      // Failures until they outweigh the earlier tests' successes in the breaker's window.
      let response = await http().post('/orders').send(newOrder());
      for (let attempt = 0; attempt < 60 && response.body.reason !== 'circuit-open'; attempt++) {
        expect(response.status).toBe(503);
        response = await http().post('/orders').send(newOrder());
      }
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ dependency: 'kitchen', reason: 'circuit-open' });
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await counts()).toEqual(before);

      const health = await http().get('/health/ready').expect(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.details['circuit-breakers'].breakers.kitchen.state).toBe('open');
    } finally {
      await service.kitchen.start();
    }
    // After the reset timeout the breaker lets a trial call through; it succeeds and closes again.
    const created = await pollUntil('the kitchen to take orders again', () => http().post('/orders').send(newOrder()), {
      until: (response) => response.status === 201,
      timeoutMs: 15_000,
      intervalMs: 250,
    });
    expect(created.body.state).toBe('APPROVAL_PENDING');
  });
});

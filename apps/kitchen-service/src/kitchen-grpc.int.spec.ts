import { pollUntil } from '@ftgo/platform';
import { type KitchenServiceClient, loadKitchenProto } from '@ftgo/contracts';
import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { request } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestaurantSnapshot } from './domain/restaurant';
import type { TicketSnapshot } from './domain/ticket';
import { AJANTA, CLOSED_SUSHI, type KitchenHarness, LUIGI, orderCreated, startKitchenHarness } from './testing/kitchen-harness';

let kitchen: KitchenHarness;
let client: KitchenServiceClient;

beforeAll(async () => {
  kitchen = await startKitchenHarness('kitchen-grpc');
  client = new (loadKitchenProto().kitchen.v1.KitchenService)(kitchen.grpcAddress, credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  await kitchen?.stop();
});

/** Calls one unary method and resolves with its answer or its ServiceError. */
function call<Res>(method: (request: object, done: (error: ServiceError | null, response?: Res) => void) => unknown, request: object) {
  return new Promise<{ error?: ServiceError; response?: Res }>((resolve) =>
    method.call(client, request, (error, response) => resolve(error ? { error } : { response })),
  );
}

const validateOrder = (restaurantId: string, lineItems: { menuItemId: string; quantity: number }[]) =>
  call(client.validateOrder, { restaurantId, lineItems });

describe('kitchen-service gRPC: ValidateOrder', () => {
  it('returns the restaurant, priced line items and the total in minor units', async () => {
    const { response } = await validateOrder(AJANTA.id, [
      { menuItemId: 'chicken-vindaloo', quantity: 2 },
      { menuItemId: 'garlic-naan', quantity: 1 },
    ]);
    expect(response).toEqual({
      restaurantId: AJANTA.id,
      restaurantName: 'Ajanta',
      lineItems: [
        { menuItemId: 'chicken-vindaloo', name: 'Chicken Vindaloo', quantity: 2, unitPrice: { amountMinor: 1295, currency: 'USD' } },
        { menuItemId: 'garlic-naan', name: 'Garlic Naan', quantity: 1, unitPrice: { amountMinor: 350, currency: 'USD' } },
      ],
      total: { amountMinor: 2940, currency: 'USD' },
    });
  });

  it.each([
    ['a closed restaurant', CLOSED_SUSHI.id, 'salmon-nigiri', status.FAILED_PRECONDITION, 'restaurant Sushi Corner is not accepting orders'],
    ['an unknown restaurant', randomUUID(), 'margherita', status.NOT_FOUND, 'no restaurant'],
    ['a malformed restaurant id', 'luigi', 'margherita', status.INVALID_ARGUMENT, 'restaurantId: must be a UUID, got "luigi"'],
    ['an item not on the menu', LUIGI.id, 'ramen', status.INVALID_ARGUMENT, "not on the menu of Luigi's Pizzeria: ramen"],
  ])('answers %s with its precise status and message', async (_case, restaurantId, menuItemId, code, message) => {
    const { error } = await validateOrder(restaurantId, [{ menuItemId, quantity: 1 }]);
    expect(error?.code).toBe(code);
    expect(error?.details).toContain(message);
  });

  it('answers a quantity below 1 with INVALID_ARGUMENT', async () => {
    const { error } = await validateOrder(LUIGI.id, [{ menuItemId: 'margherita', quantity: 0 }]);
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('from 1 to 100') });
  });
});

describe('kitchen-service gRPC: tickets', () => {
  it('refuses every verb while the order is not approved (FAILED_PRECONDITION, CREATE_PENDING), then drives the confirmed ticket', async () => {
    const order = orderCreated();
    await kitchen.publishOrderEvent('OrderCreated', order);
    const pending = await pollUntil('the ticket of the order over gRPC', async () => (await call<{ ticketId: string; state: string }>(client.getTicketByOrder, { orderId: order.orderId })).response);
    expect(pending).toMatchObject({ orderId: order.orderId, state: 'CREATE_PENDING', readyBy: '', version: 1 });
    const readyBy = new Date(Date.now() + 3_600_000).toISOString();
    const { ticketId } = pending;
    for (const [method, request] of [
      [client.acceptTicket, { ticketId, readyBy }],
      [client.startPreparing, { ticketId }],
      [client.markReadyForPickup, { ticketId }],
      [client.markPickedUp, { ticketId }],
    ] as const) {
      const { error } = await call(method, request);
      expect(error).toMatchObject({ code: status.FAILED_PRECONDITION, details: expect.stringMatching(/a ticket that is CREATE_PENDING \(its order is not approved yet\)$/) });
    }

    await kitchen.publishOrderEvent('OrderApproved', { orderId: order.orderId });
    const confirmed = await pollUntil('the ticket to be confirmed', async () => (await call<{ state: string }>(client.getTicket, { ticketId })).response, { until: (t) => t?.state === 'AWAITING_ACCEPTANCE' });
    expect(confirmed).toMatchObject({ state: 'AWAITING_ACCEPTANCE', version: 2 });
    const illegal = await call(client.markPickedUp, { ticketId });
    expect(illegal.error).toMatchObject({ code: status.FAILED_PRECONDITION, details: 'cannot mark picked up a ticket that is AWAITING_ACCEPTANCE' });
    const accepted = await call(client.acceptTicket, { ticketId, readyBy, expectedVersion: 2 });
    expect(accepted.response).toMatchObject({ state: 'ACCEPTED', readyBy, version: 3 });
    const stale = await call(client.startPreparing, { ticketId, expectedVersion: 2 });
    expect(stale.error?.code).toBe(status.FAILED_PRECONDITION);
    expect((await call(client.getTicket, { ticketId })).response).toMatchObject({ state: 'ACCEPTED', version: 3 });
  });

  it('carries the caller\'s correlation id from gRPC metadata into the outbox event', async () => {
    const { id: ticketId } = await kitchen.confirmedTicketFor();
    const ticket = { ticketId };
    const metadata = new Metadata();
    metadata.set('x-correlation-id', 'order-story-42');
    const readyBy = new Date(Date.now() + 3_600_000).toISOString();
    await new Promise((resolve, reject) =>
      client.acceptTicket({ ticketId: ticket.ticketId, readyBy }, metadata, (error, answer) => (error ? reject(error) : resolve(answer))),
    );
    const accepted = (await kitchen.outbox(ticket.ticketId)).find((row) => row.event_type === 'TicketAccepted');
    expect(accepted?.headers['correlation-id']).toBe('order-story-42');
  });

  it('answers an unknown ticket with NOT_FOUND and a bad ready_by with INVALID_ARGUMENT', async () => {
    expect((await call(client.getTicket, { ticketId: randomUUID() })).error?.code).toBe(status.NOT_FOUND);
    expect((await call(client.getTicketByOrder, { orderId: randomUUID() })).error?.code).toBe(status.NOT_FOUND);
    expect((await call(client.acceptTicket, { ticketId: randomUUID(), readyBy: 'soon' })).error?.code).toBe(status.INVALID_ARGUMENT);
  });
});

describe('kitchen-service gRPC: deadlines', () => {
  /** Backends of the service waiting for a row lock on an UPDATE of a ticket. */
  const updatesWaitingForALock = async () => {
    const [{ waiting }] = await kitchen.dataSource.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE ticket%'`,
    );
    return waiting as number;
  };

  it('rolls back a verb whose caller gave up while it waited, instead of committing what the caller was told failed', async () => {
    const { id: ticketId } = await kitchen.confirmedTicketFor();
    const ticket = { ticketId };
    const readyBy = new Date(Date.now() + 3_600_000).toISOString();
    // A concurrent writer holds the ticket's row: the verb waits for it inside its transaction.
    const writer = kitchen.dataSource.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      await writer.query('SELECT 1 FROM ticket WHERE id = $1 FOR UPDATE', [ticket.ticketId]);
      const late = await new Promise<ServiceError | null>((resolve) =>
        client.acceptTicket({ ticketId: ticket.ticketId, readyBy }, new Metadata(), { deadline: Date.now() + 500 }, (error) => resolve(error)),
      );
      expect(late?.code).toBe(status.DEADLINE_EXCEEDED);
      await pollUntil('the late verb to wait for the row', async () => (await updatesWaitingForALock()) === 1);
      // A second accept queues behind it: it can only succeed if the late one does not commit.
      const second = call(client.acceptTicket, { ticketId: ticket.ticketId, readyBy });
      await pollUntil('the second verb to wait behind it', async () => (await updatesWaitingForALock()) === 2);
      await writer.rollbackTransaction();
      expect((await second).response).toMatchObject({ state: 'ACCEPTED', version: 3 });
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    const accepted = (await kitchen.outbox(ticket.ticketId)).filter((row) => row.event_type === 'TicketAccepted');
    expect(accepted).toHaveLength(1);
  });
});

describe('kitchen-service HTTP: restaurants, health, metrics', () => {
  it('lists the seeded restaurants with menus, one of them not accepting orders', async () => {
    const { status: code, body } = await request<RestaurantSnapshot[]>('GET', `${kitchen.url}/restaurants`);
    expect(code).toBe(200);
    expect(body.map((r) => [r.name, r.acceptingOrders])).toEqual([
      ['Ajanta', true],
      ["Luigi's Pizzeria", true],
      ['Sushi Corner', false],
    ]);
    expect((await request<RestaurantSnapshot>('GET', `${kitchen.url}/restaurants/${LUIGI.id}`)).body.menu).toContainEqual({ id: 'tiramisu', name: 'Tiramisu', priceMinor: 650 });
    expect((await request('GET', `${kitchen.url}/restaurants/${randomUUID()}`)).status).toBe(404);
    expect((await request('GET', `${kitchen.url}/restaurants/luigi`)).status).toBe(400);
  });

  it('is ready with its database and Kafka, and exposes Prometheus metrics including the consumer', async () => {
    expect(await request('GET', `${kitchen.url}/health/ready`)).toMatchObject({ status: 200, body: { status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up', brokers: 1 } } } });
    const metrics = await fetch(`${kitchen.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('group="kitchen-service"');
  });

  it('serves the OpenAPI document of the REST API at /docs-json', async () => {
    const { status: code, body } = await request<{ paths: Record<string, unknown> }>('GET', `${kitchen.url}/docs-json`);
    expect(code).toBe(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/restaurants', '/tickets/{id}/accept', '/tickets/{id}/picked-up']));
  });

  it('refuses a body over the limit with 413 before any work', async () => {
    const answer = await request('POST', `${kitchen.url}/tickets/${randomUUID()}/accept`, { readyBy: 'x'.repeat(20_000) });
    expect(answer.status).toBe(413);
  });

  it('returns an empty list for an order that has no ticket yet', async () => {
    expect(await request<TicketSnapshot[]>('GET', `${kitchen.url}/tickets?orderId=${randomUUID()}`)).toMatchObject({ status: 200, body: [] });
  });
});

describe('kitchen-service gRPC: WatchTicket (server streaming)', () => {
  /** Opens the stream and records what arrives; `next(state)` waits until that state came. */
  function watch(ticketId: string, deadline = Date.now() + 30_000) {
    const stream = client.watchTicket({ ticketId }, { deadline });
    const seen: Array<{ state: string; version: number }> = [];
    const ended = new Promise<ServiceError | undefined>((resolve) => {
      stream.on('error', (error: ServiceError) => resolve(error));
      stream.on('end', () => resolve(undefined));
    });
    stream.on('data', ({ state, version }) => seen.push({ state, version }));
    const next = (state: string) => pollUntil(`the stream to deliver ${state}`, async () => seen.some((ticket) => ticket.state === state));
    return { stream, seen, ended, next };
  }

  it('sends the ticket now, then each change, and ends after the final state', async () => {
    const order = orderCreated();
    await kitchen.publishOrderEvent('OrderCreated', order);
    const { ticketId } = await pollUntil('the ticket of the order', async () => (await call<{ ticketId: string }>(client.getTicketByOrder, { orderId: order.orderId })).response);
    const watcher = watch(ticketId);
    await watcher.next('CREATE_PENDING');
    await kitchen.publishOrderEvent('OrderApproved', { orderId: order.orderId });
    await watcher.next('AWAITING_ACCEPTANCE');

    const readyBy = new Date(Date.now() + 3_600_000).toISOString();
    expect((await call(client.acceptTicket, { ticketId, readyBy })).error).toBeUndefined();
    await watcher.next('ACCEPTED');
    for (const [verb, state] of [[client.startPreparing, 'PREPARING'], [client.markReadyForPickup, 'READY_FOR_PICKUP'], [client.markPickedUp, 'PICKED_UP']] as const) {
      expect((await call(verb, { ticketId })).error).toBeUndefined();
      await watcher.next(state);
    }

    expect(await watcher.ended, 'the stream ends with OK after PICKED_UP').toBeUndefined();
    expect(watcher.seen).toEqual([
      { state: 'CREATE_PENDING', version: 1 },
      { state: 'AWAITING_ACCEPTANCE', version: 2 },
      { state: 'ACCEPTED', version: 3 },
      { state: 'PREPARING', version: 4 },
      { state: 'READY_FOR_PICKUP', version: 5 },
      { state: 'PICKED_UP', version: 6 },
    ]);
  });

  it('answers an unknown ticket with NOT_FOUND, and ends a quiet stream at the caller\'s deadline', async () => {
    expect((await watch(randomUUID()).ended)?.code).toBe(status.NOT_FOUND);

    const order = orderCreated();
    await kitchen.publishOrderEvent('OrderCreated', order);
    const { ticketId } = await pollUntil('the ticket of the order', async () => (await call<{ ticketId: string }>(client.getTicketByOrder, { orderId: order.orderId })).response);
    const quiet = watch(ticketId, Date.now() + 1_500);
    expect((await quiet.ended)?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(quiet.seen).toEqual([{ state: 'CREATE_PENDING', version: 1 }]);
  });
});

describe('kitchen-service shutdown', () => {
  it('stops serving gRPC with the app: a call after stop is UNAVAILABLE', async () => {
    await kitchen.stop();
    const { error } = await call(client.getTicket, { ticketId: randomUUID() });
    expect(error?.code).toBe(status.UNAVAILABLE);
  });
});

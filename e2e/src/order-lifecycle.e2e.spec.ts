import { randomUUID } from 'node:crypto';
import { pollUntil } from '@ftgo/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Consumers, newConsumer, orderRequest } from './support/fixtures';
import { request } from '@ftgo/tools';
import { openEventStream } from './support/event-stream';
import { System } from './support/system';

// The business flows of docs/flows.md, through HTTP only, against the real services, relays,
// PostgreSQL and Kafka.
describe('order lifecycle across order, kitchen and accounting', () => {
  let system: System;
  const order = (path = '') => `${system.url('order-service')}/orders${path}`;
  const kitchen = (path: string) => `${system.url('kitchen-service')}${path}`;
  const accounting = (path: string) => `${system.url('accounting-service')}${path}`;

  const createOrder = async (body: unknown, headers: Record<string, string> = {}) => {
    const created = await request('POST', order(), body, headers);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const orderIn = (id: string, states: string[]) =>
    pollUntil(`order ${id} to be ${states.join(' or ')}`, () => request('GET', order(`/${id}`)).then((r) => r.body), { until: (o) => states.includes(o.state) });
  const ticketOf = async (orderId: string, states?: string[]) =>
    (
      await pollUntil(`the ticket of order ${orderId}${states ? ` to be ${states.join(' or ')}` : ''}`, () => request('GET', kitchen(`/tickets?orderId=${orderId}`)), {
        until: (r) => r.body.length === 1 && (!states || states.includes(r.body[0].state)),
      })
    ).body[0];
  const paymentOf = async (orderId: string) =>
    (await pollUntil(`the payment of order ${orderId}`, () => request('GET', accounting(`/payments?orderId=${orderId}`)), { until: (r) => r.body.length === 1 })).body[0];
  const approvedOrder = async (consumerId = newConsumer(), quantity = 2) => {
    const created = await createOrder(orderRequest(consumerId, quantity));
    return orderIn(created.id, ['APPROVED']);
  };

  beforeAll(async () => {
    system = await System.start();
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('happy path: the ticket waits until the order is approved, then goes accepted → preparing → ready → picked up', async () => {
    const created = await request('POST', order(), orderRequest(newConsumer()));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/orders/${created.body.id}`);
    expect(created.body).toMatchObject({ state: 'APPROVAL_PENDING', total: { amountMinor: 2590 } });

    const approved = await orderIn(created.body.id, ['APPROVED']);
    const ticket = await ticketOf(approved.id, ['AWAITING_ACCEPTANCE']);
    expect((await paymentOf(approved.id)).state).toBe('AUTHORIZED');

    const readyBy = new Date(Date.now() + 30 * 60_000).toISOString();
    expect((await request('POST', kitchen(`/tickets/${ticket.id}/accept`), { readyBy })).status).toBe(200);
    for (const verb of ['preparing', 'ready-for-pickup', 'picked-up']) {
      expect((await request('POST', kitchen(`/tickets/${ticket.id}/${verb}`), {})).status, verb).toBe(200);
    }
    expect((await request('GET', kitchen(`/tickets/${ticket.id}`))).body.state).toBe('PICKED_UP');
  });

  it("ticket progress: the order streams its ticket's changes from the kitchen's WatchTicket to the client as server-sent events", async () => {
    const approved = await approvedOrder();
    const ticket = await ticketOf(approved.id, ['AWAITING_ACCEPTANCE']);
    const progress = await openEventStream(order(`/${approved.id}/ticket-progress`));
    expect(progress.status).toBe(200);
    const seen = (state: string) =>
      pollUntil(`the progress stream to show ${state}`, async () => progress.events.some((event) => (event.data as { state: string }).state === state));
    try {
      await seen('AWAITING_ACCEPTANCE');
      const readyBy = new Date(Date.now() + 30 * 60_000).toISOString();
      expect((await request('POST', kitchen(`/tickets/${ticket.id}/accept`), { readyBy })).status).toBe(200);
      await seen('ACCEPTED');
      for (const [verb, state] of [['preparing', 'PREPARING'], ['ready-for-pickup', 'READY_FOR_PICKUP'], ['picked-up', 'PICKED_UP']]) {
        expect((await request('POST', kitchen(`/tickets/${ticket.id}/${verb}`), {})).status, verb).toBe(200);
        await seen(state);
      }
      await progress.ended;
    } finally {
      progress.close();
    }
    expect(progress.events.map((event) => [event.type, (event.data as { state: string; version: number }).state])).toEqual([
      ['ticket', 'AWAITING_ACCEPTANCE'],
      ['ticket', 'ACCEPTED'],
      ['ticket', 'PREPARING'],
      ['ticket', 'READY_FOR_PICKUP'],
      ['ticket', 'PICKED_UP'],
    ]);
    expect((await request('GET', order(`/${randomUUID()}/ticket-progress`))).status, 'an unknown order is a plain 404').toBe(404);
  });

  it('payment declined: the order is rejected with the reason and its pending ticket is cancelled, never accepted', async () => {
    const created = await createOrder(orderRequest(Consumers.alwaysDeclined));
    const pending = await ticketOf(created.id);
    const readyBy = new Date(Date.now() + 30 * 60_000).toISOString();
    if (pending.state === 'CREATE_PENDING') {
      // The rejection may overtake this request: then the ticket is already cancelled, refused all the same.
      const refused = await request('POST', kitchen(`/tickets/${pending.id}/accept`), { readyBy });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/not approved yet|a ticket that is (CANCELLED|REJECTED)/);
    }
    const rejected = await orderIn(created.id, ['REJECTED']);
    expect(rejected.reason).toMatch(/payment declined/);
    const cancelled = await ticketOf(created.id, ['CANCELLED']);
    expect((await request('POST', kitchen(`/tickets/${cancelled.id}/accept`), { readyBy })).status).toBe(409);
  });

  it('cancel before preparing: the order is cancelled and the payment reversed', async () => {
    const approved = await approvedOrder();
    const accepted = await request('POST', order(`/${approved.id}/cancel`), {});
    expect(accepted.status).toBe(202);
    expect(accepted.body.state).toBe('CANCEL_PENDING');
    await orderIn(approved.id, ['CANCELLED']);
    await ticketOf(approved.id, ['CANCELLED']);
    await pollUntil('the payment to be REVERSED', () => paymentOf(approved.id), { until: (payment) => payment.state === 'REVERSED' });
  });

  it('cancel after preparing: the order goes back to approved with the kitchen\'s refusal reason', async () => {
    const approved = await approvedOrder();
    const ticket = await ticketOf(approved.id, ['AWAITING_ACCEPTANCE']);
    const readyBy = new Date(Date.now() + 30 * 60_000).toISOString();
    await request('POST', kitchen(`/tickets/${ticket.id}/accept`), { readyBy });
    await request('POST', kitchen(`/tickets/${ticket.id}/preparing`), {});

    expect((await request('POST', order(`/${approved.id}/cancel`), {})).status).toBe(202);
    const back = await pollUntil('the order to be APPROVED again, with the reason', () => request('GET', order(`/${approved.id}`)).then((r) => r.body), { until: (o) => o.state === 'APPROVED' && Boolean(o.reason) });
    expect(back.reason).toMatch(/prepar/i);
    expect((await paymentOf(approved.id)).state).toBe('AUTHORIZED');
  });

  it('revise accepted: the order is approved with the new total, re-authorized', async () => {
    const approved = await approvedOrder();
    const revise = await request('POST', order(`/${approved.id}/revise`), {
      lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 3 }],
    });
    expect(revise.status).toBe(202);
    expect(revise.body.state).toBe('REVISION_PENDING');
    const revised = await pollUntil('the order to be APPROVED with the new total', () => request('GET', order(`/${approved.id}`)).then((r) => r.body), { until: (o) => o.state === 'APPROVED' && o.total.amountMinor === 3 * 1295 });
    expect(revised.lineItems[0].quantity).toBe(3);
    await pollUntil('the payment to have the new amount', () => paymentOf(approved.id), { until: (payment) => payment.amount.amountMinor === 3 * 1295 });
  });

  it('revise declined: the order stays unchanged, with the reason', async () => {
    const approved = await approvedOrder(Consumers.lowLimit, 2);
    expect((await request('POST', order(`/${approved.id}/revise`), {
      lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 5 }],
    })).status).toBe(202);
    const unchanged = await pollUntil('the order to be APPROVED, unchanged, with the reason', () => request('GET', order(`/${approved.id}`)).then((r) => r.body), { until: (o) => o.state === 'APPROVED' && Boolean(o.reason) });
    expect(unchanged.total.amountMinor).toBe(2 * 1295);
    expect(unchanged.reason).toMatch(/limit/i);
  });

  it('an Idempotency-Key retry returns the same order; the same key with another body is 422', async () => {
    const consumerId = newConsumer();
    const headers = { 'Idempotency-Key': `retry-${consumerId}` };
    const first = await createOrder(orderRequest(consumerId), headers);
    const retry = await request('POST', order(), orderRequest(consumerId), headers);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.id);
    const other = await request('POST', order(), orderRequest(consumerId, 3), headers);
    expect(other.status).toBe(422);
    expect((await request('GET', order(`?consumerId=${consumerId}`))).body.orders).toHaveLength(1);
  });

  it('concurrent revise and cancel: exactly one is accepted, the other is refused with 409', async () => {
    const approved = await approvedOrder();
    const answers = await Promise.all([
      request('POST', order(`/${approved.id}/revise`), { lineItems: [{ menuItemId: 'chicken-vindaloo', quantity: 1 }] }),
      request('POST', order(`/${approved.id}/cancel`), {}),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
  });

  it('bad requests get 400/404/422 with a message, and nothing is stored', async () => {
    const consumerId = newConsumer();
    const unknownField = await request('POST', order(), { ...orderRequest(consumerId), coupon: 'FREE' });
    expect(unknownField.status).toBe(400);
    const negative = await request('POST', order(), orderRequest(consumerId, -1));
    expect(negative.status).toBe(400);
    const unknownRestaurant = await request('POST', order(), orderRequest(consumerId, 1, newConsumer()));
    expect(unknownRestaurant.status).toBe(404);
    const closed = await request('POST', order(), orderRequest(consumerId, 1, '33333333-3333-4333-8333-333333333333'));
    expect(closed.status).toBe(422);
    const malformed = await request('POST', order(), '{"consumerId": ');
    expect(malformed.status).toBe(400);
    for (const answer of [unknownField, negative, unknownRestaurant, closed, malformed]) {
      expect(JSON.stringify(answer.body)).toMatch(/message/);
    }
    expect((await request('GET', order(`?consumerId=${consumerId}`))).body.orders).toEqual([]);
  });
});

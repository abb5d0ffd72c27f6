import { randomUUID } from 'node:crypto';
import { AggregateChanges } from '@ftgo/application';
import { OrderEventType, Topics } from '@ftgo/contracts';
import { Outbox } from '@ftgo/outbox';
import { pollUntil } from '@ftgo/platform';
import { scrapeMetric } from '@ftgo/tools';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from './domain/order';
import type { OrderEvent } from './domain/order-events';
import { OrderRepository } from './persistence/order.repository';
import { type OrderHarness, startOrderHarness } from './testing/order-harness';

// Optimistic locking forced, not hoped for: two writers read the same version of an order, and
// the second to save finds it changed (ConcurrentOrderChangeError) — a command answers 409, a
// reaction is retried and decides again on the new version. The state machine's own 409 (a
// command in the wrong state) is not what these tests can produce: both writers decided on a
// state that allowed their change.

let service: OrderHarness;
const http = () => request(service.app.getHttpServer());

beforeAll(async () => {
  service = await startOrderHarness('order-concurrency');
});

afterAll(async () => {
  await service?.stop();
});

/** Backends of the service waiting for a row lock in the order's version-checked UPDATE. */
const updatesWaitingForALock = async (): Promise<number> => {
  const [{ waiting }] = await service.dataSource.query(
    `SELECT count(*)::int AS waiting FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE orders SET state%'`,
  );
  return waiting;
};

const retries = (topic: string) => scrapeMetric(service.url, 'messaging_retries_total', { topic });

describe('two writers on the same order version', () => {
  it('a revise and a cancel that both read the APPROVED order: one is accepted, the other gets 409 "changed concurrently", not a state refusal', async () => {
    const order = await service.approvedOrder();
    // Hold the row so that both commands read version N, decide, and queue their UPDATEs behind us.
    const holder = service.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let answers: request.Response[];
    try {
      await holder.query('SELECT 1 FROM orders WHERE id = $1 FOR UPDATE', [order.id]);
      const both = Promise.all([
        http().post(`/orders/${order.id}/revise`).send({ lineItems: [{ menuItemId: 'pad-thai', quantity: 1 }] }),
        http().post(`/orders/${order.id}/cancel`),
      ]);
      await pollUntil('both commands to wait at their UPDATE', async () => (await updatesWaitingForALock()) === 2);
      await holder.rollbackTransaction();
      answers = await both;
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(refused.body.message).toMatch(new RegExp(`^order ${order.id} was changed concurrently \\(expected version 3\\); read it again and retry$`));
    expect(refused.body).not.toHaveProperty('currentState');
    const requested = (await service.outbox(order.id)).filter((row) => row.event_type.endsWith('Requested'));
    expect(requested).toHaveLength(1);
    expect((await http().get(`/orders/${order.id}`)).body.version).toBe(4);
  });

  it('a reaction that lost the race is retried, reloads the newer version and decides again: approved once', async () => {
    const order = await service.placeOrder();
    const orders = service.app.get(OrderRepository);
    const changes = new AggregateChanges<Order, OrderEvent>(Topics.order, orders, service.app.get(Outbox));
    const retriesBefore = await retries(Topics.ticket);
    // The other writer: accounting's answer applied through the same repository, not committed yet.
    const writer = service.dataSource.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      await changes.change(writer.manager, (m) => orders.get(m, order.id), (o) => o.confirmPayment(randomUUID()));
      const ticketMessage = await service.ticketCreated(order.id);
      // The consumer read version 1 too (ours is not committed), decided, and waits behind our row lock.
      await pollUntil('the reaction to wait at its UPDATE', async () => (await updatesWaitingForALock()) === 1);
      await writer.commitTransaction();
      await service.handled(ticketMessage);
      const approved = (await service.outbox(order.id)).filter((row) => row.event_type === OrderEventType.OrderApproved);
      expect(approved).toEqual([expect.objectContaining({ headers: expect.objectContaining({ 'causation-id': ticketMessage }) })]);
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    expect((await http().get(`/orders/${order.id}`)).body).toMatchObject({ state: 'APPROVED', version: 3 });
    expect(await retries(Topics.ticket)).toBe(retriesBefore + 1);
  });
});

import { randomUUID } from 'node:crypto';
import { OrderEventType, PaymentEventType, TicketEventType, Topics } from '@ftgo/contracts';
import { deadLetterTopicOf } from '@ftgo/messaging';
import { pollUntil } from '@ftgo/platform';
import { scrapeMetric } from '@ftgo/tools';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OrderHarness, type OrderSnapshot, startOrderHarness } from './testing/order-harness';

// The saga deadlines of the order service on real PostgreSQL and Kafka. The deadlines are the
// defaults (minutes); a test makes one pass by moving it into the past in the database, which
// is all the scheduler looks at — no test waits for minutes or sleeps.

let service: OrderHarness;
const http = () => request(service.app.getHttpServer());
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const APPROVAL_DEADLINE_MS = 120_000;

beforeAll(async () => {
  service = await startOrderHarness('order-deadlines', { APPROVAL_DEADLINE_MS: String(APPROVAL_DEADLINE_MS), DEADLINE_POLL_INTERVAL_MS: '100' });
});

afterAll(async () => {
  await service?.stop();
});

/** The clock moved past the order's deadline, as far as the database (and so the scheduler) is concerned. */
const passDeadline = (orderId: string) => service.dataSource.query(`UPDATE orders SET deadline_at = now() - interval '1 second' WHERE id = $1`, [orderId]);

const eventTypes = async (orderId: string) => (await service.outbox(orderId)).map((row) => row.event_type);

describe('the approval deadline', () => {
  it('is set from APPROVAL_DEADLINE_MS when the order is placed, and cleared when it is decided', async () => {
    const before = Date.now();
    const order = await service.placeOrder();
    const deadline = Date.parse(order.deadline ?? '');
    expect(deadline).toBeGreaterThanOrEqual(before + APPROVAL_DEADLINE_MS);
    expect(deadline).toBeLessThanOrEqual(Date.now() + APPROVAL_DEADLINE_MS);
    await Promise.all([service.ticketCreated(order.id), service.paymentAuthorized(order)]);
    expect((await service.orderUntil(order.id, (o) => o.state === 'APPROVED')).deadline).toBeNull();
  });

  it('rejects an order accounting never answered, naming it: OrderRejected for the others to compensate, counted; its late answer changes nothing', async () => {
    const order = await service.placeOrder();
    await service.handled(await service.ticketCreated(order.id));
    const expiredBefore = await scrapeMetric(service.url, 'saga_deadline_expirations_total', { state: 'APPROVAL_PENDING', outcome: 'REJECTED' });
    await passDeadline(order.id);
    const rejected = await service.orderUntil(order.id, (o) => o.state === 'REJECTED');
    expect(rejected).toMatchObject({ reason: 'the approval deadline passed with no answer from accounting', deadline: null });
    expect(await eventTypes(order.id)).toEqual([OrderEventType.OrderCreated, OrderEventType.OrderRejected]);
    expect(await scrapeMetric(service.url, 'saga_deadline_expirations_total', { state: 'APPROVAL_PENDING', outcome: 'REJECTED' })).toBe(expiredBefore + 1);

    const dlt = deadLetterTopicOf(Topics.payment, service.groupId);
    const deadBefore = await service.messageCount(dlt);
    await service.handled(await service.paymentAuthorized(order));
    expect((await http().get(`/orders/${order.id}`)).body.state).toBe('REJECTED');
    expect(await eventTypes(order.id)).toEqual([OrderEventType.OrderCreated, OrderEventType.OrderRejected]);
    expect(await service.messageCount(dlt)).toBe(deadBefore);
  });

  it('reports orders pending past their deadline until they are decided', async () => {
    const order = await service.placeOrder();
    // A share lock on the row's key lets the deadline move but keeps the scheduler's FOR UPDATE
    // SKIP LOCKED from claiming it: the order stays overdue, and the gauge shows it.
    const blocker = service.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query('SELECT 1 FROM orders WHERE id = $1 FOR KEY SHARE', [order.id]);
      await passDeadline(order.id);
      await pollUntil('the overdue order in the gauge', async () => (await scrapeMetric(service.url, 'saga_pending_overdue', { state: 'APPROVAL_PENDING' })) >= 1);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    await service.orderUntil(order.id, (o) => o.state === 'REJECTED');
    await pollUntil('the gauge to clear', async () => (await scrapeMetric(service.url, 'saga_pending_overdue', { state: 'APPROVAL_PENDING' })) === 0);
  });
});

describe('the cancel deadline', () => {
  it('takes a cancel the kitchen never answered back to APPROVED with OrderCancelRefused (the kitchen releases what it may hold); its late TicketCancelAccepted changes nothing', async () => {
    const order = await service.approvedOrder();
    const pending: OrderSnapshot = (await http().post(`/orders/${order.id}/cancel`).expect(202)).body;
    const cancellationId = pending.pendingChange?.cancellationId;
    expect(Date.parse(pending.deadline ?? '')).toBeGreaterThan(Date.now());
    await passDeadline(order.id);
    const back = await service.orderUntil(order.id, (o) => o.state === 'APPROVED');
    expect(back).toMatchObject({ reason: 'the cancel deadline passed with no answer from the kitchen', pendingChange: null, deadline: null });
    expect((await service.outbox(order.id)).at(-1)).toMatchObject({ event_type: OrderEventType.OrderCancelRefused, payload: { cancellationId } });

    await service.handled(await service.publish(Topics.ticket, TicketEventType.TicketCancelAccepted, { ticketId: randomUUID(), orderId: order.id, cancellationId }));
    expect((await http().get(`/orders/${order.id}`)).body.state).toBe('APPROVED');
    expect(await eventTypes(order.id)).not.toContain(OrderEventType.OrderCancelled);
  });

  it('completes a cancel the kitchen agreed to when accounting stays silent: CANCELLED with the reason; the late PaymentReversed changes nothing', async () => {
    const order = await service.approvedOrder();
    const { cancellationId } = (await http().post(`/orders/${order.id}/cancel`).expect(202)).body.pendingChange;
    await service.handled(await service.publish(Topics.ticket, TicketEventType.TicketCancelAccepted, { ticketId: randomUUID(), orderId: order.id, cancellationId }));
    await passDeadline(order.id);
    const cancelled = await service.orderUntil(order.id, (o) => o.state === 'CANCELLED');
    expect(cancelled).toMatchObject({ reason: expect.stringContaining('before accounting confirmed the reversal'), deadline: null });
    await service.handled(await service.publish(Topics.payment, PaymentEventType.PaymentReversed, { paymentId: randomUUID(), orderId: order.id, amount: usd(2500) }));
    expect((await http().get(`/orders/${order.id}`)).body.state).toBe('CANCELLED');
    expect((await eventTypes(order.id)).filter((type) => type === OrderEventType.OrderCancelled)).toHaveLength(1);
  });
});

describe('the revision deadline', () => {
  it('drops a revision accounting never answered: APPROVED unchanged with the reason, OrderRevisionRefused so both sides drop it', async () => {
    const order = await service.approvedOrder();
    const pending: OrderSnapshot = (await http().post(`/orders/${order.id}/revise`).send({ lineItems: [{ menuItemId: 'pad-thai', quantity: 3 }] }).expect(202)).body;
    const revisionId = pending.pendingChange?.revisionId;
    await service.handled(await service.publish(Topics.ticket, TicketEventType.TicketRevisionAccepted, { ticketId: randomUUID(), orderId: order.id, revisionId }));
    await passDeadline(order.id);
    const unchanged = await service.orderUntil(order.id, (o) => o.state === 'APPROVED');
    expect(unchanged).toMatchObject({ total: usd(2500), reason: 'the revision deadline passed with no answer from accounting', deadline: null });
    expect((await service.outbox(order.id)).at(-1)).toMatchObject({ event_type: OrderEventType.OrderRevisionRefused, payload: { revisionId } });
  });
});

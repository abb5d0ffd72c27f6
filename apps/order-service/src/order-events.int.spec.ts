import { randomUUID } from 'node:crypto';
import { pollUntil } from '@ftgo/platform';
import { OrderEventType, PaymentEventType, TicketEventType, Topics } from '@ftgo/contracts';
import { deadLetterTopicOf } from '@ftgo/messaging';
import { scrapeMetric } from '@ftgo/tools';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandInData } from './testing/grpc-stand-ins';
import { type OrderHarness, type OrderSnapshot, startOrderHarness } from './testing/order-harness';

let service: OrderHarness;
const http = () => request(service.app.getHttpServer());
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

beforeAll(async () => {
  service = await startOrderHarness('order-events');
});

afterAll(async () => {
  await service?.stop();
});

const outboxEvents = (orderId: string) => service.outbox(orderId);

describe('approval', () => {
  it('approves only when both the ticket and the payment are confirmed, and emits OrderApproved caused by the last answer', async () => {
    const order = await service.placeOrder();
    await service.ticketCreated(order.id);
    const halfway = await service.orderUntil(order.id, (o) => o.ticketId !== null);
    expect(halfway.state).toBe('APPROVAL_PENDING');

    const paymentMessageId = await service.paymentAuthorized(order);
    await service.orderUntil(order.id, (o) => o.state === 'APPROVED');
    const approved = (await outboxEvents(order.id)).find((event) => event.event_type === OrderEventType.OrderApproved);
    expect(approved?.payload).toEqual({ orderId: order.id });
    expect(approved?.headers).toMatchObject({ 'causation-id': paymentMessageId, 'correlation-id': `corr-${order.id}` });
  });

  it('rejects with the reason when the payment is declined, emits OrderRejected, and ignores the late ticket confirmation', async () => {
    const order = await service.placeOrder();
    await service.publish(Topics.payment, PaymentEventType.PaymentDeclined, { paymentId: randomUUID(), orderId: order.id, consumerId: order.consumerId, reason: 'over the credit limit' });
    const rejected = await service.orderUntil(order.id, (o) => o.state === 'REJECTED');
    expect(rejected.reason).toBe('payment declined: over the credit limit');
    await service.ticketCreated(order.id);
    // The later event on the same partition proves the ticket confirmation was handled first.
    const marker = await service.publish(Topics.ticket, TicketEventType.TicketConfirmed, { ticketId: randomUUID(), orderId: order.id });
    await service.handled(marker);
    const events = (await outboxEvents(order.id)).map((event) => event.event_type);
    expect(events).toEqual([OrderEventType.OrderCreated, OrderEventType.OrderRejected]);
    expect((await http().get(`/orders/${order.id}`)).body.state).toBe('REJECTED');
  });
});

describe('events order does not expect', () => {
  it('dead-letters an event about an unknown order, acknowledges the ticket progress it does not react to, and goes on', async () => {
    const paymentDlt = deadLetterTopicOf(Topics.payment, service.groupId);
    const ticketDlt = deadLetterTopicOf(Topics.ticket, service.groupId);
    const [paymentDltBefore, ticketDltBefore] = await Promise.all([service.messageCount(paymentDlt), service.messageCount(ticketDlt)]);
    const stranger = { id: randomUUID(), consumerId: randomUUID() } as OrderSnapshot;
    await service.paymentAuthorized(stranger);
    await pollUntil('the unknown order to be dead-lettered', async () => ((await service.messageCount(paymentDlt)) > paymentDltBefore ? true : undefined));

    const order = await service.approvedOrder();
    const accepted = await service.publish(Topics.ticket, TicketEventType.TicketAccepted, { ticketId: randomUUID(), orderId: order.id, readyBy: '2026-01-01T12:30:00Z' });
    await service.handled(accepted);
    expect(await service.messageCount(ticketDlt)).toBe(ticketDltBefore);
    expect((await http().get(`/orders/${order.id}`)).body.state).toBe('APPROVED');
  });
});

describe('cancel', () => {
  it('answers 202 with CANCEL_PENDING, 409 with the current state for a second cancel, and rolls back to APPROVED with the refusal reason', async () => {
    const order = await service.approvedOrder();
    const pending = await http().post(`/orders/${order.id}/cancel`).expect(202);
    expect(pending.headers.location).toBe(`/orders/${order.id}`);
    expect(pending.body).toMatchObject({ state: 'CANCEL_PENDING', pendingChange: { kind: 'cancel', cancellationId: expect.any(String) } });
    const again = await http().post(`/orders/${order.id}/cancel`).expect(409);
    expect(again.body).toMatchObject({ currentState: 'CANCEL_PENDING', message: 'cannot cancel an order in state CANCEL_PENDING' });

    const { cancellationId } = pending.body.pendingChange;
    await service.publish(Topics.ticket, TicketEventType.TicketCancelRefused, { ticketId: randomUUID(), orderId: order.id, cancellationId, reason: 'the ticket is already PREPARING' });
    const refused = await service.orderUntil(order.id, (o) => o.state === 'APPROVED');
    expect(refused.reason).toBe('the ticket is already PREPARING');
    expect((await outboxEvents(order.id)).at(-1)).toMatchObject({ event_type: OrderEventType.OrderCancelRefused, payload: { cancellationId } });
  });

  it('becomes CANCELLED once the kitchen holds the cancel and accounting reversed, emitting OrderCancelled once even for a redelivered answer', async () => {
    const order = await service.approvedOrder();
    const { cancellationId } = (await http().post(`/orders/${order.id}/cancel`).expect(202)).body.pendingChange;
    const messageId = randomUUID();
    const held = { ticketId: randomUUID(), orderId: order.id, cancellationId };
    await service.publish(Topics.ticket, TicketEventType.TicketCancelAccepted, held, { messageId });
    await service.publish(Topics.ticket, TicketEventType.TicketCancelAccepted, held, { messageId });
    await service.publish(Topics.ticket, TicketEventType.TicketCancelAccepted, held);
    await service.publish(Topics.payment, PaymentEventType.PaymentReversed, { paymentId: randomUUID(), orderId: order.id, amount: usd(2500) });
    await service.orderUntil(order.id, (o) => o.state === 'CANCELLED');
    const cancelled = (await outboxEvents(order.id)).filter((event) => event.event_type === OrderEventType.OrderCancelled);
    expect(cancelled).toEqual([expect.objectContaining({ payload: { orderId: order.id, cancellationId } })]);
  });
});

describe('duplicates and late answers', () => {
  const unchangedReactions = () => scrapeMetric(service.url, 'aggregate_reactions_unchanged_total');

  it('acknowledges answers delivered again under a new message id, or after the order decided: counted, never dead-lettered', async () => {
    const order = await service.placeOrder();
    const dlts = [deadLetterTopicOf(Topics.ticket, service.groupId), deadLetterTopicOf(Topics.payment, service.groupId)];
    const deadBefore = await Promise.all(dlts.map((topic) => service.messageCount(topic)));
    const before = await unchangedReactions();
    const ticket = { ticketId: randomUUID(), orderId: order.id, restaurantId: StandInData.openRestaurantId, lineItems: [{ menuItemId: 'pad-thai', quantity: 2 }] };
    await service.handled(await service.publish(Topics.ticket, TicketEventType.TicketCreated, ticket));
    await service.handled(await service.publish(Topics.ticket, TicketEventType.TicketCreated, ticket));
    await service.publish(Topics.payment, PaymentEventType.PaymentDeclined, { paymentId: randomUUID(), orderId: order.id, consumerId: order.consumerId, reason: 'over the limit' });
    await service.orderUntil(order.id, (o) => o.state === 'REJECTED');
    await service.handled(await service.paymentAuthorized(order)); // contradicts the decline, arrives after the decision
    await service.handled(await service.publish(Topics.ticket, TicketEventType.TicketCancelAccepted, { ticketId: ticket.ticketId, orderId: order.id, cancellationId: randomUUID() }));
    expect(await unchangedReactions()).toBe(before + 3);
    expect((await outboxEvents(order.id)).map((event) => event.event_type)).toEqual([OrderEventType.OrderCreated, OrderEventType.OrderRejected]);
    expect(await Promise.all(dlts.map((topic) => service.messageCount(topic)))).toEqual(deadBefore);
  });
});

describe('revise', () => {
  it('answers 202 with REVISION_PENDING, then APPROVED with the new total when kitchen and accounting both accept', async () => {
    const order = await service.approvedOrder();
    const pending = await http().post(`/orders/${order.id}/revise`).send({ lineItems: [{ menuItemId: 'pad-thai', quantity: 3 }] }).expect(202);
    expect(pending.body).toMatchObject({ state: 'REVISION_PENDING', pendingChange: { kind: 'revision', newTotal: usd(3750) } });
    const revisionId = pending.body.pendingChange.revisionId;
    await service.publish(Topics.ticket, TicketEventType.TicketRevisionAccepted, { ticketId: randomUUID(), orderId: order.id, revisionId });
    await service.publish(Topics.payment, PaymentEventType.PaymentReauthorized, { paymentId: randomUUID(), orderId: order.id, revisionId, amount: usd(3750) });
    const revised = await service.orderUntil(order.id, (o) => o.state === 'APPROVED');
    expect(revised.total).toEqual(usd(3750));
    expect((await outboxEvents(order.id)).at(-1)).toMatchObject({ event_type: OrderEventType.OrderRevised, payload: { revisionId, total: usd(3750) } });
  });

  it('stays unchanged with the reason when accounting declines the new total', async () => {
    const order = await service.approvedOrder();
    const pending = await http().post(`/orders/${order.id}/revise`).send({ lineItems: [{ menuItemId: 'pad-thai', quantity: 9 }] }).expect(202);
    const revisionId = pending.body.pendingChange.revisionId;
    await service.publish(Topics.payment, PaymentEventType.PaymentReauthorizationDeclined, { paymentId: randomUUID(), orderId: order.id, revisionId, reason: 'over the credit limit' });
    const refused = await service.orderUntil(order.id, (o) => o.state === 'APPROVED');
    expect(refused).toMatchObject({ total: usd(2500), reason: 'over the credit limit' });
  });

  it('lets exactly one of a concurrent revise and cancel win; the other gets 409', async () => {
    const order = await service.approvedOrder();
    const [revise, cancel] = await Promise.all([
      http().post(`/orders/${order.id}/revise`).send({ lineItems: [{ menuItemId: 'pad-thai', quantity: 1 }] }),
      http().post(`/orders/${order.id}/cancel`),
    ]);
    expect([revise!.status, cancel!.status].sort()).toEqual([202, 409]);
    const [row] = await service.dataSource.query('SELECT version FROM orders WHERE id = $1', [order.id]);
    const requested = (await outboxEvents(order.id)).filter((event) => event.event_type.endsWith('Requested'));
    expect(requested).toHaveLength(1);
    expect(row.version).toBe(4);
  });
});

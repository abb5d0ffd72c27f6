import { randomUUID } from 'node:crypto';
import { OrderEventType } from '@ftgo/contracts';
import { permutations } from '@ftgo/tools';
import { describe, expect, it } from 'vitest';
import { Order } from './order';
import { OrderState } from './order-state';

// The order's half of "no ticket is cooked before its order is approved": whatever the order in
// which the kitchen's and accounting's answers arrive — duplicated, and with the approval
// deadline passing anywhere among them — a declined payment never leads to OrderApproved, and
// the order publishes exactly [OrderCreated, OrderRejected]. The kitchen's half — it acts on a
// ticket only after OrderApproved, for every interleaving of that sequence with its verbs — is
// apps/kitchen-service/src/domain/ticket-orderings.spec.ts. docs/flows.md puts the two together.

const DEADLINE = new Date('2026-01-01T12:05:00.000Z');
const lineItems = [{ menuItemId: 'pad-thai', name: 'Pad Thai', quantity: 1, unitPrice: { amountMinor: 1250, currency: 'USD' } }];

type Answer = (order: Order) => Array<{ type: string }>;
const ticketId = randomUUID();
const paymentId = randomUUID();
const answers: Record<string, Answer> = {
  TicketCreated: (order) => order.confirmTicket(ticketId),
  'TicketCreated again': (order) => order.confirmTicket(ticketId),
  PaymentDeclined: (order) => order.reject('payment declined: over the limit'),
  'PaymentDeclined again': (order) => order.reject('payment declined: over the limit'),
  'the approval deadline passes': (order) => order.expire(DEADLINE),
  PaymentAuthorized: (order) => order.confirmPayment(paymentId),
};

function play(steps: string[]) {
  const { order, events } = Order.create({ id: randomUUID(), consumerId: randomUUID(), restaurantId: randomUUID(), lineItems }, DEADLINE);
  const published: string[] = events.map((event) => event.type);
  for (const step of steps) published.push(...answers[step](order).map((event) => event.type));
  return { order, published };
}

describe('the order never approves what it cannot pay for, in every ordering of the answers', () => {
  it('a declined payment: [OrderCreated, OrderRejected] and REJECTED, whatever comes first or twice', () => {
    const orderings = permutations(['TicketCreated', 'TicketCreated again', 'PaymentDeclined', 'PaymentDeclined again', 'the approval deadline passes']);
    expect(orderings).toHaveLength(120);
    for (const steps of orderings) {
      const { order, published } = play(steps);
      expect(published, steps.join(' → ')).toEqual([OrderEventType.OrderCreated, OrderEventType.OrderRejected]);
      expect(order.state).toBe(OrderState.REJECTED);
    }
  });

  it('an authorized payment: approved exactly once when both answers come before the deadline, rejected exactly once otherwise', () => {
    for (const steps of permutations(['TicketCreated', 'TicketCreated again', 'PaymentAuthorized', 'the approval deadline passes'])) {
      const { order, published } = play(steps);
      const firstTicket = Math.min(steps.indexOf('TicketCreated'), steps.indexOf('TicketCreated again'));
      const bothBeforeDeadline = steps.indexOf('the approval deadline passes') > Math.max(firstTicket, steps.indexOf('PaymentAuthorized'));
      const decision = bothBeforeDeadline ? OrderEventType.OrderApproved : OrderEventType.OrderRejected;
      expect(published, steps.join(' → ')).toEqual([OrderEventType.OrderCreated, decision]);
      expect(order.state).toBe(bothBeforeDeadline ? OrderState.APPROVED : OrderState.REJECTED);
    }
  });
});

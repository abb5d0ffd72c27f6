import { randomUUID } from 'node:crypto';
import { sagaTableMismatches } from '@ftgo/tools';
import { describe, expect, it } from 'vitest';
import { Order } from './order';
import { OrderState } from './order-state';

// docs/flows.md's saga state table, row by row, against the Order aggregate's own methods.

const DEADLINE = new Date('2026-01-01T12:05:00.000Z');
const PASSED = new Date('2026-01-01T12:05:00.001Z');
const lineItems = [{ menuItemId: 'pad-thai', name: 'Pad Thai', quantity: 2, unitPrice: { amountMinor: 1250, currency: 'USD' } }];
const newOrder = () => Order.create({ id: randomUUID(), consumerId: randomUUID(), restaurantId: randomUUID(), lineItems }, DEADLINE);

// The answers name what the order asked for: the pending change's own id.
const pendingId = (order: Order) => {
  const change = order.snapshot().pendingChange;
  return change?.kind === 'cancel' ? change.cancellationId : (change?.revisionId ?? '');
};

function given(...steps: Array<(order: Order) => unknown>): () => Order {
  return () => {
    const { order } = newOrder();
    for (const step of steps) step(order);
    return order;
  };
}
const approve = [(o: Order) => o.confirmTicket(randomUUID()), (o: Order) => o.confirmPayment(randomUUID())];
const cancelPending = [...approve, (o: Order) => o.requestCancel(randomUUID(), DEADLINE)];
const revisionPending = [...approve, (o: Order) => o.requestRevision(randomUUID(), [{ menuItemId: 'pad-thai', quantity: 3 }], DEADLINE)];

describe('the saga state table of docs/flows.md: Order', () => {
  it('agrees with the Order aggregate, row by row, and names every state', () => {
    const problems = sagaTableMismatches<Order>('Order', {
      states: Object.values(OrderState),
      given: {
        '—': () => undefined,
        APPROVAL_PENDING: given(),
        'APPROVAL_PENDING (ticket created)': given((o) => o.confirmTicket(randomUUID())),
        'APPROVAL_PENDING (payment authorized)': given((o) => o.confirmPayment(randomUUID())),
        APPROVED: given(...approve),
        CANCEL_PENDING: given(...cancelPending),
        'CANCEL_PENDING (kitchen agreed)': given(...cancelPending, (o) => o.acceptCancelByKitchen(pendingId(o))),
        REVISION_PENDING: given(...revisionPending),
        'REVISION_PENDING (kitchen accepted)': given(...revisionPending, (o) => o.acceptRevisionByKitchen(pendingId(o))),
      },
      on: {
        'POST /orders': () => {
          const { order, events } = newOrder();
          return { created: order, events };
        },
        TicketCreated: (o) => o.confirmTicket(randomUUID()),
        PaymentAuthorized: (o) => o.confirmPayment(randomUUID()),
        TicketRejected: (o) => o.reject('kitchen rejected the order: closed'),
        PaymentDeclined: (o) => o.reject('payment declined: over the limit'),
        'approval deadline': (o) => o.expire(PASSED),
        'cancel deadline': (o) => o.expire(PASSED),
        'revision deadline': (o) => o.expire(PASSED),
        'POST /orders/{id}/cancel': (o) => o.requestCancel(randomUUID(), DEADLINE),
        'POST /orders/{id}/revise': (o) => o.requestRevision(randomUUID(), [{ menuItemId: 'pad-thai', quantity: 1 }], DEADLINE),
        TicketCancelAccepted: (o) => o.acceptCancelByKitchen(pendingId(o)),
        TicketCancelRefused: (o) => o.refuseCancel(pendingId(o), 'the ticket is already PREPARING'),
        PaymentReversed: (o) => o.confirmPaymentReversed(),
        TicketRevisionAccepted: (o) => o.acceptRevisionByKitchen(pendingId(o)),
        PaymentReauthorized: (o) => o.acceptRevisionByAccounting(pendingId(o)),
        TicketRevisionRefused: (o) => o.refuseRevision(pendingId(o), 'the ticket is already PREPARING'),
        PaymentReauthorizationDeclined: (o) => o.refuseRevision(pendingId(o), 'over the limit'),
      },
    });
    expect(problems).toEqual([]);
  });
});

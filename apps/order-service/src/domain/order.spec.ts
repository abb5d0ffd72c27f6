import { randomUUID } from 'node:crypto';
import { OrderEventType, parseEvent, Topics } from '@ftgo/contracts';
import { describe, expect, it } from 'vitest';
import { Order } from './order';
import { IllegalOrderTransitionError, UnknownOrderItemError } from './order-errors';
import { OrderState } from './order-state';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const padThai = { menuItemId: 'pad-thai', name: 'Pad Thai', quantity: 2, unitPrice: usd(1250) };
const springRolls = { menuItemId: 'spring-rolls', name: 'Spring Rolls', quantity: 1, unitPrice: usd(500) };

function newOrder(): Order {
  return Order.create({ id: randomUUID(), consumerId: randomUUID(), restaurantId: randomUUID(), lineItems: [padThai, springRolls] }).order;
}

function approved(): Order {
  const order = newOrder();
  order.confirmTicket(randomUUID());
  order.confirmPayment(randomUUID());
  return order;
}

function cancelPending(): Order {
  const order = approved();
  order.requestCancel();
  return order;
}

function revisionPending(revisionId = randomUUID()): Order {
  const order = approved();
  order.requestRevision(revisionId, [{ menuItemId: 'pad-thai', quantity: 3 }]);
  return order;
}

function rejected(): Order {
  const order = newOrder();
  order.reject('insufficient credit');
  return order;
}

function cancelled(): Order {
  const order = cancelPending();
  order.confirmTicketCancelled();
  order.confirmPaymentReversed();
  return order;
}

const types = (events: { type: string }[]) => events.map((event) => event.type);

describe('Order.create', () => {
  it('starts APPROVAL_PENDING with the total in minor units and causes OrderCreated with the priced items', () => {
    const { order, events } = Order.create({ id: randomUUID(), consumerId: randomUUID(), restaurantId: randomUUID(), lineItems: [padThai, springRolls] });
    expect(order.state).toBe(OrderState.APPROVAL_PENDING);
    expect(order.snapshot().total).toEqual(usd(3000));
    expect(events).toEqual([{ type: OrderEventType.OrderCreated, payload: expect.objectContaining({ orderId: order.id, total: usd(3000), lineItems: [padThai, springRolls] }) }]);
  });
});

describe('approval', () => {
  it('approves only when both the ticket and the payment are confirmed, in either order', () => {
    const first = newOrder();
    expect(first.confirmTicket(randomUUID())).toEqual([]);
    expect(first.state).toBe(OrderState.APPROVAL_PENDING);
    expect(types(first.confirmPayment(randomUUID()))).toEqual([OrderEventType.OrderApproved]);
    expect(first.state).toBe(OrderState.APPROVED);

    const second = newOrder();
    expect(second.confirmPayment(randomUUID())).toEqual([]);
    expect(types(second.confirmTicket(randomUUID()))).toEqual([OrderEventType.OrderApproved]);
  });

  it('rejects with the reason when either side refuses, and causes OrderRejected so the other compensates', () => {
    const order = newOrder();
    order.confirmTicket(randomUUID());
    expect(order.reject('card declined')).toEqual([{ type: OrderEventType.OrderRejected, payload: { orderId: order.id, reason: 'card declined' } }]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.REJECTED, reason: 'card declined' });
  });

  it('keeps every reason it emits within the contract, however long the refusal it was given', () => {
    const long = `kitchen rejected the order: not on the menu: ${'x'.repeat(600)}`;
    const emitted = [newOrder().reject(long), cancelPending().refuseCancel(long), revisionPending('0b5f4a64-8f0e-4b0e-9a53-2f1d1e9c6a11').refuseRevision('0b5f4a64-8f0e-4b0e-9a53-2f1d1e9c6a11', long)];
    for (const [event] of emitted) {
      expect(() => parseEvent(Topics.order, event.type, event.payload), event.type).not.toThrow();
      expect((event.payload as { reason: string }).reason).toMatch(/^kitchen rejected the order: not on the menu: x+…$/);
    }
  });

  it('ignores answers that arrive after the order was rejected (late confirmation, second refusal)', () => {
    const order = rejected();
    expect(order.confirmTicket(randomUUID())).toEqual([]);
    expect(order.confirmPayment(randomUUID())).toEqual([]);
    expect(order.reject('kitchen closed')).toEqual([]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.REJECTED, reason: 'insufficient credit' });
  });

  it('ignores a duplicated confirmation once approved', () => {
    const order = approved();
    expect(order.confirmPayment(randomUUID())).toEqual([]);
    expect(order.state).toBe(OrderState.APPROVED);
  });
});

describe('cancel', () => {
  it('goes APPROVED → CANCEL_PENDING → CANCELLED after TicketCancelled and PaymentReversed', () => {
    const order = approved();
    expect(types(order.requestCancel())).toEqual([OrderEventType.OrderCancelRequested]);
    expect(order.state).toBe(OrderState.CANCEL_PENDING);
    expect(types(order.confirmTicketCancelled())).toEqual([OrderEventType.OrderCancelled]);
    expect(order.state).toBe(OrderState.CANCEL_PENDING);
    expect(order.confirmPaymentReversed()).toEqual([]);
    expect(order.state).toBe(OrderState.CANCELLED);
  });

  it('does not complete on PaymentReversed before the kitchen cancelled the ticket', () => {
    const order = cancelPending();
    expect(order.confirmPaymentReversed()).toEqual([]);
    expect(order.state).toBe(OrderState.CANCEL_PENDING);
  });

  it('goes back to APPROVED with the refusal reason when the kitchen refuses', () => {
    const order = cancelPending();
    expect(order.refuseCancel('ticket is PREPARING')).toEqual([
      { type: OrderEventType.OrderCancelRefused, payload: { orderId: order.id, reason: 'ticket is PREPARING' } },
    ]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.APPROVED, reason: 'ticket is PREPARING', pendingChange: null });
  });

  it('emits OrderCancelled once even when TicketCancelled is delivered twice', () => {
    const order = cancelPending();
    order.confirmTicketCancelled();
    expect(order.confirmTicketCancelled()).toEqual([]);
  });
});

describe('revise', () => {
  it('goes APPROVED → REVISION_PENDING → APPROVED with the new items and total when both accept', () => {
    const revisionId = randomUUID();
    const order = approved();
    const requested = order.requestRevision(revisionId, [{ menuItemId: 'pad-thai', quantity: 3 }]);
    expect(requested).toEqual([
      {
        type: OrderEventType.OrderRevisionRequested,
        payload: { orderId: order.id, revisionId, lineItems: [{ menuItemId: 'pad-thai', quantity: 3 }], newTotal: usd(3750) },
      },
    ]);
    expect(order.state).toBe(OrderState.REVISION_PENDING);
    expect(order.acceptRevisionByKitchen(revisionId)).toEqual([]);
    expect(types(order.acceptRevisionByAccounting(revisionId))).toEqual([OrderEventType.OrderRevised]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.APPROVED, total: usd(3750), lineItems: [{ ...padThai, quantity: 3 }] });
  });

  it('stays unchanged with the reason when either side refuses, and ignores the other side afterwards', () => {
    const revisionId = randomUUID();
    const order = revisionPending(revisionId);
    order.acceptRevisionByKitchen(revisionId);
    expect(types(order.refuseRevision(revisionId, 'over the credit limit'))).toEqual([OrderEventType.OrderRevisionRefused]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.APPROVED, total: usd(3000), reason: 'over the credit limit' });
    expect(order.acceptRevisionByAccounting(revisionId)).toEqual([]);
    expect(order.refuseRevision(revisionId, 'again')).toEqual([]);
  });

  it('ignores answers about another revision', () => {
    const order = revisionPending();
    expect(order.acceptRevisionByKitchen(randomUUID())).toEqual([]);
    expect(order.refuseRevision(randomUUID(), 'stale')).toEqual([]);
    expect(order.state).toBe(OrderState.REVISION_PENDING);
  });

  it('refuses items that are not on the order (their price is unknown) without changing anything', () => {
    const order = approved();
    expect(() => order.requestRevision(randomUUID(), [{ menuItemId: 'durian', quantity: 1 }])).toThrow(UnknownOrderItemError);
    expect(order.state).toBe(OrderState.APPROVED);
  });
});

describe('illegal commands', () => {
  const notApproved = { APPROVAL_PENDING: newOrder, REJECTED: rejected, CANCEL_PENDING: cancelPending, CANCELLED: cancelled, REVISION_PENDING: revisionPending };

  it.each(Object.entries(notApproved))('refuses cancel and revise in %s with the current state, changing nothing', (state, make) => {
    const order = make();
    const before = order.snapshot();
    for (const attempt of [() => order.requestCancel(), () => order.requestRevision(randomUUID(), [{ menuItemId: 'pad-thai', quantity: 1 }])]) {
      const error = (() => {
        try {
          attempt();
        } catch (thrown) {
          return thrown;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(IllegalOrderTransitionError);
      expect((error as IllegalOrderTransitionError).currentState).toBe(state);
    }
    expect(order.snapshot()).toEqual(before);
  });
});

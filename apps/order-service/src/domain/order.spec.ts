import { randomUUID } from 'node:crypto';
import { OrderEventType, parseEvent, Topics } from '@ftgo/contracts';
import { describe, expect, it } from 'vitest';
import { Order } from './order';
import { IllegalOrderTransitionError, UnknownOrderItemError } from './order-errors';
import { OrderState } from './order-state';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const padThai = { menuItemId: 'pad-thai', name: 'Pad Thai', quantity: 2, unitPrice: usd(1250) };
const springRolls = { menuItemId: 'spring-rolls', name: 'Spring Rolls', quantity: 1, unitPrice: usd(500) };

const DEADLINE = new Date('2026-01-01T12:05:00.000Z');
const AFTER = new Date('2026-01-01T12:05:00.001Z');
const BEFORE = new Date('2026-01-01T12:04:59.999Z');

function newOrder(): Order {
  return Order.create({ id: randomUUID(), consumerId: randomUUID(), restaurantId: randomUUID(), lineItems: [padThai, springRolls] }, DEADLINE).order;
}

function approved(): Order {
  const order = newOrder();
  order.confirmTicket(randomUUID());
  order.confirmPayment(randomUUID());
  return order;
}

function cancelPending(cancellationId = randomUUID()): Order {
  const order = approved();
  order.requestCancel(cancellationId, DEADLINE);
  return order;
}

function revisionPending(revisionId = randomUUID()): Order {
  const order = approved();
  order.requestRevision(revisionId, [{ menuItemId: 'pad-thai', quantity: 3 }], DEADLINE);
  return order;
}

function rejected(): Order {
  const order = newOrder();
  order.reject('insufficient credit');
  return order;
}

function cancelled(): Order {
  const cancellationId = randomUUID();
  const order = cancelPending(cancellationId);
  order.acceptCancelByKitchen(cancellationId);
  order.confirmPaymentReversed();
  return order;
}

const types = (events: { type: string }[]) => events.map((event) => event.type);

describe('Order.create', () => {
  it('starts APPROVAL_PENDING with its deadline and the total in minor units, and causes OrderCreated with the priced items', () => {
    const { order, events } = Order.create({ id: randomUUID(), consumerId: randomUUID(), restaurantId: randomUUID(), lineItems: [padThai, springRolls] }, DEADLINE);
    expect(order.state).toBe(OrderState.APPROVAL_PENDING);
    expect(order.snapshot()).toMatchObject({ total: usd(3000), deadline: DEADLINE.toISOString() });
    expect(events).toEqual([{ type: OrderEventType.OrderCreated, payload: expect.objectContaining({ orderId: order.id, total: usd(3000), lineItems: [padThai, springRolls] }) }]);
  });
});

describe('approval', () => {
  it('approves only when both the ticket and the payment are confirmed, in either order', () => {
    const first = newOrder();
    expect(first.confirmTicket(randomUUID())).toEqual([]);
    expect(first.state).toBe(OrderState.APPROVAL_PENDING);
    expect(types(first.confirmPayment(randomUUID()))).toEqual([OrderEventType.OrderApproved]);
    expect(first.snapshot()).toMatchObject({ state: OrderState.APPROVED, deadline: null });

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
    const emitted = [newOrder().reject(long), cancelPending('7c1d2a64-8f0e-4b0e-9a53-2f1d1e9c6a22').refuseCancel('7c1d2a64-8f0e-4b0e-9a53-2f1d1e9c6a22', long), revisionPending('0b5f4a64-8f0e-4b0e-9a53-2f1d1e9c6a11').refuseRevision('0b5f4a64-8f0e-4b0e-9a53-2f1d1e9c6a11', long)];
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
  it('goes APPROVED → CANCEL_PENDING (with its deadline) → CANCELLED once the kitchen holds the cancel and accounting reversed', () => {
    const order = approved();
    const cancellationId = randomUUID();
    expect(order.requestCancel(cancellationId, DEADLINE)).toEqual([
      { type: OrderEventType.OrderCancelRequested, payload: { orderId: order.id, cancellationId } },
    ]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.CANCEL_PENDING, deadline: DEADLINE.toISOString() });
    expect(order.acceptCancelByKitchen(cancellationId)).toEqual([{ type: OrderEventType.OrderCancelled, payload: { orderId: order.id, cancellationId } }]);
    expect(order.state).toBe(OrderState.CANCEL_PENDING);
    expect(order.confirmPaymentReversed()).toEqual([]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.CANCELLED, pendingChange: null, deadline: null });
  });

  it('does not complete on PaymentReversed before the kitchen held the cancel', () => {
    const order = cancelPending();
    expect(order.confirmPaymentReversed()).toEqual([]);
    expect(order.state).toBe(OrderState.CANCEL_PENDING);
  });

  it('goes back to APPROVED with the refusal reason when the kitchen refuses', () => {
    const cancellationId = randomUUID();
    const order = cancelPending(cancellationId);
    expect(order.refuseCancel(cancellationId, 'the ticket is already PREPARING')).toEqual([
      { type: OrderEventType.OrderCancelRefused, payload: { orderId: order.id, cancellationId, reason: 'the ticket is already PREPARING' } },
    ]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.APPROVED, reason: 'the ticket is already PREPARING', pendingChange: null, deadline: null });
  });

  it('emits OrderCancelled once even when TicketCancelAccepted is delivered twice, and a refusal after it changes nothing', () => {
    const cancellationId = randomUUID();
    const order = cancelPending(cancellationId);
    order.acceptCancelByKitchen(cancellationId);
    expect(order.acceptCancelByKitchen(cancellationId)).toEqual([]);
    expect(order.refuseCancel(cancellationId, 'late')).toEqual([]);
    expect(order.state).toBe(OrderState.CANCEL_PENDING);
  });

  it('ignores the kitchen\'s answers to another cancel (one that timed out before this one was asked)', () => {
    const order = cancelPending();
    const earlier = randomUUID();
    expect(order.acceptCancelByKitchen(earlier)).toEqual([]);
    expect(order.refuseCancel(earlier, 'the ticket is already PREPARING')).toEqual([]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.CANCEL_PENDING, pendingChange: { kitchenAgreed: false } });
  });
});

describe('revise', () => {
  it('goes APPROVED → REVISION_PENDING → APPROVED with the new items and total when both accept', () => {
    const revisionId = randomUUID();
    const order = approved();
    const requested = order.requestRevision(revisionId, [{ menuItemId: 'pad-thai', quantity: 3 }], DEADLINE);
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
    expect(() => order.requestRevision(randomUUID(), [{ menuItemId: 'durian', quantity: 1 }], DEADLINE)).toThrow(UnknownOrderItemError);
    expect(order.state).toBe(OrderState.APPROVED);
  });
});

describe('illegal commands', () => {
  const notApproved = { APPROVAL_PENDING: newOrder, REJECTED: rejected, CANCEL_PENDING: cancelPending, CANCELLED: cancelled, REVISION_PENDING: revisionPending };

  it.each(Object.entries(notApproved))('refuses cancel and revise in %s with the current state, changing nothing', (state, make) => {
    const order = make();
    const before = order.snapshot();
    for (const attempt of [() => order.requestCancel(randomUUID(), DEADLINE), () => order.requestRevision(randomUUID(), [{ menuItemId: 'pad-thai', quantity: 1 }], DEADLINE)]) {
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

describe('deadlines', () => {
  it('changes nothing before the deadline, nor in a state that waits for nothing', () => {
    for (const order of [newOrder(), cancelPending(), revisionPending()]) {
      const before = order.snapshot();
      expect(order.expire(BEFORE)).toEqual([]);
      expect(order.snapshot()).toEqual(before);
    }
    for (const order of [approved(), rejected(), cancelled()]) {
      const before = order.snapshot();
      expect(order.expire(AFTER)).toEqual([]);
      expect(order.snapshot()).toEqual(before);
    }
  });

  it('rejects an order still APPROVAL_PENDING, naming who did not answer, so that both sides compensate', () => {
    const order = newOrder();
    order.confirmTicket(randomUUID());
    expect(order.expire(DEADLINE)).toEqual([
      { type: OrderEventType.OrderRejected, payload: { orderId: order.id, reason: 'the approval deadline passed with no answer from accounting' } },
    ]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.REJECTED, deadline: null });
    expect(newOrder().expire(AFTER)).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ reason: 'the approval deadline passed with no answer from the kitchen and accounting' }) }),
    ]);
  });

  it('takes a cancel the kitchen has not answered back to APPROVED, so that a cancel the kitchen still holds is released', () => {
    const cancellationId = randomUUID();
    const order = cancelPending(cancellationId);
    expect(order.expire(AFTER)).toEqual([
      {
        type: OrderEventType.OrderCancelRefused,
        payload: { orderId: order.id, cancellationId, reason: 'the cancel deadline passed with no answer from the kitchen' },
      },
    ]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.APPROVED, pendingChange: null, deadline: null });
    expect(order.acceptCancelByKitchen(cancellationId)).toEqual([]);
  });

  it('completes a cancel the kitchen agreed to, without waiting for accounting: the ticket is cancelled, OrderCancelled is on its way', () => {
    const cancellationId = randomUUID();
    const order = cancelPending(cancellationId);
    order.acceptCancelByKitchen(cancellationId);
    expect(order.expire(AFTER)).toEqual([]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.CANCELLED, pendingChange: null, deadline: null, reason: expect.stringContaining('accounting') });
    expect(order.confirmPaymentReversed()).toEqual([]);
    expect(order.state).toBe(OrderState.CANCELLED);
  });

  it('drops a revision still pending: APPROVED unchanged, with the reason, and both sides drop what they hold', () => {
    const revisionId = randomUUID();
    const order = revisionPending(revisionId);
    order.acceptRevisionByKitchen(revisionId);
    expect(order.expire(AFTER)).toEqual([
      {
        type: OrderEventType.OrderRevisionRefused,
        payload: { orderId: order.id, revisionId, reason: 'the revision deadline passed with no answer from accounting' },
      },
    ]);
    expect(order.snapshot()).toMatchObject({ state: OrderState.APPROVED, total: usd(3000), pendingChange: null, deadline: null });
    expect(order.acceptRevisionByAccounting(revisionId)).toEqual([]);
  });
});

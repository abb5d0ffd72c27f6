import { randomUUID } from 'node:crypto';
import { interleavings, permutations } from '@ftgo/tools';
import { describe, expect, it } from 'vitest';
import { Restaurant } from './restaurant';
import { Ticket } from './ticket';
import { IllegalTicketTransitionError } from './ticket-errors';

// The kitchen's half of "no ticket is cooked before its order is approved": whatever the order in
// which the kitchen's staff press the verbs relative to the order events, a verb succeeds only
// after OrderApproved. The order's half — a declined payment, in any order with TicketCreated,
// never leads to OrderApproved but to exactly [OrderCreated, OrderRejected] — is
// apps/order-service/src/domain/order-orderings.spec.ts. docs/flows.md puts the two together.

const NOW = new Date('2026-01-01T12:00:00.000Z');
const restaurant = Restaurant.restore({ id: randomUUID(), name: 'Luigi', acceptingOrders: true, currency: 'USD', menu: [{ id: 'a', name: 'A', priceMinor: 100 }] });

type OrderEvent = 'OrderCreated' | 'OrderApproved' | 'OrderRejected';
type Verb = 'accept' | 'startPreparing' | 'markReadyForPickup' | 'markPickedUp';
const VERBS: Verb[] = ['accept', 'startPreparing', 'markReadyForPickup', 'markPickedUp'];

const verb: Record<Verb, (ticket: Ticket) => unknown> = {
  accept: (ticket) => ticket.accept(new Date(NOW.getTime() + 60_000), NOW),
  startPreparing: (ticket) => ticket.startPreparing(),
  markReadyForPickup: (ticket) => ticket.markReadyForPickup(),
  markPickedUp: (ticket) => ticket.markPickedUp(),
};

/** Plays one ordering against the real aggregate, as the handler and the commands would. */
function play(steps: Array<OrderEvent | Verb>) {
  let ticket: Ticket | undefined;
  const events: string[] = [];
  const succeeded: Array<{ verb: Verb; at: number }> = [];
  steps.forEach((step, at) => {
    if (step === 'OrderCreated') {
      const created = Ticket.create({ id: randomUUID(), orderId: randomUUID(), restaurantId: restaurant.snapshot().id, lineItems: [{ menuItemId: 'a', quantity: 1 }] }, restaurant);
      ticket = created.ticket;
      events.push(...created.events.map((event) => event.type));
    } else if (step === 'OrderApproved' || step === 'OrderRejected') {
      const caused = step === 'OrderApproved' ? ticket!.confirm() : ticket!.compensateRejectedOrder();
      events.push(...caused.map((event) => event.type));
    } else if (ticket) {
      // No ticket yet: the verb is a 404 before it reaches the aggregate.
      try {
        verb[step](ticket);
        succeeded.push({ verb: step, at });
      } catch (error) {
        expect(error).toBeInstanceOf(IllegalTicketTransitionError);
      }
    }
  });
  return { ticket: ticket!, events, succeeded };
}

const everyOrdering = (orderEvents: OrderEvent[]) => permutations(VERBS).flatMap((verbs) => interleavings<OrderEvent | Verb>(orderEvents, verbs));

describe('the kitchen acts on a ticket only after its order is approved, in every ordering', () => {
  it('a declined (or timed-out) order: no verb ever succeeds, the ticket ends CANCELLED', () => {
    const orderings = everyOrdering(['OrderCreated', 'OrderRejected']);
    expect(orderings).toHaveLength(360);
    for (const steps of orderings) {
      const { ticket, events, succeeded } = play(steps);
      expect(succeeded, steps.join(' → ')).toEqual([]);
      expect(ticket.state).toBe('CANCELLED');
      expect(events).toEqual(['TicketCreated', 'TicketCancelled']);
    }
  });

  it('an approved order: every verb that succeeds comes after OrderApproved, and the verbs in their order cook it', () => {
    const orderings = everyOrdering(['OrderCreated', 'OrderApproved']);
    for (const steps of orderings) {
      const { succeeded } = play(steps);
      const approvedAt = steps.indexOf('OrderApproved');
      expect(succeeded.every(({ at }) => at > approvedAt), steps.join(' → ')).toBe(true);
    }
    const inOrder = play(['OrderCreated', 'OrderApproved', ...VERBS]);
    expect(inOrder.ticket.state).toBe('PICKED_UP');
  });
});

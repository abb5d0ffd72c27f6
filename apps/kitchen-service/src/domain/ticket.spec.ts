import { randomUUID } from 'node:crypto';
import { parseEvent, Topics } from '@ftgo/contracts';
import { describe, expect, it } from 'vitest';
import { Restaurant } from './restaurant';
import { Ticket, type TicketSnapshot } from './ticket';
import { IllegalTicketTransitionError, RevisionPendingError } from './ticket-errors';
import { TicketState } from './ticket-state';

const NOW = new Date('2026-01-01T12:00:00.000Z');
const LATER = new Date('2026-01-01T12:30:00.000Z');
const ALL_STATES = Object.values(TicketState);

function ticketIn(state: TicketState, extra: Partial<TicketSnapshot> = {}): Ticket {
  return Ticket.restore({
    id: randomUUID(),
    orderId: randomUUID(),
    restaurantId: randomUUID(),
    state,
    lineItems: [{ menuItemId: 'margherita', quantity: 2 }],
    readyBy: null,
    pendingRevision: null,
    version: 3,
    ...extra,
  });
}

type Verb = { name: string; from: TicketState; to: TicketState; event: string; run: (ticket: Ticket) => unknown[] };

const VERBS: Verb[] = [
  { name: 'accept', from: 'AWAITING_ACCEPTANCE', to: 'ACCEPTED', event: 'TicketAccepted', run: (t) => t.accept(LATER, NOW) },
  { name: 'startPreparing', from: 'ACCEPTED', to: 'PREPARING', event: 'TicketPreparationStarted', run: (t) => t.startPreparing() },
  { name: 'markReadyForPickup', from: 'PREPARING', to: 'READY_FOR_PICKUP', event: 'TicketReadyForPickup', run: (t) => t.markReadyForPickup() },
  { name: 'markPickedUp', from: 'READY_FOR_PICKUP', to: 'PICKED_UP', event: 'TicketPickedUp', run: (t) => t.markPickedUp() },
];

describe('Ticket creation', () => {
  const restaurant = (acceptingOrders: boolean) =>
    Restaurant.restore({ id: randomUUID(), name: 'Luigi', acceptingOrders, currency: 'USD', menu: [{ id: 'a', name: 'A', priceMinor: 100 }] });
  const input = (lineItems = [{ menuItemId: 'a', quantity: 1 }]) => ({ id: randomUUID(), orderId: randomUUID(), restaurantId: randomUUID(), lineItems });

  it('creates a ticket AWAITING_ACCEPTANCE and reports TicketCreated with its line items', () => {
    const order = input();
    const { ticket, events } = Ticket.create(order, restaurant(true));
    expect(ticket.state).toBe('AWAITING_ACCEPTANCE');
    expect(events).toEqual([{ type: 'TicketCreated', payload: { ticketId: order.id, orderId: order.orderId, restaurantId: order.restaurantId, lineItems: order.lineItems } }]);
  });

  it('stores a ticket the kitchen cannot take as REJECTED and reports TicketRejected with the reason', () => {
    const order = input();
    const { ticket, events } = Ticket.create(order, restaurant(false));
    expect(ticket.state).toBe('REJECTED');
    expect(events).toEqual([{ type: 'TicketRejected', payload: { ticketId: order.id, orderId: order.orderId, reason: 'restaurant Luigi is not accepting orders' } }]);
  });

  it('names a few of many unknown items and keeps TicketRejected within the contract', () => {
    const items = Array.from({ length: 500 }, (_, n) => ({ menuItemId: `unknown-item-${n}`, quantity: 1 }));
    const [event] = Ticket.create(input(items), restaurant(true)).events;
    expect(() => parseEvent(Topics.ticket, event.type, event.payload)).not.toThrow();
    expect(event.payload).toMatchObject({ reason: 'not on the menu of Luigi: unknown-item-0, unknown-item-1, unknown-item-2, unknown-item-3, unknown-item-4 and 495 more' });
    const [huge] = Ticket.create(input([{ menuItemId: 'y'.repeat(10_000), quantity: 1 }]), restaurant(true)).events;
    expect(() => parseEvent(Topics.ticket, huge.type, huge.payload)).not.toThrow();
  });

  it('keeps a refused revision\'s reason within the contract', () => {
    const [event] = ticketIn('ACCEPTED').refuseRevision(randomUUID(), 'z'.repeat(5_000));
    expect(() => parseEvent(Topics.ticket, event.type, event.payload)).not.toThrow();
  });

  it('rejects an item that left the menu, and a restaurant that does not exist, naming the reason', () => {
    expect(Ticket.create(input([{ menuItemId: 'gone', quantity: 1 }]), restaurant(true)).events).toEqual([
      expect.objectContaining({ type: 'TicketRejected', payload: expect.objectContaining({ reason: 'not on the menu of Luigi: gone' }) }),
    ]);
    const order = input();
    expect(Ticket.create(order, undefined).events).toEqual([
      expect.objectContaining({ type: 'TicketRejected', payload: expect.objectContaining({ reason: `no restaurant ${order.restaurantId}` }) }),
    ]);
  });
});

describe('Ticket kitchen verbs', () => {
  for (const verb of VERBS) {
    it(`${verb.name} moves ${verb.from} to ${verb.to} and reports ${verb.event}`, () => {
      const ticket = ticketIn(verb.from);
      const events = verb.run(ticket);
      expect(ticket.state).toBe(verb.to);
      expect(events).toEqual([expect.objectContaining({ type: verb.event, payload: expect.objectContaining({ ticketId: ticket.id }) })]);
    });

    for (const state of ALL_STATES.filter((s) => s !== verb.from)) {
      it(`${verb.name} is refused in ${state} with the current state, and changes nothing`, () => {
        const ticket = ticketIn(state);
        expect(() => verb.run(ticket)).toThrow(IllegalTicketTransitionError);
        expect(() => verb.run(ticket)).toThrow(expect.objectContaining({ currentState: state }));
        expect(ticket.state).toBe(state);
      });
    }
  }

  it('accept records readyBy and puts it in TicketAccepted', () => {
    const ticket = ticketIn('AWAITING_ACCEPTANCE');
    const [event] = ticket.accept(LATER, NOW);
    expect(event.payload).toMatchObject({ readyBy: LATER.toISOString() });
    expect(ticket.snapshot().readyBy).toBe(LATER.toISOString());
  });

  it('accept refuses a readyBy that is not in the future', () => {
    const ticket = ticketIn('AWAITING_ACCEPTANCE');
    expect(() => ticket.accept(NOW, NOW)).toThrow(/readyBy must be in the future/);
    expect(ticket.state).toBe('AWAITING_ACCEPTANCE');
  });

  it('startPreparing is refused while a revision the kitchen agreed to is pending', () => {
    const ticket = ticketIn('ACCEPTED', { pendingRevision: { revisionId: randomUUID(), lineItems: [] } });
    expect(() => ticket.startPreparing()).toThrow(RevisionPendingError);
    expect(ticket.state).toBe('ACCEPTED');
  });
});

describe('Ticket cancel (asked by the order)', () => {
  for (const state of ['AWAITING_ACCEPTANCE', 'ACCEPTED'] as const) {
    it(`cancels a ticket that is ${state} and reports TicketCancelled`, () => {
      const ticket = ticketIn(state);
      expect(ticket.cancel()).toEqual([{ type: 'TicketCancelled', payload: { ticketId: ticket.id, orderId: expect.any(String) } }]);
      expect(ticket.state).toBe('CANCELLED');
    });
  }

  for (const state of ['PREPARING', 'READY_FOR_PICKUP', 'PICKED_UP', 'CANCELLED', 'REJECTED'] as const) {
    it(`refuses to cancel a ticket that is ${state}: TicketCancelRefused with the state as reason, state unchanged`, () => {
      const ticket = ticketIn(state);
      expect(ticket.cancel()).toEqual([
        { type: 'TicketCancelRefused', payload: expect.objectContaining({ reason: `the ticket is already ${state}` }) },
      ]);
      expect(ticket.state).toBe(state);
    });
  }
});

describe('Ticket compensation for a rejected order', () => {
  for (const state of ['AWAITING_ACCEPTANCE', 'ACCEPTED', 'PREPARING', 'READY_FOR_PICKUP'] as const) {
    it(`cancels a ticket that is ${state}: compensation is never refused`, () => {
      const ticket = ticketIn(state);
      expect(ticket.compensateRejectedOrder()).toEqual([expect.objectContaining({ type: 'TicketCancelled' })]);
      expect(ticket.state).toBe('CANCELLED');
    });
  }

  for (const state of ['PICKED_UP', 'CANCELLED', 'REJECTED'] as const) {
    it(`leaves a final ${state} ticket alone and reports nothing`, () => {
      const ticket = ticketIn(state);
      expect(ticket.compensateRejectedOrder()).toEqual([]);
      expect(ticket.state).toBe(state);
    });
  }
});

describe('Ticket revision', () => {
  const revision = () => ({ revisionId: randomUUID(), lineItems: [{ menuItemId: 'margherita', quantity: 5 }] });

  for (const state of ['AWAITING_ACCEPTANCE', 'ACCEPTED'] as const) {
    it(`accepts a revision while ${state}, holds it pending and applies it on OrderRevised`, () => {
      const ticket = ticketIn(state);
      const proposed = revision();
      expect(ticket.proposeRevision(proposed)).toEqual([
        { type: 'TicketRevisionAccepted', payload: { ticketId: ticket.id, orderId: expect.any(String), revisionId: proposed.revisionId } },
      ]);
      expect(ticket.snapshot().lineItems).toEqual([{ menuItemId: 'margherita', quantity: 2 }]);
      expect(ticket.applyRevision(proposed.revisionId)).toEqual([]);
      expect(ticket.snapshot()).toMatchObject({ lineItems: proposed.lineItems, pendingRevision: null, state });
    });
  }

  for (const state of ['PREPARING', 'READY_FOR_PICKUP', 'PICKED_UP', 'CANCELLED', 'REJECTED'] as const) {
    it(`refuses a revision while ${state} with the state as reason and holds nothing`, () => {
      const ticket = ticketIn(state);
      const proposed = revision();
      expect(ticket.proposeRevision(proposed)).toEqual([
        { type: 'TicketRevisionRefused', payload: expect.objectContaining({ revisionId: proposed.revisionId, reason: `the ticket is already ${state}` }) },
      ]);
      expect(ticket.snapshot().pendingRevision).toBeNull();
    });
  }

  it('refuses a second revision while one is pending', () => {
    const ticket = ticketIn('ACCEPTED');
    const first = revision();
    ticket.proposeRevision(first);
    const [event] = ticket.proposeRevision(revision());
    expect(event).toMatchObject({ type: 'TicketRevisionRefused', payload: { reason: `revision ${first.revisionId} is still pending` } });
  });

  it('drops the pending revision on OrderRevisionRefused and keeps the old quantities', () => {
    const ticket = ticketIn('ACCEPTED');
    const proposed = revision();
    ticket.proposeRevision(proposed);
    expect(ticket.dropRevision(proposed.revisionId)).toEqual([]);
    expect(ticket.snapshot()).toMatchObject({ pendingRevision: null, lineItems: [{ menuItemId: 'margherita', quantity: 2 }] });
  });

  it('refuses to apply a revision it does not hold', () => {
    const ticket = ticketIn('ACCEPTED');
    expect(() => ticket.applyRevision(randomUUID())).toThrow(IllegalTicketTransitionError);
  });

  it('cancelling drops a pending revision', () => {
    const ticket = ticketIn('ACCEPTED');
    ticket.proposeRevision(revision());
    ticket.cancel();
    expect(ticket.snapshot().pendingRevision).toBeNull();
  });
});

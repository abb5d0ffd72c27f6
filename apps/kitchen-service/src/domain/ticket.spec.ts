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
    pendingCancel: null,
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

  it('creates a ticket CREATE_PENDING (the order is not approved yet) and reports TicketCreated with its line items', () => {
    const order = input();
    const { ticket, events } = Ticket.create(order, restaurant(true));
    expect(ticket.state).toBe('CREATE_PENDING');
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

  for (const state of ['CREATE_PENDING', 'CANCEL_PENDING'] as const) {
    it(`every verb refuses a ${state} ticket, saying what it waits for`, () => {
      for (const verb of VERBS) {
        expect(() => verb.run(ticketIn(state)), verb.name).toThrow(/\(its order is (not approved yet|deciding a cancel)\)$/);
      }
    });
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

describe('Ticket confirmation (the order is approved)', () => {
  it('confirms a CREATE_PENDING ticket: AWAITING_ACCEPTANCE, TicketConfirmed, and the kitchen may accept it', () => {
    const ticket = ticketIn('CREATE_PENDING');
    expect(ticket.confirm()).toEqual([{ type: 'TicketConfirmed', payload: { ticketId: ticket.id, orderId: ticket.snapshot().orderId } }]);
    expect(ticket.state).toBe('AWAITING_ACCEPTANCE');
    expect(ticket.accept(LATER, NOW)).toEqual([expect.objectContaining({ type: 'TicketAccepted' })]);
  });

  for (const state of ['AWAITING_ACCEPTANCE', 'ACCEPTED', 'PREPARING', 'READY_FOR_PICKUP', 'PICKED_UP', 'CANCEL_PENDING', 'CANCELLED'] as const) {
    it(`treats OrderApproved for a ${state} ticket as a duplicate: no change, no event`, () => {
      const ticket = ticketIn(state);
      expect(ticket.confirm()).toEqual([]);
      expect(ticket.state).toBe(state);
    });
  }

  it('refuses to confirm a ticket the kitchen rejected: the order cannot have been approved', () => {
    expect(() => ticketIn('REJECTED').confirm()).toThrow(IllegalTicketTransitionError);
  });
});

describe('Ticket compensation for a rejected order', () => {
  it('cancels the pending ticket: it was never confirmed, so nothing was cooked', () => {
    const ticket = ticketIn('CREATE_PENDING');
    expect(ticket.compensateRejectedOrder()).toEqual([{ type: 'TicketCancelled', payload: expect.objectContaining({ ticketId: ticket.id }) }]);
    expect(ticket.state).toBe('CANCELLED');
  });

  for (const state of ['CANCELLED', 'REJECTED'] as const) {
    it(`leaves a ${state} ticket alone and reports nothing (a duplicate, or the kitchen's own rejection)`, () => {
      const ticket = ticketIn(state);
      expect(ticket.compensateRejectedOrder()).toEqual([]);
      expect(ticket.state).toBe(state);
    });
  }

  for (const state of ['AWAITING_ACCEPTANCE', 'ACCEPTED', 'PREPARING', 'READY_FOR_PICKUP', 'PICKED_UP', 'CANCEL_PENDING'] as const) {
    it(`refuses OrderRejected for a confirmed (${state}) ticket: a rejected order was never approved`, () => {
      expect(() => ticketIn(state).compensateRejectedOrder()).toThrow(IllegalTicketTransitionError);
    });
  }
});

describe('Ticket cancel: held by the kitchen, decided by the order', () => {
  const held = (resumeState: 'AWAITING_ACCEPTANCE' | 'ACCEPTED' = 'ACCEPTED', cancellationId = randomUUID()) =>
    ticketIn('CANCEL_PENDING', { pendingCancel: { cancellationId, resumeState } });

  for (const state of ['AWAITING_ACCEPTANCE', 'ACCEPTED'] as const) {
    it(`holds a cancel of a ${state} ticket (CANCEL_PENDING) and reports TicketCancelAccepted`, () => {
      const ticket = ticketIn(state);
      const cancellationId = randomUUID();
      expect(ticket.requestCancel(cancellationId)).toEqual([
        { type: 'TicketCancelAccepted', payload: { ticketId: ticket.id, orderId: expect.any(String), cancellationId } },
      ]);
      expect(ticket.snapshot()).toMatchObject({ state: 'CANCEL_PENDING', pendingCancel: { cancellationId, resumeState: state } });
    });
  }

  for (const state of ['CREATE_PENDING', 'PREPARING', 'READY_FOR_PICKUP', 'PICKED_UP', 'REJECTED'] as const) {
    it(`refuses to cancel a ticket that is ${state}: TicketCancelRefused with the state as reason, state unchanged`, () => {
      const ticket = ticketIn(state);
      const cancellationId = randomUUID();
      expect(ticket.requestCancel(cancellationId)).toEqual([
        { type: 'TicketCancelRefused', payload: expect.objectContaining({ cancellationId, reason: `the ticket is already ${state}` }) },
      ]);
      expect(ticket.state).toBe(state);
    });
  }

  it('treats the same cancel again, or a cancel of a CANCELLED ticket, as a duplicate', () => {
    const cancellationId = randomUUID();
    const ticket = held('ACCEPTED', cancellationId);
    expect(ticket.requestCancel(cancellationId)).toEqual([]);
    expect(ticketIn('CANCELLED').requestCancel(randomUUID())).toEqual([]);
  });

  it('refuses another cancel while one is held', () => {
    const ticket = held();
    const [event] = ticket.requestCancel(randomUUID());
    expect(event).toMatchObject({ type: 'TicketCancelRefused', payload: { reason: expect.stringMatching(/^cancel .* is still pending$/) } });
  });

  it('makes the held cancel final on OrderCancelled (TicketCancelled), and ignores a duplicate', () => {
    const cancellationId = randomUUID();
    const ticket = held('ACCEPTED', cancellationId);
    expect(ticket.confirmCancel(cancellationId)).toEqual([{ type: 'TicketCancelled', payload: expect.objectContaining({ ticketId: ticket.id }) }]);
    expect(ticket.snapshot()).toMatchObject({ state: 'CANCELLED', pendingCancel: null });
    expect(ticket.confirmCancel(cancellationId)).toEqual([]);
  });

  it('refuses OrderCancelled for a cancel it does not hold: the order cannot have decided it', () => {
    expect(() => ticketIn('PREPARING').confirmCancel(randomUUID())).toThrow(IllegalTicketTransitionError);
    expect(() => held().confirmCancel(randomUUID())).toThrow(IllegalTicketTransitionError);
  });

  for (const resumeState of ['AWAITING_ACCEPTANCE', 'ACCEPTED'] as const) {
    it(`releases a held cancel on OrderCancelRefused: back to ${resumeState}, where the verbs apply again`, () => {
      const cancellationId = randomUUID();
      const ticket = held(resumeState, cancellationId);
      expect(ticket.releaseCancel(cancellationId)).toEqual([]);
      expect(ticket.snapshot()).toMatchObject({ state: resumeState, pendingCancel: null });
    });
  }

  it('ignores OrderCancelRefused for a cancel it does not hold (it refused it itself)', () => {
    const ticket = ticketIn('PREPARING');
    expect(ticket.releaseCancel(randomUUID())).toEqual([]);
    expect(ticket.state).toBe('PREPARING');
    const other = held();
    expect(other.releaseCancel(randomUUID())).toEqual([]);
    expect(other.state).toBe('CANCEL_PENDING');
  });

  it('cancelling drops a pending revision', () => {
    const cancellationId = randomUUID();
    const ticket = ticketIn('CANCEL_PENDING', {
      pendingCancel: { cancellationId, resumeState: 'ACCEPTED' },
      pendingRevision: { revisionId: randomUUID(), lineItems: [] },
    });
    ticket.confirmCancel(cancellationId);
    expect(ticket.snapshot().pendingRevision).toBeNull();
  });
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

  for (const state of ['CREATE_PENDING', 'PREPARING', 'READY_FOR_PICKUP', 'PICKED_UP', 'CANCEL_PENDING', 'CANCELLED', 'REJECTED'] as const) {
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

  it('treats the same revision again, and OrderRevised once applied, as duplicates', () => {
    const ticket = ticketIn('ACCEPTED');
    const proposed = revision();
    ticket.proposeRevision(proposed);
    expect(ticket.proposeRevision(proposed)).toEqual([]);
    ticket.applyRevision(proposed.revisionId);
    expect(ticket.applyRevision(proposed.revisionId)).toEqual([]);
    expect(ticket.snapshot()).toMatchObject({ lineItems: proposed.lineItems, pendingRevision: null });
  });

  it('refuses to apply a revision other than the one it holds', () => {
    const ticket = ticketIn('ACCEPTED');
    ticket.proposeRevision(revision());
    expect(() => ticket.applyRevision(randomUUID())).toThrow(IllegalTicketTransitionError);
  });
});

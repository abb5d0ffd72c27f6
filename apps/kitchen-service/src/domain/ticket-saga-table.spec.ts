import { randomUUID } from 'node:crypto';
import { sagaTableMismatches } from '@ftgo/tools';
import { describe, expect, it } from 'vitest';
import { Restaurant } from './restaurant';
import { Ticket, type TicketSnapshot } from './ticket';
import { TicketState } from './ticket-state';

// docs/flows.md's saga state table, row by row, against the Ticket aggregate's own methods.

const NOW = new Date('2026-01-01T12:00:00.000Z');
const LATER = new Date('2026-01-01T12:30:00.000Z');
const CANCELLATION = randomUUID();
const REVISION = randomUUID();
const lineItems = [{ menuItemId: 'margherita', quantity: 2 }];

const restaurant = (acceptingOrders: boolean) =>
  Restaurant.restore({ id: randomUUID(), name: 'Luigi', acceptingOrders, currency: 'USD', menu: [{ id: 'margherita', name: 'Margherita', priceMinor: 900 }] });

function given(state: TicketState, extra: Partial<TicketSnapshot> = {}): () => Ticket {
  return () =>
    Ticket.restore({ id: randomUUID(), orderId: randomUUID(), restaurantId: randomUUID(), state, lineItems, readyBy: null, pendingRevision: null, pendingCancel: null, version: 1, ...extra });
}

const created = (acceptingOrders: boolean) => () => {
  const { ticket, events } = Ticket.create({ id: randomUUID(), orderId: randomUUID(), restaurantId: randomUUID(), lineItems }, restaurant(acceptingOrders));
  return { created: ticket, events };
};

describe('the saga state table of docs/flows.md: Ticket', () => {
  it('agrees with the Ticket aggregate, row by row, and names every state', () => {
    const problems = sagaTableMismatches<Ticket>('Ticket', {
      states: Object.values(TicketState),
      given: {
        '—': () => undefined,
        CREATE_PENDING: given('CREATE_PENDING'),
        AWAITING_ACCEPTANCE: given('AWAITING_ACCEPTANCE'),
        ACCEPTED: given('ACCEPTED', { readyBy: LATER.toISOString() }),
        PREPARING: given('PREPARING'),
        READY_FOR_PICKUP: given('READY_FOR_PICKUP'),
        CANCEL_PENDING: given('CANCEL_PENDING', { pendingCancel: { cancellationId: CANCELLATION, resumeState: 'AWAITING_ACCEPTANCE' } }),
        'AWAITING_ACCEPTANCE (revision held)': given('AWAITING_ACCEPTANCE', { pendingRevision: { revisionId: REVISION, lineItems: [{ menuItemId: 'margherita', quantity: 3 }] } }),
      },
      on: {
        OrderCreated: created(true),
        'OrderCreated (restaurant closed)': created(false),
        OrderApproved: (t) => t.confirm(),
        OrderRejected: (t) => t.compensateRejectedOrder(),
        accept: (t) => t.accept(LATER, NOW),
        preparing: (t) => t.startPreparing(),
        'ready-for-pickup': (t) => t.markReadyForPickup(),
        'picked-up': (t) => t.markPickedUp(),
        OrderCancelRequested: (t) => t.requestCancel(randomUUID()),
        OrderCancelled: (t) => t.confirmCancel(CANCELLATION),
        OrderCancelRefused: (t) => t.releaseCancel(CANCELLATION),
        OrderRevisionRequested: (t) => t.proposeRevision({ revisionId: randomUUID(), lineItems: [{ menuItemId: 'margherita', quantity: 1 }] }),
        OrderRevised: (t) => t.applyRevision(REVISION),
        OrderRevisionRefused: (t) => t.dropRevision(REVISION),
      },
    });
    expect(problems).toEqual([]);
  });
});

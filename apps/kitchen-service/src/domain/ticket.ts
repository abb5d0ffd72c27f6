import { boundedReason, InvalidArgumentError, type ItemQuantity } from '@ftgo/contracts';
import type { Restaurant } from './restaurant';
import { IllegalTicketTransitionError, RevisionPendingError } from './ticket-errors';
import type { TicketEvent } from './ticket-events';
import { CHANGEABLE_STATES, FINAL_STATES, TicketState } from './ticket-state';

/** A revision the kitchen agreed to, held until the order applies it (OrderRevised) or drops it. */
export interface PendingRevision {
  revisionId: string;
  lineItems: ItemQuantity[];
}

/** Everything a ticket is, as stored: the repository maps rows to this and back. */
export interface TicketSnapshot {
  id: string;
  orderId: string;
  restaurantId: string;
  state: TicketState;
  lineItems: ItemQuantity[];
  /** ISO 8601; null until accepted. */
  readyBy: string | null;
  pendingRevision: PendingRevision | null;
  /** Optimistic locking: the version this copy was read at; every save adds one, the first (the insert) writes 1. */
  version: number;
}

export type NewTicket = Pick<TicketSnapshot, 'id' | 'orderId' | 'restaurantId' | 'lineItems'>;

/**
 * The Ticket aggregate: what the kitchen cooks for one order. Every change is a method that
 * checks the current state, refuses an illegal transition with the state in the error, and
 * returns the events it caused; the caller saves the ticket and the events in one transaction.
 */
export class Ticket {
  private constructor(private data: TicketSnapshot) {}

  /**
   * A ticket for a new order. The kitchen checks again what ValidateOrder checked: the restaurant
   * may have closed or changed its menu since. A ticket it cannot take is still stored, REJECTED,
   * so that the order learns why (TicketRejected).
   */
  static create(ticket: NewTicket, restaurant: Restaurant | undefined): { ticket: Ticket; events: TicketEvent[] } {
    const refusal = restaurant ? restaurant.refusalOf(ticket.lineItems) : `no restaurant ${ticket.restaurantId}`;
    const state = refusal ? TicketState.REJECTED : TicketState.AWAITING_ACCEPTANCE;
    const created = new Ticket({ ...ticket, state, readyBy: null, pendingRevision: null, version: 1 });
    const { id: ticketId, orderId, restaurantId, lineItems } = ticket;
    const events: TicketEvent[] = refusal
      ? [{ type: 'TicketRejected', payload: { ticketId, orderId, reason: boundedReason(refusal) } }]
      : [{ type: 'TicketCreated', payload: { ticketId, orderId, restaurantId, lineItems } }];
    return { ticket: created, events };
  }

  static restore(snapshot: TicketSnapshot): Ticket {
    return new Ticket(structuredClone(snapshot));
  }

  snapshot(): TicketSnapshot {
    return structuredClone(this.data);
  }

  get id(): string {
    return this.data.id;
  }

  get restaurantId(): string {
    return this.data.restaurantId;
  }

  get state(): TicketState {
    return this.data.state;
  }

  get version(): number {
    return this.data.version;
  }

  accept(readyBy: Date, now = new Date()): TicketEvent[] {
    this.requireState('accept', TicketState.AWAITING_ACCEPTANCE);
    if (readyBy.getTime() <= now.getTime()) throw new InvalidArgumentError('readyBy must be in the future');
    this.data.state = TicketState.ACCEPTED;
    this.data.readyBy = readyBy.toISOString();
    return [{ type: 'TicketAccepted', payload: { ...this.ref(), readyBy: this.data.readyBy } }];
  }

  startPreparing(): TicketEvent[] {
    this.requireState('start preparing', TicketState.ACCEPTED);
    if (this.data.pendingRevision) throw new RevisionPendingError(this.data.pendingRevision.revisionId, this.state);
    this.data.state = TicketState.PREPARING;
    return [{ type: 'TicketPreparationStarted', payload: this.ref() }];
  }

  markReadyForPickup(): TicketEvent[] {
    this.requireState('mark ready for pickup', TicketState.PREPARING);
    this.data.state = TicketState.READY_FOR_PICKUP;
    return [{ type: 'TicketReadyForPickup', payload: this.ref() }];
  }

  markPickedUp(): TicketEvent[] {
    this.requireState('mark picked up', TicketState.READY_FOR_PICKUP);
    this.data.state = TicketState.PICKED_UP;
    return [{ type: 'TicketPickedUp', payload: this.ref() }];
  }

  /**
   * The order asks to cancel. A refusal is an answer, not an error: the order goes back to
   * APPROVED with the reason, so it travels as TicketCancelRefused.
   */
  cancel(): TicketEvent[] {
    if (!CHANGEABLE_STATES.includes(this.state)) {
      return [{ type: 'TicketCancelRefused', payload: { ...this.ref(), reason: `the ticket is already ${this.state}` } }];
    }
    return this.cancelled();
  }

  /**
   * Compensation for a rejected order: it cannot be refused (the order is not going to be paid),
   * so it cancels whatever is not final yet, and is a no-op once the ticket is final.
   */
  compensateRejectedOrder(): TicketEvent[] {
    return FINAL_STATES.includes(this.state) ? [] : this.cancelled();
  }

  /** The kitchen agrees to new quantities while nothing is cooked yet, and holds them as pending. */
  proposeRevision(revision: PendingRevision): TicketEvent[] {
    if (!CHANGEABLE_STATES.includes(this.state)) return this.refuseRevision(revision.revisionId, `the ticket is already ${this.state}`);
    if (this.data.pendingRevision) {
      return this.refuseRevision(revision.revisionId, `revision ${this.data.pendingRevision.revisionId} is still pending`);
    }
    this.data.pendingRevision = structuredClone(revision);
    return [{ type: 'TicketRevisionAccepted', payload: { ...this.ref(), revisionId: revision.revisionId } }];
  }

  refuseRevision(revisionId: string, reason: string): TicketEvent[] {
    return [{ type: 'TicketRevisionRefused', payload: { ...this.ref(), revisionId, reason: boundedReason(reason) } }];
  }

  /** OrderRevised: the order and the payment agreed too, so the new quantities are what gets cooked. */
  applyRevision(revisionId: string): TicketEvent[] {
    const pending = this.data.pendingRevision;
    if (pending?.revisionId !== revisionId) throw new IllegalTicketTransitionError(`apply revision ${revisionId} to`, this.state);
    this.data.lineItems = pending.lineItems;
    this.data.pendingRevision = null;
    return [];
  }

  /** OrderRevisionRefused: someone else said no; a revision this ticket never held is ignored. */
  dropRevision(revisionId: string): TicketEvent[] {
    if (this.data.pendingRevision?.revisionId === revisionId) this.data.pendingRevision = null;
    return [];
  }

  private cancelled(): TicketEvent[] {
    this.data.state = TicketState.CANCELLED;
    this.data.pendingRevision = null;
    return [{ type: 'TicketCancelled', payload: this.ref() }];
  }

  private requireState(action: string, expected: TicketState): void {
    if (this.state !== expected) throw new IllegalTicketTransitionError(action, this.state);
  }

  private ref() {
    return { ticketId: this.data.id, orderId: this.data.orderId };
  }
}

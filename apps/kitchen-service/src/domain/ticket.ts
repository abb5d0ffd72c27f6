import { boundedReason, InvalidArgumentError, type ItemQuantity } from '@ftgo/contracts';
import type { Restaurant } from './restaurant';
import { IllegalTicketTransitionError, RevisionPendingError } from './ticket-errors';
import type { TicketEvent } from './ticket-events';
import { CHANGEABLE_STATES, TicketState } from './ticket-state';

/** A revision the kitchen agreed to, held until the order applies it (OrderRevised) or drops it. */
export interface PendingRevision {
  revisionId: string;
  lineItems: ItemQuantity[];
}

/** A cancel the kitchen agreed to, held (CANCEL_PENDING) until the order cancels or refuses it. */
export interface PendingCancel {
  cancellationId: string;
  /** Where the ticket goes back to when the order refuses the cancel. */
  resumeState: TicketState;
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
  /** Set exactly while the state is CANCEL_PENDING. */
  pendingCancel: PendingCancel | null;
  /** Optimistic locking: the version this copy was read at; every save adds one, the first (the insert) writes 1. */
  version: number;
}

export type NewTicket = Pick<TicketSnapshot, 'id' | 'orderId' | 'restaurantId' | 'lineItems'>;

const NOTHING: TicketEvent[] = [];

/**
 * The Ticket aggregate: what the kitchen cooks for one order. Every change is a method that
 * checks the current state, refuses an illegal transition with the state in the error, and
 * returns the events it caused; the caller saves the ticket and the events in one transaction.
 *
 * The kitchen acts only on what the order settled: a new ticket waits (CREATE_PENDING) until the
 * order is approved, and a cancel the kitchen agreed to is held (CANCEL_PENDING) until the order
 * decides it — so no answer that arrives late, after the order stopped waiting for it, leaves a
 * ticket cooked for a cancelled order or cancelled for an approved one. An event that asks for
 * what the ticket already did (a duplicate) changes nothing.
 */
export class Ticket {
  private constructor(private data: TicketSnapshot) {}

  /**
   * A ticket for a new order, pending until the order is approved. The kitchen checks again what
   * ValidateOrder checked: the restaurant may have closed or changed its menu since. A ticket it
   * cannot take is still stored, REJECTED, so that the order learns why (TicketRejected).
   */
  static create(ticket: NewTicket, restaurant: Restaurant | undefined): { ticket: Ticket; events: TicketEvent[] } {
    const refusal = restaurant ? restaurant.refusalOf(ticket.lineItems) : `no restaurant ${ticket.restaurantId}`;
    const state = refusal ? TicketState.REJECTED : TicketState.CREATE_PENDING;
    const created = new Ticket({ ...ticket, state, readyBy: null, pendingRevision: null, pendingCancel: null, version: 1 });
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

  // --- the order's decisions ------------------------------------------------------------------

  /** OrderApproved: the kitchen may now act on the ticket. Once past CREATE_PENDING, a duplicate. */
  confirm(): TicketEvent[] {
    if (this.state === TicketState.REJECTED) throw new IllegalTicketTransitionError('confirm', this.state);
    if (this.state !== TicketState.CREATE_PENDING) return NOTHING;
    this.data.state = TicketState.AWAITING_ACCEPTANCE;
    return [{ type: 'TicketConfirmed', payload: this.ref() }];
  }

  /**
   * Compensation for a rejected order: its ticket was never confirmed, so nothing was cooked and
   * nothing can refuse. A ticket the kitchen rejected itself, or already cancelled, stays as it is.
   */
  compensateRejectedOrder(): TicketEvent[] {
    if (this.state === TicketState.CANCELLED || this.state === TicketState.REJECTED) return NOTHING;
    this.requireState('cancel for a rejected order', TicketState.CREATE_PENDING);
    return this.cancelled();
  }

  // --- the kitchen's verbs ----------------------------------------------------------------------

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

  // --- cancel: the kitchen holds it, the order decides ----------------------------------------

  /**
   * OrderCancelRequested. Before cooking, the kitchen agrees and holds the cancel (CANCEL_PENDING)
   * until the order cancels or refuses it — the order may have stopped waiting meanwhile. Once
   * cooking started, it refuses; a refusal is an answer, not an error, so it travels as
   * TicketCancelRefused.
   */
  requestCancel(cancellationId: string): TicketEvent[] {
    const held = this.data.pendingCancel;
    if (held?.cancellationId === cancellationId || this.state === TicketState.CANCELLED) return NOTHING;
    if (held) return this.refuseCancel(cancellationId, `cancel ${held.cancellationId} is still pending`);
    if (!CHANGEABLE_STATES.includes(this.state)) return this.refuseCancel(cancellationId, `the ticket is already ${this.state}`);
    this.data.pendingCancel = { cancellationId, resumeState: this.state };
    this.data.state = TicketState.CANCEL_PENDING;
    return [{ type: 'TicketCancelAccepted', payload: { ...this.ref(), cancellationId } }];
  }

  /** OrderCancelled: the cancel the kitchen holds is final. */
  confirmCancel(cancellationId: string): TicketEvent[] {
    if (this.state === TicketState.CANCELLED) return NOTHING;
    if (this.data.pendingCancel?.cancellationId !== cancellationId) throw new IllegalTicketTransitionError(`cancel (${cancellationId})`, this.state);
    return this.cancelled();
  }

  /** OrderCancelRefused: the order stays approved, so the ticket goes back to where it was. */
  releaseCancel(cancellationId: string): TicketEvent[] {
    const held = this.data.pendingCancel;
    if (held?.cancellationId !== cancellationId) return NOTHING;
    this.data.state = held.resumeState;
    this.data.pendingCancel = null;
    return NOTHING;
  }

  // --- revise: the kitchen holds the new quantities, the order decides ------------------------

  /** The kitchen agrees to new quantities while nothing is cooked yet, and holds them as pending. */
  proposeRevision(revision: PendingRevision): TicketEvent[] {
    const pending = this.data.pendingRevision;
    if (pending?.revisionId === revision.revisionId) return NOTHING;
    if (!CHANGEABLE_STATES.includes(this.state)) return this.refuseRevision(revision.revisionId, `the ticket is already ${this.state}`);
    if (pending) return this.refuseRevision(revision.revisionId, `revision ${pending.revisionId} is still pending`);
    this.data.pendingRevision = structuredClone(revision);
    return [{ type: 'TicketRevisionAccepted', payload: { ...this.ref(), revisionId: revision.revisionId } }];
  }

  refuseRevision(revisionId: string, reason: string): TicketEvent[] {
    return [{ type: 'TicketRevisionRefused', payload: { ...this.ref(), revisionId, reason: boundedReason(reason) } }];
  }

  /** OrderRevised: the order and the payment agreed too, so the new quantities are what gets cooked. */
  applyRevision(revisionId: string): TicketEvent[] {
    const pending = this.data.pendingRevision;
    if (!pending) return NOTHING;
    if (pending.revisionId !== revisionId) throw new IllegalTicketTransitionError(`apply revision ${revisionId} to`, this.state);
    this.data.lineItems = pending.lineItems;
    this.data.pendingRevision = null;
    return NOTHING;
  }

  /** OrderRevisionRefused: someone else said no, or the order stopped waiting; a revision this ticket never held is ignored. */
  dropRevision(revisionId: string): TicketEvent[] {
    if (this.data.pendingRevision?.revisionId === revisionId) this.data.pendingRevision = null;
    return NOTHING;
  }

  // --- helpers ---------------------------------------------------------------------------------

  private refuseCancel(cancellationId: string, reason: string): TicketEvent[] {
    return [{ type: 'TicketCancelRefused', payload: { ...this.ref(), cancellationId, reason } }];
  }

  private cancelled(): TicketEvent[] {
    this.data.state = TicketState.CANCELLED;
    this.data.pendingRevision = null;
    this.data.pendingCancel = null;
    return [{ type: 'TicketCancelled', payload: this.ref() }];
  }

  private requireState(action: string, expected: TicketState): void {
    if (this.state !== expected) throw new IllegalTicketTransitionError(action, this.state);
  }

  private ref() {
    return { ticketId: this.data.id, orderId: this.data.orderId };
  }
}

import { boundedReason, type ItemQuantity, type Money, OrderEventType, type PricedLineItem } from '@ftgo/contracts';
import { repriced, totalOf } from './money';
import { IllegalOrderTransitionError, UnknownOrderItemError } from './order-errors';
import type { OrderEvent } from './order-events';
import { OrderState } from './order-state';

/**
 * A change the order asked the kitchen and the accounting for (cancel or revise), with each
 * side's confirmation: the change completes only when both agreed.
 */
export type PendingChange =
  | { kind: 'cancel'; cancellationId: string; kitchenAgreed: boolean; accountingAgreed: boolean }
  | {
      kind: 'revision';
      revisionId: string;
      lineItems: ItemQuantity[];
      newTotal: Money;
      kitchenAgreed: boolean;
      accountingAgreed: boolean;
    };

/** Everything the Order aggregate holds: what persistence stores and loads, nothing more. */
export interface OrderSnapshot {
  id: string;
  consumerId: string;
  restaurantId: string;
  lineItems: PricedLineItem[];
  total: Money;
  state: OrderState;
  /** The two confirmations approval waits for: set by TicketCreated and PaymentAuthorized. */
  ticketId: string | null;
  paymentId: string | null;
  pendingChange: PendingChange | null;
  /** Why the order was rejected, why the last cancel/revision was refused, or how a deadline decided it. */
  reason: string | null;
  /** ISO 8601: until when a pending state waits for the answers it needs; null unless pending. */
  deadline: string | null;
  /** Optimistic locking: the version this copy was read at; every save adds one, the first (the insert) writes 1. */
  version: number;
}

export interface NewOrder {
  id: string;
  consumerId: string;
  restaurantId: string;
  /** Priced by the kitchen (ValidateOrder): the order never trusts the client's prices. */
  lineItems: PricedLineItem[];
}

type Events = OrderEvent[];
const NOTHING: Events = [];

/**
 * The Order aggregate: every state change is a method that checks the transition and returns the
 * events it caused; the caller saves the order and adds those events to the outbox in one
 * transaction.
 *
 * Commands (requestCancel, requestRevision) come from a client: an illegal one throws
 * IllegalOrderTransitionError (HTTP 409). Reactions (confirm…, reject…, refuse…) come from
 * events: with at-least-once delivery on two independent topics, an answer the order no longer
 * waits for (a late confirmation after a rejection, a second refusal, an answer to a cancel that
 * timed out) is normal, so it changes nothing and causes nothing.
 *
 * Each pending state has a deadline, given by the caller that enters it; when it passes, `expire`
 * decides without the missing answers, and the others compensate from the event it causes.
 */
export class Order {
  private constructor(private readonly data: OrderSnapshot) {}

  static create(input: NewOrder, deadline: Date): { order: Order; events: Events } {
    const total = totalOf(input.lineItems);
    const order = new Order({
      ...input,
      total,
      state: OrderState.APPROVAL_PENDING,
      ticketId: null,
      paymentId: null,
      pendingChange: null,
      reason: null,
      deadline: deadline.toISOString(),
      version: 1,
    });
    const { id: orderId, consumerId, restaurantId, lineItems } = input;
    return { order, events: [{ type: OrderEventType.OrderCreated, payload: { orderId, consumerId, restaurantId, lineItems, total } }] };
  }

  static restore(snapshot: OrderSnapshot): Order {
    return new Order(structuredClone(snapshot));
  }

  snapshot(): OrderSnapshot {
    return structuredClone(this.data);
  }

  get id(): string {
    return this.data.id;
  }

  get state(): OrderState {
    return this.data.state;
  }

  // --- approval: both the ticket and the payment must be confirmed ---------------------------

  confirmTicket(ticketId: string): Events {
    if (this.data.state !== OrderState.APPROVAL_PENDING || this.data.ticketId) return NOTHING;
    this.data.ticketId = ticketId;
    return this.approveWhenBothConfirmed();
  }

  confirmPayment(paymentId: string): Events {
    if (this.data.state !== OrderState.APPROVAL_PENDING || this.data.paymentId) return NOTHING;
    this.data.paymentId = paymentId;
    return this.approveWhenBothConfirmed();
  }

  /**
   * Kitchen or accounting refused: the other side compensates when it sees OrderRejected. Every
   * refusal's reason is cut to what the contract allows: the event must be written whatever the
   * other side said.
   */
  reject(refusal: string): Events {
    if (this.data.state !== OrderState.APPROVAL_PENDING) return NOTHING;
    const reason = boundedReason(refusal);
    this.settle(OrderState.REJECTED, reason);
    return [{ type: OrderEventType.OrderRejected, payload: { orderId: this.id, reason } }];
  }

  private approveWhenBothConfirmed(): Events {
    if (!this.data.ticketId || !this.data.paymentId) return NOTHING;
    this.settle(OrderState.APPROVED, null);
    return [{ type: OrderEventType.OrderApproved, payload: { orderId: this.id } }];
  }

  // --- cancel: kitchen holds the cancel first (it may refuse), then accounting reverses --------

  requestCancel(cancellationId: string, deadline: Date): Events {
    this.require('cancel', OrderState.APPROVED);
    this.data.state = OrderState.CANCEL_PENDING;
    this.data.pendingChange = { kind: 'cancel', cancellationId, kitchenAgreed: false, accountingAgreed: false };
    this.data.deadline = deadline.toISOString();
    return [{ type: OrderEventType.OrderCancelRequested, payload: { orderId: this.id, cancellationId } }];
  }

  /** The kitchen holds the cancel: the order is cancelled, and OrderCancelled tells accounting to reverse. */
  acceptCancelByKitchen(cancellationId: string): Events {
    const cancel = this.pending('cancel');
    if (cancel?.cancellationId !== cancellationId || cancel.kitchenAgreed) return NOTHING;
    cancel.kitchenAgreed = true;
    return [{ type: OrderEventType.OrderCancelled, payload: { orderId: this.id, cancellationId } }];
  }

  confirmPaymentReversed(): Events {
    const cancel = this.pending('cancel');
    if (!cancel?.kitchenAgreed) return NOTHING;
    cancel.accountingAgreed = true;
    this.settle(OrderState.CANCELLED, null);
    return NOTHING;
  }

  /** Too late to cancel in the kitchen: APPROVED again, with the reason. Once the kitchen agreed, nothing can refuse. */
  refuseCancel(cancellationId: string, refusal: string): Events {
    const cancel = this.pending('cancel');
    if (cancel?.cancellationId !== cancellationId || cancel.kitchenAgreed) return NOTHING;
    const reason = boundedReason(refusal);
    this.settle(OrderState.APPROVED, reason);
    return [{ type: OrderEventType.OrderCancelRefused, payload: { orderId: this.id, cancellationId, reason } }];
  }

  // --- revise: both must accept the new quantities; either may refuse ------------------------

  requestRevision(revisionId: string, lineItems: ItemQuantity[], deadline: Date): Events {
    this.require('revise', OrderState.APPROVED);
    const unknown = lineItems.filter((item) => !this.data.lineItems.some((own) => own.menuItemId === item.menuItemId));
    if (unknown.length > 0) {
      throw new UnknownOrderItemError(`menu items not on the order: ${unknown.map((item) => item.menuItemId).join(', ')}`);
    }
    const newTotal = totalOf(repriced(this.data.lineItems, lineItems));
    this.data.state = OrderState.REVISION_PENDING;
    this.data.pendingChange = { kind: 'revision', revisionId, lineItems, newTotal, kitchenAgreed: false, accountingAgreed: false };
    this.data.deadline = deadline.toISOString();
    return [{ type: OrderEventType.OrderRevisionRequested, payload: { orderId: this.id, revisionId, lineItems, newTotal } }];
  }

  acceptRevisionByKitchen(revisionId: string): Events {
    return this.acceptRevision(revisionId, 'kitchenAgreed');
  }

  acceptRevisionByAccounting(revisionId: string): Events {
    return this.acceptRevision(revisionId, 'accountingAgreed');
  }

  refuseRevision(revisionId: string, refusal: string): Events {
    if (this.pending('revision')?.revisionId !== revisionId) return NOTHING;
    const reason = boundedReason(refusal);
    this.settle(OrderState.APPROVED, reason);
    return [{ type: OrderEventType.OrderRevisionRefused, payload: { orderId: this.id, revisionId, reason } }];
  }

  private acceptRevision(revisionId: string, side: 'kitchenAgreed' | 'accountingAgreed'): Events {
    const revision = this.pending('revision');
    if (revision?.revisionId !== revisionId || revision[side]) return NOTHING;
    revision[side] = true;
    if (!revision.kitchenAgreed || !revision.accountingAgreed) return NOTHING;
    this.data.lineItems = repriced(this.data.lineItems, revision.lineItems);
    this.data.total = revision.newTotal;
    this.settle(OrderState.APPROVED, null);
    const { lineItems, newTotal: total } = revision;
    return [{ type: OrderEventType.OrderRevised, payload: { orderId: this.id, revisionId, lineItems, total } }];
  }

  // --- deadlines: a pending state that waited long enough decides without the missing answers --

  /**
   * The deadline passed (`now` on the clock that found it): the order decides from what it has.
   * - approval: REJECTED, naming who did not answer; both sides compensate on OrderRejected.
   * - cancel the kitchen has not answered: APPROVED again; the kitchen releases the cancel it may
   *   still hold when it reads OrderCancelRefused, which follows the request on the same partition.
   * - cancel the kitchen agreed to: CANCELLED — the ticket is cancelled for good, and accounting
   *   reverses when it processes OrderCancelled, which is already on its way.
   * - revision: APPROVED unchanged; both sides drop the revision they may hold on OrderRevisionRefused.
   */
  expire(now: Date): Events {
    const { deadline, state } = this.data;
    if (!deadline || now.getTime() < Date.parse(deadline)) return NOTHING;
    if (state === OrderState.APPROVAL_PENDING) {
      return this.reject(`the approval deadline passed with no answer from ${silent(!this.data.ticketId, !this.data.paymentId)}`);
    }
    const cancel = this.pending('cancel');
    if (cancel?.kitchenAgreed) {
      this.settle(OrderState.CANCELLED, 'the cancel deadline passed before accounting confirmed the reversal; it reverses the payment when it processes OrderCancelled');
      return NOTHING;
    }
    if (cancel) return this.refuseCancel(cancel.cancellationId, 'the cancel deadline passed with no answer from the kitchen');
    const revision = this.pending('revision');
    if (revision) {
      return this.refuseRevision(revision.revisionId, `the revision deadline passed with no answer from ${silent(!revision.kitchenAgreed, !revision.accountingAgreed)}`);
    }
    return NOTHING;
  }

  // --- helpers ---------------------------------------------------------------------------------

  private require(operation: string, expected: OrderState): void {
    if (this.data.state !== expected) throw new IllegalOrderTransitionError(operation, this.data.state);
  }

  private pending<K extends PendingChange['kind']>(kind: K): Extract<PendingChange, { kind: K }> | undefined {
    const change = this.data.pendingChange;
    return change?.kind === kind ? (change as Extract<PendingChange, { kind: K }>) : undefined;
  }

  /** Leaves a pending state: nothing is pending, so nothing has a deadline. */
  private settle(state: OrderState, reason: string | null): void {
    this.data.state = state;
    this.data.pendingChange = null;
    this.data.reason = reason;
    this.data.deadline = null;
  }
}

function silent(kitchen: boolean, accounting: boolean): string {
  return [kitchen && 'the kitchen', accounting && 'accounting'].filter(Boolean).join(' and ');
}

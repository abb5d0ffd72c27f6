import type { Money } from '@ftgo/contracts';
import type { Account } from './account';
import { IllegalPaymentTransitionError } from './payment-errors';
import type { PaymentEvent } from './payment-events';
import { PaymentState } from './payment-state';

/** A revision's new total, authorized and held until the order applies or drops the revision. */
export interface PendingRevision {
  revisionId: string;
  amount: Money;
}

export interface PaymentSnapshot {
  id: string;
  orderId: string;
  consumerId: string;
  state: PaymentState;
  amount: Money;
  /** Why the account declined it; null unless DECLINED. */
  declineReason: string | null;
  pendingRevision: PendingRevision | null;
  /** Optimistic locking: the version this copy was read at; every save adds one, the first (the insert) writes 1. */
  version: number;
}

export interface NewPayment {
  id: string;
  orderId: string;
  consumerId: string;
  amount: Money;
}

/**
 * The Payment aggregate: one per order.
 *
 *   (new) ──create──▶ AUTHORIZED ──void──────▶ VOIDED     (the order was rejected)
 *     │                     ├──reverse───▶ REVERSED   (the order was cancelled)
 *     │                     └──reauthorize, then applyRevision or dropRevision ──▶ AUTHORIZED
 *     └──create──▶ DECLINED      (void is a no-op: nothing was held)
 *
 * Every change is a method that refuses an illegal transition with IllegalPaymentTransitionError
 * (naming the current state) and returns the events it caused, for the caller's outbox. An order
 * event asking for what the payment already did (a duplicate under a new message id) changes
 * nothing and returns no event.
 */
export class Payment {
  private constructor(private data: PaymentSnapshot) {}

  /** The payment for a new order: authorized or declined by the consumer's account. */
  static create(request: NewPayment, account: Account): { payment: Payment; events: PaymentEvent[] } {
    const decision = account.decide(request.amount);
    const { id: paymentId, orderId, consumerId, amount } = request;
    if (decision.approved) {
      const payment = new Payment({ ...request, state: PaymentState.AUTHORIZED, declineReason: null, pendingRevision: null, version: 1 });
      return { payment, events: [{ type: 'PaymentAuthorized', payload: { paymentId, orderId, consumerId, amount } }] };
    }
    const reason = decision.reason;
    const payment = new Payment({ ...request, state: PaymentState.DECLINED, declineReason: reason, pendingRevision: null, version: 1 });
    return { payment, events: [{ type: 'PaymentDeclined', payload: { paymentId, orderId, consumerId, reason } }] };
  }

  static restore(snapshot: PaymentSnapshot): Payment {
    return new Payment(structuredClone(snapshot));
  }

  get id(): string {
    return this.data.id;
  }

  get consumerId(): string {
    return this.data.consumerId;
  }

  get state(): PaymentState {
    return this.data.state;
  }

  snapshot(): PaymentSnapshot {
    return structuredClone(this.data);
  }

  /**
   * The order was rejected: release the authorization. A DECLINED payment held nothing (its decline
   * is often why the order was rejected), so there is nothing to void and no event.
   */
  void(): PaymentEvent[] {
    if (this.data.state === PaymentState.DECLINED || this.data.state === PaymentState.VOIDED) return [];
    this.requireAuthorized('void');
    this.data = { ...this.data, state: PaymentState.VOIDED, pendingRevision: null };
    return [{ type: 'PaymentVoided', payload: this.ref() }];
  }

  /** The order was cancelled: the authorized amount goes back to the consumer. */
  reverse(): PaymentEvent[] {
    if (this.data.state === PaymentState.REVERSED) return [];
    this.requireAuthorized('reverse');
    this.data = { ...this.data, state: PaymentState.REVERSED, pendingRevision: null };
    return [{ type: 'PaymentReversed', payload: { ...this.ref(), amount: this.data.amount } }];
  }

  /** The order asks for a new total: authorize it and hold it as pending, or decline and keep the old one. */
  reauthorize(revisionId: string, newAmount: Money, account: Account): PaymentEvent[] {
    this.requireAuthorized('re-authorize');
    const pending = this.data.pendingRevision;
    if (pending?.revisionId === revisionId) return [];
    if (pending) throw new IllegalPaymentTransitionError('re-authorize', this.data.state, `revision ${pending.revisionId} is still pending`);
    const decision = account.decide(newAmount);
    if (!decision.approved) {
      return [{ type: 'PaymentReauthorizationDeclined', payload: { ...this.ref(), revisionId, reason: decision.reason } }];
    }
    this.data = { ...this.data, pendingRevision: { revisionId, amount: newAmount } };
    return [{ type: 'PaymentReauthorized', payload: { ...this.ref(), revisionId, amount: newAmount } }];
  }

  /** The order applied the revision: the pending total becomes the payment's amount. Nothing pending: already applied. */
  applyRevision(revisionId: string): PaymentEvent[] {
    this.requireAuthorized('apply a revision to');
    const pending = this.data.pendingRevision;
    if (!pending) return [];
    if (pending.revisionId !== revisionId) {
      throw new IllegalPaymentTransitionError('apply a revision to', this.data.state, `revision ${revisionId} is not pending`);
    }
    this.data = { ...this.data, amount: pending.amount, pendingRevision: null };
    return [];
  }

  /**
   * The order dropped the revision: release the pending total. When accounting itself declined the
   * revision (or dropped it already) nothing is pending, and there is nothing to drop.
   */
  dropRevision(revisionId: string): PaymentEvent[] {
    this.requireAuthorized('drop a revision of');
    const pending = this.data.pendingRevision;
    if (!pending) return [];
    if (pending.revisionId !== revisionId) {
      throw new IllegalPaymentTransitionError('drop a revision of', this.data.state, `revision ${pending.revisionId} is pending, not ${revisionId}`);
    }
    this.data = { ...this.data, pendingRevision: null };
    return [];
  }

  private requireAuthorized(action: string): void {
    if (this.data.state !== PaymentState.AUTHORIZED) throw new IllegalPaymentTransitionError(action, this.data.state);
  }

  private ref() {
    return { paymentId: this.data.id, orderId: this.data.orderId };
  }
}

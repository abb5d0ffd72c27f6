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
  declineReason?: string;
  pendingRevision?: PendingRevision;
  /** Optimistic locking: the version this copy was loaded at (0 before the first save). */
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
 *   (new) ──authorize──▶ AUTHORIZED ──void──────▶ VOIDED     (the order was rejected)
 *     │                     ├──reverse───▶ REVERSED   (the order was cancelled)
 *     │                     └──reauthorize, then applyRevision or dropRevision ──▶ AUTHORIZED
 *     └──authorize──▶ DECLINED   (void is a no-op: nothing was held)
 *
 * Every change is a method that refuses an illegal transition with IllegalPaymentTransitionError
 * (naming the current state) and returns the events it caused, for the caller's outbox.
 */
export class Payment {
  private constructor(private state: PaymentSnapshot) {}

  /** The payment for a new order: authorized or declined by the consumer's account. */
  static authorize(request: NewPayment, account: Account): { payment: Payment; events: PaymentEvent[] } {
    const decision = account.decide(request.amount);
    const { id: paymentId, orderId, consumerId, amount } = request;
    if (decision.approved) {
      const payment = new Payment({ ...request, state: PaymentState.AUTHORIZED, version: 0 });
      return { payment, events: [{ type: 'PaymentAuthorized', payload: { paymentId, orderId, consumerId, amount } }] };
    }
    const reason = decision.reason;
    const payment = new Payment({ ...request, state: PaymentState.DECLINED, declineReason: reason, version: 0 });
    return { payment, events: [{ type: 'PaymentDeclined', payload: { paymentId, orderId, consumerId, reason } }] };
  }

  static restore(snapshot: PaymentSnapshot): Payment {
    return new Payment({ ...snapshot });
  }

  get id(): string {
    return this.state.id;
  }

  get consumerId(): string {
    return this.state.consumerId;
  }

  get current(): PaymentState {
    return this.state.state;
  }

  toSnapshot(): PaymentSnapshot {
    return { ...this.state };
  }

  /**
   * The order was rejected: release the authorization. A DECLINED payment held nothing (its decline
   * is often why the order was rejected), so there is nothing to void and no event.
   */
  void(): PaymentEvent[] {
    if (this.state.state === PaymentState.DECLINED) return [];
    this.requireAuthorized('void');
    this.state = { ...this.state, state: PaymentState.VOIDED, pendingRevision: undefined };
    return [{ type: 'PaymentVoided', payload: this.ref() }];
  }

  /** The order was cancelled: the authorized amount goes back to the consumer. */
  reverse(): PaymentEvent[] {
    this.requireAuthorized('reverse');
    this.state = { ...this.state, state: PaymentState.REVERSED, pendingRevision: undefined };
    return [{ type: 'PaymentReversed', payload: { ...this.ref(), amount: this.state.amount } }];
  }

  /** The order asks for a new total: authorize it and hold it as pending, or decline and keep the old one. */
  reauthorize(revisionId: string, newAmount: Money, account: Account): PaymentEvent[] {
    this.requireAuthorized('re-authorize');
    const pending = this.state.pendingRevision;
    if (pending) throw new IllegalPaymentTransitionError('re-authorize', this.state.state, `revision ${pending.revisionId} is still pending`);
    const decision = account.decide(newAmount);
    if (!decision.approved) {
      return [{ type: 'PaymentReauthorizationDeclined', payload: { ...this.ref(), revisionId, reason: decision.reason } }];
    }
    this.state = { ...this.state, pendingRevision: { revisionId, amount: newAmount } };
    return [{ type: 'PaymentReauthorized', payload: { ...this.ref(), revisionId, amount: newAmount } }];
  }

  /** The order applied the revision: the pending total becomes the payment's amount. */
  applyRevision(revisionId: string): PaymentEvent[] {
    this.requireAuthorized('apply a revision to');
    const pending = this.state.pendingRevision;
    if (pending?.revisionId !== revisionId) {
      throw new IllegalPaymentTransitionError('apply a revision to', this.state.state, `revision ${revisionId} is not pending`);
    }
    this.state = { ...this.state, amount: pending.amount, pendingRevision: undefined };
    return [];
  }

  /**
   * The order dropped the revision: release the pending total. When accounting itself declined the
   * revision nothing is pending, and there is nothing to drop.
   */
  dropRevision(revisionId: string): PaymentEvent[] {
    this.requireAuthorized('drop a revision of');
    const pending = this.state.pendingRevision;
    if (pending && pending.revisionId !== revisionId) {
      throw new IllegalPaymentTransitionError('drop a revision of', this.state.state, `revision ${pending.revisionId} is pending, not ${revisionId}`);
    }
    this.state = { ...this.state, pendingRevision: undefined };
    return [];
  }

  private requireAuthorized(action: string): void {
    if (this.state.state !== PaymentState.AUTHORIZED) throw new IllegalPaymentTransitionError(action, this.state.state);
  }

  private ref() {
    return { paymentId: this.state.id, orderId: this.state.orderId };
  }
}

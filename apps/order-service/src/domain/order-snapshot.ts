import type { ItemQuantity, Money, PricedLineItem } from '@ftgo/contracts';
import type { OrderState } from './order-state';

/**
 * A change the order asked the kitchen and the accounting for (cancel or revise), with each
 * side's confirmation: the change completes only when both agreed.
 */
export type PendingChange =
  | { kind: 'cancel'; kitchenAgreed: boolean; accountingAgreed: boolean }
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
  /** Why the order was rejected, or why the last cancel/revision was refused. */
  reason: string | null;
  /** Optimistic locking: the version this snapshot was read at. */
  version: number;
}

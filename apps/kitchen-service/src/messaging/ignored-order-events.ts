import { OrderEventType, orderEventSchemas, Topics } from '@ftgo/contracts';
import { ignoredEventHandlers } from '@ftgo/messaging';

/** Order events the kitchen hears but has nothing to do for: the ticket's fate is already settled. */
export const ignoredOrderEventHandlers = ignoredEventHandlers(
  Topics.order,
  [OrderEventType.OrderApproved, OrderEventType.OrderCancelled, OrderEventType.OrderCancelRefused],
  orderEventSchemas,
);

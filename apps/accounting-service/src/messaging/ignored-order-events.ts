import { OrderEventType, orderEventSchemas, Topics } from '@ftgo/contracts';
import { ignoredEventHandlers } from '@ftgo/messaging';

/**
 * Order events accounting hears but has nothing to do for: approval changes nothing in a payment,
 * and a cancel only reverses once the kitchen agreed (OrderCancelled).
 */
export const ignoredOrderEventHandlers = ignoredEventHandlers(
  Topics.order,
  [OrderEventType.OrderApproved, OrderEventType.OrderCancelRequested, OrderEventType.OrderCancelRefused],
  orderEventSchemas,
);

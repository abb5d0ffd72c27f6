import { ignoredOrderEventHandlers } from './ignored-order-events';
import { OrderCancelRequestedHandler } from './order-cancel-requested.handler';
import { OrderCreatedHandler } from './order-created.handler';
import { OrderRejectedHandler } from './order-rejected.handler';
import { OrderRevisedHandler, OrderRevisionRefusedHandler, OrderRevisionRequestedHandler } from './order-revision.handlers';

/** Every order event type has exactly one handler here: the ones that act, and the ones that need not. */
export const kitchenHandlers = [
  OrderCreatedHandler,
  OrderRejectedHandler,
  OrderCancelRequestedHandler,
  OrderRevisionRequestedHandler,
  OrderRevisedHandler,
  OrderRevisionRefusedHandler,
  ...ignoredOrderEventHandlers,
];

/** Where an order answer points: the order itself (every command answers with its Location). */
export const ORDER_LOCATION = {
  Location: { description: 'The order: /orders/{id}', schema: { type: 'string' } },
};

const byId = { id: '$response.body#/id' };

/**
 * OpenAPI links from an order in a response to what a client does next with it: read it (the
 * outcome of a pending change shows there), cancel or revise it, watch its ticket. A client (or
 * a fuzzer's stateful phase) follows them without knowing the URLs.
 */
export const ORDER_LINKS = {
  GetOrder: { operationId: 'OrdersController_get', parameters: byId, description: 'Read the order (and its outcome)' },
  CancelOrder: { operationId: 'OrdersController_cancel', parameters: byId, description: 'Ask to cancel it' },
  ReviseOrder: { operationId: 'OrdersController_revise', parameters: byId, description: 'Ask to change its quantities' },
  ListConsumerOrders: {
    operationId: 'OrdersController_list',
    parameters: { consumerId: '$response.body#/consumerId' },
    description: "The consumer's orders",
  },
};

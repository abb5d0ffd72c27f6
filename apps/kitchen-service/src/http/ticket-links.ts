const byId = { id: '$response.body#/id' };

/**
 * OpenAPI links from a ticket in a response to the kitchen's next verbs on it, and back to the
 * ticket: a client (or a fuzzer's stateful phase) walks the ticket's life without building URLs.
 */
export const TICKET_LINKS = {
  GetTicket: { operationId: 'TicketsController_get', parameters: byId, description: 'Read the ticket' },
  AcceptTicket: { operationId: 'TicketsController_accept', parameters: byId, description: 'AWAITING_ACCEPTANCE → ACCEPTED' },
  StartPreparing: { operationId: 'TicketsController_preparing', parameters: byId, description: 'ACCEPTED → PREPARING' },
  MarkReadyForPickup: { operationId: 'TicketsController_readyForPickup', parameters: byId, description: 'PREPARING → READY_FOR_PICKUP' },
  MarkPickedUp: { operationId: 'TicketsController_pickedUp', parameters: byId, description: 'READY_FOR_PICKUP → PICKED_UP' },
};

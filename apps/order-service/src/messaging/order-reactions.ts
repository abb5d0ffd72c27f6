import { PaymentEventType, paymentEventSchemas, TicketEventType, ticketEventSchemas, Topics } from '@ftgo/contracts';
import { ignoredEventHandlers } from '@ftgo/messaging';
import { orderReaction } from './order-reaction';

/** How the order answers kitchen.ticket.events: approval, rejection, cancel and revision outcomes. */
export const ticketReactions = [
  orderReaction(Topics.ticket, TicketEventType.TicketCreated, (order, { ticketId }) => order.confirmTicket(ticketId)),
  orderReaction(Topics.ticket, TicketEventType.TicketRejected, (order, { reason }) =>
    order.reject(`kitchen rejected the order: ${reason}`),
  ),
  orderReaction(Topics.ticket, TicketEventType.TicketCancelled, (order) => order.confirmTicketCancelled()),
  orderReaction(Topics.ticket, TicketEventType.TicketCancelRefused, (order, { reason }) => order.refuseCancel(reason)),
  orderReaction(Topics.ticket, TicketEventType.TicketRevisionAccepted, (order, { revisionId }) =>
    order.acceptRevisionByKitchen(revisionId),
  ),
  orderReaction(Topics.ticket, TicketEventType.TicketRevisionRefused, (order, { revisionId, reason }) =>
    order.refuseRevision(revisionId, reason),
  ),
  // The ticket's progress in the kitchen changes nothing in the order.
  ...ignoredEventHandlers(
    Topics.ticket,
    [
      TicketEventType.TicketAccepted,
      TicketEventType.TicketPreparationStarted,
      TicketEventType.TicketReadyForPickup,
      TicketEventType.TicketPickedUp,
    ],
    ticketEventSchemas,
  ),
];

/** How the order answers accounting.payment.events. */
export const paymentReactions = [
  orderReaction(Topics.payment, PaymentEventType.PaymentAuthorized, (order, { paymentId }) => order.confirmPayment(paymentId)),
  orderReaction(Topics.payment, PaymentEventType.PaymentDeclined, (order, { reason }) =>
    order.reject(`payment declined: ${reason}`),
  ),
  orderReaction(Topics.payment, PaymentEventType.PaymentReversed, (order) => order.confirmPaymentReversed()),
  orderReaction(Topics.payment, PaymentEventType.PaymentReauthorized, (order, { revisionId }) =>
    order.acceptRevisionByAccounting(revisionId),
  ),
  orderReaction(Topics.payment, PaymentEventType.PaymentReauthorizationDeclined, (order, { revisionId, reason }) =>
    order.refuseRevision(revisionId, reason),
  ),
  // A voided authorization follows the order's own rejection: nothing left to do.
  ...ignoredEventHandlers(Topics.payment, [PaymentEventType.PaymentVoided], paymentEventSchemas),
];

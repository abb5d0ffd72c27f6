import { PaymentEventType, TicketEventType, Topics } from '@ftgo/contracts';
import { noReaction, orderReaction } from './order-reaction';

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
  noReaction(Topics.ticket, TicketEventType.TicketAccepted),
  noReaction(Topics.ticket, TicketEventType.TicketPreparationStarted),
  noReaction(Topics.ticket, TicketEventType.TicketReadyForPickup),
  noReaction(Topics.ticket, TicketEventType.TicketPickedUp),
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
  noReaction(Topics.payment, PaymentEventType.PaymentVoided),
];

import { Inject, Injectable } from '@nestjs/common';
import { AggregateChanges } from '@ftgo/application';
import {
  type TicketCancelAccepted,
  type TicketCancelRefused,
  type TicketCreated,
  TicketEventType,
  type TicketRejected,
  type TicketRevisionAccepted,
  type TicketRevisionRefused,
  Topics,
} from '@ftgo/contracts';
import { EventHandler, type HandlerContext } from '@ftgo/messaging';
import { Outbox } from '@ftgo/outbox';
import type { Order } from '../domain/order';
import type { OrderEvent } from '../domain/order-events';
import { OrderRepository } from '../persistence/order.repository';

/**
 * How the order answers the kitchen (kitchen.ticket.events): approval, rejection, cancel and
 * revision outcomes. Each answer is one reaction: the order it names decides, in the
 * transaction that records the message. What the kitchen does on the order's own decisions
 * (TicketConfirmed, TicketCancelled) and the ticket's progress (accepted, preparing, ready,
 * picked up) change nothing in the order: those types are acknowledged.
 */
@Injectable()
export class TicketEventsHandler {
  private readonly changes: AggregateChanges<Order, OrderEvent>;

  constructor(
    @Inject(OrderRepository) private readonly orders: OrderRepository,
    @Inject(Outbox) outbox: Outbox,
  ) {
    this.changes = new AggregateChanges(Topics.order, orders, outbox);
  }

  @EventHandler(Topics.ticket, TicketEventType.TicketCreated)
  onTicketCreated(event: TicketCreated, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.confirmTicket(event.ticketId));
  }

  @EventHandler(Topics.ticket, TicketEventType.TicketRejected)
  onTicketRejected(event: TicketRejected, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.reject(`kitchen rejected the order: ${event.reason}`));
  }

  @EventHandler(Topics.ticket, TicketEventType.TicketCancelAccepted)
  onTicketCancelAccepted(event: TicketCancelAccepted, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.acceptCancelByKitchen(event.cancellationId));
  }

  @EventHandler(Topics.ticket, TicketEventType.TicketCancelRefused)
  onTicketCancelRefused(event: TicketCancelRefused, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.refuseCancel(event.cancellationId, event.reason));
  }

  @EventHandler(Topics.ticket, TicketEventType.TicketRevisionAccepted)
  onTicketRevisionAccepted(event: TicketRevisionAccepted, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.acceptRevisionByKitchen(event.revisionId));
  }

  @EventHandler(Topics.ticket, TicketEventType.TicketRevisionRefused)
  onTicketRevisionRefused(event: TicketRevisionRefused, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (order) => order.refuseRevision(event.revisionId, event.reason));
  }

  private react(orderId: string, context: HandlerContext, decide: (order: Order) => OrderEvent[]): Promise<void> {
    return this.changes.react(context, (manager) => this.orders.get(manager, orderId), decide);
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { acknowledgeUnchanged, AggregateChanges, toOutboxEvents } from '@ftgo/application';
import {
  type OrderApproved,
  type OrderCancelled,
  type OrderCancelRefused,
  type OrderCancelRequested,
  type OrderCreated,
  OrderEventType,
  type OrderRejected,
  type OrderRevised,
  type OrderRevisionRefused,
  type OrderRevisionRequested,
  Topics,
} from '@ftgo/contracts';
import { EventHandler, type HandlerContext } from '@ftgo/messaging';
import { Outbox } from '@ftgo/outbox';
import { Ticket } from '../domain/ticket';
import type { TicketEvent } from '../domain/ticket-events';
import { RestaurantRepository } from '../persistence/restaurant.repository';
import { TicketRepository } from '../persistence/ticket.repository';

/**
 * How the kitchen follows the order (order.events): a pending ticket for every new order,
 * confirmed when the order is approved and cancelled when it is rejected; the order's cancels
 * and revisions held until the order decides them.
 */
@Injectable()
export class OrderEventsHandler {
  private readonly changes: AggregateChanges<Ticket, TicketEvent>;

  constructor(
    @Inject(TicketRepository) private readonly tickets: TicketRepository,
    @Inject(RestaurantRepository) private readonly restaurants: RestaurantRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {
    this.changes = new AggregateChanges(Topics.ticket, tickets, outbox);
  }

  /** A ticket CREATE_PENDING (TicketCreated), or REJECTED (TicketRejected) when the kitchen cannot take it. */
  @EventHandler(Topics.order, OrderEventType.OrderCreated)
  async onOrderCreated(order: OrderCreated, context: HandlerContext): Promise<void> {
    const { manager, causedBy } = context;
    // The message id dedups redeliveries; this covers the same order published twice under new ids.
    const existing = await this.tickets.findByOrderId(manager, order.orderId);
    if (existing) return acknowledgeUnchanged(context, `order ${order.orderId} already has ticket ${existing.id} (${existing.state})`);
    const restaurant = await this.restaurants.findById(manager, order.restaurantId);
    const lineItems = order.lineItems.map(({ menuItemId, quantity }) => ({ menuItemId, quantity }));
    const { ticket, events } = Ticket.create({ id: randomUUID(), orderId: order.orderId, restaurantId: order.restaurantId, lineItems }, restaurant);
    await this.tickets.insert(manager, ticket);
    await this.outbox.add(manager, toOutboxEvents(Topics.ticket, ticket.id, events).map(causedBy));
  }

  /** Ticket and payment are confirmed: the kitchen may cook (TicketConfirmed, AWAITING_ACCEPTANCE). */
  @EventHandler(Topics.order, OrderEventType.OrderApproved)
  onOrderApproved(event: OrderApproved, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (ticket) => ticket.confirm());
  }

  /** Compensation: the order was rejected (payment declined, or its deadline passed), so its pending ticket is cancelled. */
  @EventHandler(Topics.order, OrderEventType.OrderRejected)
  onOrderRejected(event: OrderRejected, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (ticket) => ticket.compensateRejectedOrder());
  }

  /** The customer cancels: held (TicketCancelAccepted) until preparation starts, TicketCancelRefused after. */
  @EventHandler(Topics.order, OrderEventType.OrderCancelRequested)
  onOrderCancelRequested(event: OrderCancelRequested, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (ticket) => ticket.requestCancel(event.cancellationId));
  }

  /** The order is cancelled: the held cancel is final (TicketCancelled). */
  @EventHandler(Topics.order, OrderEventType.OrderCancelled)
  onOrderCancelled(event: OrderCancelled, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (ticket) => ticket.confirmCancel(event.cancellationId));
  }

  /** The cancel is off (refused, or it timed out before the kitchen answered): a held cancel is released. */
  @EventHandler(Topics.order, OrderEventType.OrderCancelRefused)
  onOrderCancelRefused(event: OrderCancelRefused, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (ticket) => ticket.releaseCancel(event.cancellationId));
  }

  /**
   * A revision is a small two-step agreement: the kitchen accepts (and holds the new quantities
   * as pending) or refuses; the order then applies it (OrderRevised) or drops it (OrderRevisionRefused).
   */
  @EventHandler(Topics.order, OrderEventType.OrderRevisionRequested)
  onOrderRevisionRequested(event: OrderRevisionRequested, context: HandlerContext): Promise<void> {
    const { revisionId, lineItems } = event;
    return this.react(event.orderId, context, async (ticket) => {
      const restaurant = await this.restaurants.findById(context.manager, ticket.restaurantId);
      const problem = restaurant ? restaurant.problemWith(lineItems) : `no restaurant ${ticket.restaurantId}`;
      return problem ? ticket.refuseRevision(revisionId, problem) : ticket.proposeRevision({ revisionId, lineItems });
    });
  }

  @EventHandler(Topics.order, OrderEventType.OrderRevised)
  onOrderRevised(event: OrderRevised, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (ticket) => ticket.applyRevision(event.revisionId));
  }

  @EventHandler(Topics.order, OrderEventType.OrderRevisionRefused)
  onOrderRevisionRefused(event: OrderRevisionRefused, context: HandlerContext): Promise<void> {
    return this.react(event.orderId, context, (ticket) => ticket.dropRevision(event.revisionId));
  }

  /** OrderCreated comes first on the order's partition: no ticket means it was dead-lettered, and no retry helps. */
  private react(orderId: string, context: HandlerContext, decide: (ticket: Ticket) => TicketEvent[] | Promise<TicketEvent[]>): Promise<void> {
    return this.changes.react(context, (manager) => this.tickets.getByOrderId(manager, orderId), decide);
  }
}

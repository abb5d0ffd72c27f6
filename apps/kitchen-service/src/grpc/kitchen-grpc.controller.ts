import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import type { Ticket } from '@ftgo/contracts';
import { GrpcCallInterceptor, GrpcExceptionFilter } from '@ftgo/platform';
import { map, type Observable } from 'rxjs';
import type { z } from 'zod';
import { RestaurantQueries } from '../application/restaurant-queries';
import { TicketCommands } from '../application/ticket-commands';
import { TicketQueries } from '../application/ticket-queries';
import type { PricedOrder } from '../domain/restaurant';
import type { TicketSnapshot } from '../domain/ticket';
import {
  acceptTicketRequest,
  getTicketByOrderRequest,
  getTicketRequest,
  ticketVerbRequest,
  validateOrderRequest,
} from './kitchen-grpc.schemas';

function toGrpcTicket(ticket: TicketSnapshot): Ticket {
  return {
    ticketId: ticket.id,
    orderId: ticket.orderId,
    restaurantId: ticket.restaurantId,
    state: ticket.state,
    lineItems: ticket.lineItems,
    readyBy: ticket.readyBy ?? '',
    version: ticket.version,
  };
}

/**
 * kitchen.v1.KitchenService over the same commands and queries as the REST API. Each request is
 * validated by its zod schema (INVALID_ARGUMENT); domain errors and bugs become statuses in
 * GrpcExceptionFilter; GrpcCallInterceptor carries the caller's correlation id and deadline.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
export class KitchenGrpcController {
  constructor(
    @Inject(RestaurantQueries) private readonly restaurants: RestaurantQueries,
    @Inject(TicketQueries) private readonly tickets: TicketQueries,
    @Inject(TicketCommands) private readonly commands: TicketCommands,
  ) {}

  @GrpcMethod('KitchenService', 'ValidateOrder')
  validateOrder(@Payload({ schema: validateOrderRequest }) request: z.output<typeof validateOrderRequest>): Promise<PricedOrder> {
    return this.restaurants.validateOrder(request.restaurantId, request.lineItems);
  }

  @GrpcMethod('KitchenService', 'GetTicket')
  async getTicket(@Payload({ schema: getTicketRequest }) request: z.output<typeof getTicketRequest>): Promise<Ticket> {
    return toGrpcTicket(await this.tickets.byId(request.ticketId));
  }

  @GrpcMethod('KitchenService', 'GetTicketByOrder')
  async getTicketByOrder(@Payload({ schema: getTicketByOrderRequest }) request: z.output<typeof getTicketByOrderRequest>): Promise<Ticket> {
    return toGrpcTicket(await this.tickets.byOrderId(request.orderId));
  }

  /** Server streaming: Nest writes each value of the Observable and ends the call when it completes. */
  @GrpcMethod('KitchenService', 'WatchTicket')
  watchTicket(@Payload({ schema: getTicketRequest }) request: z.output<typeof getTicketRequest>): Observable<Ticket> {
    return this.tickets.watch(request.ticketId).pipe(map(toGrpcTicket));
  }

  @GrpcMethod('KitchenService', 'AcceptTicket')
  async acceptTicket(@Payload({ schema: acceptTicketRequest }) request: z.output<typeof acceptTicketRequest>): Promise<Ticket> {
    return toGrpcTicket(await this.commands.accept(request.ticketId, request.readyBy, request.expectedVersion));
  }

  @GrpcMethod('KitchenService', 'StartPreparing')
  async startPreparing(@Payload({ schema: ticketVerbRequest }) request: z.output<typeof ticketVerbRequest>): Promise<Ticket> {
    return toGrpcTicket(await this.commands.startPreparing(request.ticketId, request.expectedVersion));
  }

  @GrpcMethod('KitchenService', 'MarkReadyForPickup')
  async markReadyForPickup(@Payload({ schema: ticketVerbRequest }) request: z.output<typeof ticketVerbRequest>): Promise<Ticket> {
    return toGrpcTicket(await this.commands.markReadyForPickup(request.ticketId, request.expectedVersion));
  }

  @GrpcMethod('KitchenService', 'MarkPickedUp')
  async markPickedUp(@Payload({ schema: ticketVerbRequest }) request: z.output<typeof ticketVerbRequest>): Promise<Ticket> {
    return toGrpcTicket(await this.commands.markPickedUp(request.ticketId, request.expectedVersion));
  }
}

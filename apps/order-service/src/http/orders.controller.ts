import { Body, Controller, Get, Headers, HttpCode, Inject, type MessageEvent, Param, Post, Query, Res, Sse } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, openApiSchemaOf } from '@ftgo/platform';
import type { Response } from 'express';
import { catchError, concat, map, type Observable, of } from 'rxjs';
import { checkIdempotencyKey } from '../application/idempotency-key';
import { OrderCommands } from '../application/order-commands';
import { OrderQueries } from '../application/order-queries';
import {
  type CreateOrderRequest,
  createOrderSchema,
  getOrderQuerySchema,
  idempotencyKeySchema,
  listOrdersQuerySchema,
  orderIdSchema,
  type ReviseOrderRequest,
  reviseOrderSchema,
} from './orders.schemas';
import { composedOrderViewSchema, orderListSchema, orderPath, orderView, orderViewSchema, ticketProgressEventSchema } from './order.view';
import { ORDER_LINKS, ORDER_LOCATION } from './order-links';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    @Inject(OrderCommands) private readonly commands: OrderCommands,
    @Inject(OrderQueries) private readonly queries: OrderQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Place an order: 201 + Location; the kitchen validates it first (503 + Retry-After if unavailable)' })
  @ApiBody({ schema: openApiSchemaOf(createOrderSchema) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, schema: openApiSchemaOf(idempotencyKeySchema) })
  @ApiCreatedResponse({
    description: 'The order, APPROVAL_PENDING (or the first order again for a replayed Idempotency-Key)',
    standardSchema: orderViewSchema,
    headers: {
      ...ORDER_LOCATION,
      'Idempotent-Replayed': { description: '`true` when this answers a retry with the same key', schema: { type: 'string', enum: ['true'] } },
    },
    links: ORDER_LINKS,
  })
  @ApiErrorResponses(400, 404, 413, 415, 422, 503)
  async create(
    @Body({ schema: createOrderSchema }) body: CreateOrderRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const key = idempotencyKey === undefined ? undefined : checkIdempotencyKey(idempotencyKey);
    const { order, replayed } = await this.commands.create(body, key);
    response.status(201).location(orderPath(order.id));
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return orderView(order);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An order; ?include=ticket,payment composes the kitchen ticket and the payment (each may be "unavailable")' })
  @ApiOkResponse({ description: 'The order, with the parts asked for', standardSchema: composedOrderViewSchema })
  @ApiErrorResponses(400, 404, 503)
  async get(@Param('id', { schema: orderIdSchema }) id: string, @Query({ schema: getOrderQuerySchema }) query: { include: Array<'ticket' | 'payment'> }) {
    const { order, ...parts } = await this.queries.get(id, query.include);
    return { ...orderView(order), ...parts };
  }

  /**
   * Server-sent events, fed by kitchen's server-streaming WatchTicket: one `ticket` event now and
   * one per change, ending after a final state. Before the first event the answer is plain HTTP
   * (404, 409 without a ticket yet, 503 + Retry-After when the kitchen is unavailable); a stream
   * that breaks later ends with an `unavailable` event, and the client reconnects.
   */
  @Sse(':id/ticket-progress')
  @ApiOperation({ summary: "The order's ticket as it changes (text/event-stream), streamed from the kitchen over gRPC" })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: '`ticket` events until a final state; `unavailable` if the stream breaks',
    content: { 'text/event-stream': { schema: openApiSchemaOf(ticketProgressEventSchema, 'output') } },
  })
  @ApiErrorResponses(400, 404, 409, 503)
  async ticketProgress(@Param('id', { schema: orderIdSchema }) id: string): Promise<Observable<MessageEvent>> {
    const { first, rest } = await this.queries.ticketProgress(id);
    const ticketEvent = (data: object): MessageEvent => ({ type: 'ticket', data });
    return concat(first ? of(first) : of(), rest).pipe(
      map(ticketEvent),
      catchError((error: Error) => of<MessageEvent>({ type: 'unavailable', data: { reason: error.message } })),
    );
  }

  @Get()
  @ApiOperation({ summary: "A consumer's orders, newest first (at most 100)" })
  @ApiOkResponse({ description: "The consumer's orders", standardSchema: orderListSchema })
  @ApiErrorResponses(400, 503)
  async list(@Query({ schema: listOrdersQuerySchema }) query: { consumerId: string }) {
    return { orders: (await this.queries.listByConsumer(query.consumerId)).map(orderView) };
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask to cancel: 202 with CANCEL_PENDING; the outcome (CANCELLED, or APPROVED with a reason) shows on GET' })
  @ApiAcceptedResponse({ description: 'The order, CANCEL_PENDING', standardSchema: orderViewSchema, headers: ORDER_LOCATION, links: ORDER_LINKS })
  @ApiErrorResponses(400, 404, 409, 503)
  async cancel(@Param('id', { schema: orderIdSchema }) id: string, @Res({ passthrough: true }) response: Response) {
    const order = await this.commands.cancel(id);
    response.location(orderPath(order.id));
    return orderView(order);
  }

  @Post(':id/revise')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask to change quantities: 202 with REVISION_PENDING; the outcome shows on GET' })
  @ApiBody({ schema: openApiSchemaOf(reviseOrderSchema) })
  @ApiAcceptedResponse({ description: 'The order, REVISION_PENDING', standardSchema: orderViewSchema, headers: ORDER_LOCATION, links: ORDER_LINKS })
  @ApiErrorResponses(400, 404, 409, 413, 415, 422, 503)
  async revise(
    @Param('id', { schema: orderIdSchema }) id: string,
    @Body({ schema: reviseOrderSchema }) body: ReviseOrderRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const order = await this.commands.revise(id, body.lineItems);
    response.location(orderPath(order.id));
    return orderView(order);
  }
}

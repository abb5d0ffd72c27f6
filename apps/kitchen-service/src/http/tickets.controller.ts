import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, openApiSchemaOf } from '@ftgo/platform';
import { z } from 'zod';
import { TicketCommands } from '../application/ticket-commands';
import { TicketQueries } from '../application/ticket-queries';
import { TICKET_LINKS } from './ticket-links';
import { ticketView, type TicketView, ticketViewSchema } from './ticket.view';
import { type AcceptTicketBody, acceptTicketBody, type TicketVerbBody, ticketVerbBody, uuidParam } from './tickets.schemas';

/**
 * The kitchen drives its tickets with sub-resource verbs: each POST names one business action,
 * which the aggregate checks against the current state. Domain errors become 404/409/422 through
 * the platform's DomainErrorFilter (409 bodies carry `currentState`); malformed input is a 400.
 */
@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    @Inject(TicketCommands) private readonly commands: TicketCommands,
    @Inject(TicketQueries) private readonly queries: TicketQueries,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The ticket of one order (a list of zero or one): GET /tickets?orderId=...' })
  @ApiOkResponse({ description: "The order's ticket, or [] while it has none", standardSchema: z.array(ticketViewSchema) })
  @ApiErrorResponses(400, 503)
  async byOrder(@Query('orderId', { schema: uuidParam }) orderId: string): Promise<TicketView[]> {
    return (await this.queries.listByOrderId(orderId)).map(ticketView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A ticket with its state, line items and version' })
  @ApiOkResponse({ description: 'The ticket', standardSchema: ticketViewSchema, links: TICKET_LINKS })
  @ApiErrorResponses(400, 404, 503)
  async get(@Param('id', { schema: uuidParam }) id: string): Promise<TicketView> {
    return ticketView(await this.queries.byId(id));
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'AWAITING_ACCEPTANCE → ACCEPTED, promising the food by readyBy' })
  @ApiBody({ schema: openApiSchemaOf(acceptTicketBody) })
  @ApiOkResponse({ description: 'The ticket after the change', standardSchema: ticketViewSchema, links: TICKET_LINKS })
  @ApiErrorResponses(400, 404, 409, 413, 415, 422, 503)
  async accept(@Param('id', { schema: uuidParam }) id: string, @Body({ schema: acceptTicketBody }) body: AcceptTicketBody) {
    return ticketView(await this.commands.accept(id, body.readyBy, body.expectedVersion));
  }

  @Post(':id/preparing')
  @HttpCode(200)
  @ApiOperation({ summary: 'ACCEPTED → PREPARING; from now on cancel and revise are refused' })
  @ApiBody({ schema: openApiSchemaOf(ticketVerbBody), required: false })
  @ApiOkResponse({ description: 'The ticket after the change', standardSchema: ticketViewSchema, links: TICKET_LINKS })
  @ApiErrorResponses(400, 404, 409, 413, 415, 503)
  async preparing(@Param('id', { schema: uuidParam }) id: string, @Body({ schema: ticketVerbBody }) body: TicketVerbBody) {
    return ticketView(await this.commands.startPreparing(id, body?.expectedVersion));
  }

  @Post(':id/ready-for-pickup')
  @HttpCode(200)
  @ApiOperation({ summary: 'PREPARING → READY_FOR_PICKUP' })
  @ApiBody({ schema: openApiSchemaOf(ticketVerbBody), required: false })
  @ApiOkResponse({ description: 'The ticket after the change', standardSchema: ticketViewSchema, links: TICKET_LINKS })
  @ApiErrorResponses(400, 404, 409, 413, 415, 503)
  async readyForPickup(@Param('id', { schema: uuidParam }) id: string, @Body({ schema: ticketVerbBody }) body: TicketVerbBody) {
    return ticketView(await this.commands.markReadyForPickup(id, body?.expectedVersion));
  }

  @Post(':id/picked-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'READY_FOR_PICKUP → PICKED_UP' })
  @ApiBody({ schema: openApiSchemaOf(ticketVerbBody), required: false })
  @ApiOkResponse({ description: 'The ticket after the change', standardSchema: ticketViewSchema, links: TICKET_LINKS })
  @ApiErrorResponses(400, 404, 409, 413, 415, 503)
  async pickedUp(@Param('id', { schema: uuidParam }) id: string, @Body({ schema: ticketVerbBody }) body: TicketVerbBody) {
    return ticketView(await this.commands.markPickedUp(id, body?.expectedVersion));
  }
}

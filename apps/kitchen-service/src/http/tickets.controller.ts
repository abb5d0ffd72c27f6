import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf } from '@ftgo/platform';
import { TicketCommands } from '../application/ticket-commands';
import { TicketQueries } from '../application/ticket-queries';
import type { TicketSnapshot } from '../domain/ticket';
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
  byOrder(@Query('orderId', { schema: uuidParam }) orderId: string): Promise<TicketSnapshot[]> {
    return this.queries.listByOrderId(orderId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A ticket with its state, line items and version' })
  get(@Param('id', { schema: uuidParam }) id: string): Promise<TicketSnapshot> {
    return this.queries.byId(id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'AWAITING_ACCEPTANCE → ACCEPTED, promising the food by readyBy' })
  @ApiBody({ schema: openApiSchemaOf(acceptTicketBody) })
  accept(@Param('id', { schema: uuidParam }) id: string, @Body({ schema: acceptTicketBody }) body: AcceptTicketBody) {
    return this.commands.accept(id, body.readyBy, body.expectedVersion);
  }

  @Post(':id/preparing')
  @HttpCode(200)
  @ApiOperation({ summary: 'ACCEPTED → PREPARING; from now on cancel and revise are refused' })
  @ApiBody({ schema: openApiSchemaOf(ticketVerbBody), required: false })
  preparing(@Param('id', { schema: uuidParam }) id: string, @Body({ schema: ticketVerbBody }) body: TicketVerbBody) {
    return this.commands.startPreparing(id, body?.expectedVersion);
  }

  @Post(':id/ready-for-pickup')
  @HttpCode(200)
  @ApiOperation({ summary: 'PREPARING → READY_FOR_PICKUP' })
  @ApiBody({ schema: openApiSchemaOf(ticketVerbBody), required: false })
  readyForPickup(@Param('id', { schema: uuidParam }) id: string, @Body({ schema: ticketVerbBody }) body: TicketVerbBody) {
    return this.commands.markReadyForPickup(id, body?.expectedVersion);
  }

  @Post(':id/picked-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'READY_FOR_PICKUP → PICKED_UP' })
  @ApiBody({ schema: openApiSchemaOf(ticketVerbBody), required: false })
  pickedUp(@Param('id', { schema: uuidParam }) id: string, @Body({ schema: ticketVerbBody }) body: TicketVerbBody) {
    return this.commands.markPickedUp(id, body?.expectedVersion);
  }
}

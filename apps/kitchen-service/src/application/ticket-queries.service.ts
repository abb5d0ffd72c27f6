import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TicketSnapshot } from '../domain/ticket';
import { TicketNotFoundError } from '../domain/ticket-errors';
import { TicketRepository } from '../persistence/ticket.repository';
import { requireUuid } from './require-uuid';

@Injectable()
export class TicketQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tickets: TicketRepository,
  ) {}

  async byId(ticketId: string): Promise<TicketSnapshot> {
    const ticket = await this.tickets.findById(this.dataSource.manager, requireUuid(ticketId, 'ticketId'));
    if (!ticket) throw new TicketNotFoundError(`no ticket ${ticketId}`);
    return ticket.snapshot();
  }

  /** API composition reads the ticket by the order it belongs to. */
  async byOrderId(orderId: string): Promise<TicketSnapshot> {
    const [ticket] = await this.listByOrderId(orderId);
    if (!ticket) throw new TicketNotFoundError(`no ticket for order ${orderId}`);
    return ticket;
  }

  /** A list of zero or one: the ticket may not exist yet while OrderCreated is on its way. */
  async listByOrderId(orderId: string): Promise<TicketSnapshot[]> {
    const ticket = await this.tickets.findByOrderId(this.dataSource.manager, requireUuid(orderId, 'orderId'));
    return ticket ? [ticket.snapshot()] : [];
  }
}

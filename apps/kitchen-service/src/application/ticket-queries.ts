import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TicketSnapshot } from '../domain/ticket';
import { TicketRepository } from '../persistence/ticket.repository';

/** The tickets as REST and gRPC read them. */
@Injectable()
export class TicketQueries {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TicketRepository) private readonly tickets: TicketRepository,
  ) {}

  async byId(ticketId: string): Promise<TicketSnapshot> {
    return (await this.tickets.get(this.dataSource.manager, ticketId)).snapshot();
  }

  /** API composition reads the ticket by the order it belongs to. */
  async byOrderId(orderId: string): Promise<TicketSnapshot> {
    return (await this.tickets.getByOrderId(this.dataSource.manager, orderId)).snapshot();
  }

  /** A list of zero or one: the ticket may not exist yet while OrderCreated is on its way. */
  async listByOrderId(orderId: string): Promise<TicketSnapshot[]> {
    const ticket = await this.tickets.findByOrderId(this.dataSource.manager, orderId);
    return ticket ? [ticket.snapshot()] : [];
  }
}

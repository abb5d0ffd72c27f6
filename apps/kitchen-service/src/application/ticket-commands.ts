import { Inject, Injectable } from '@nestjs/common';
import { AggregateChanges } from '@ftgo/application';
import { Topics } from '@ftgo/contracts';
import { Outbox } from '@ftgo/outbox';
import { DataSource } from 'typeorm';
import type { Ticket, TicketSnapshot } from '../domain/ticket';
import { ConcurrentTicketChangeError } from '../domain/ticket-errors';
import type { TicketEvent } from '../domain/ticket-events';
import { TicketRepository } from '../persistence/ticket.repository';

/**
 * The kitchen's own verbs on a ticket, shared by REST and gRPC; each is one visible transaction.
 * `expectedVersion` is the client's side of optimistic locking: "only if the ticket is still at
 * the version I saw".
 */
@Injectable()
export class TicketCommands {
  private readonly changes: AggregateChanges<Ticket, TicketEvent>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TicketRepository) private readonly tickets: TicketRepository,
    @Inject(Outbox) outbox: Outbox,
  ) {
    this.changes = new AggregateChanges(Topics.ticket, tickets, outbox);
  }

  accept(ticketId: string, readyBy: Date, expectedVersion?: number): Promise<TicketSnapshot> {
    return this.change(ticketId, expectedVersion, (ticket) => ticket.accept(readyBy));
  }

  startPreparing(ticketId: string, expectedVersion?: number): Promise<TicketSnapshot> {
    return this.change(ticketId, expectedVersion, (ticket) => ticket.startPreparing());
  }

  markReadyForPickup(ticketId: string, expectedVersion?: number): Promise<TicketSnapshot> {
    return this.change(ticketId, expectedVersion, (ticket) => ticket.markReadyForPickup());
  }

  markPickedUp(ticketId: string, expectedVersion?: number): Promise<TicketSnapshot> {
    return this.change(ticketId, expectedVersion, (ticket) => ticket.markPickedUp());
  }

  private change(ticketId: string, expectedVersion: number | undefined, verb: (ticket: Ticket) => TicketEvent[]): Promise<TicketSnapshot> {
    return this.dataSource.transaction((manager) =>
      this.changes.change(
        manager,
        (m) => this.tickets.get(m, ticketId),
        (ticket) => {
          // The caller's view is stale: refuse before deciding anything on it.
          if (expectedVersion !== undefined && expectedVersion !== ticket.version) throw new ConcurrentTicketChangeError(ticketId, ticket.version);
          return verb(ticket);
        },
      ),
    );
  }
}

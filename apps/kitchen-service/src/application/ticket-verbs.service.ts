import { Injectable } from '@nestjs/common';
import { Outbox } from '@ftgo/outbox';
import { DataSource } from 'typeorm';
import type { Ticket, TicketSnapshot } from '../domain/ticket';
import { TicketNotFoundError, ConcurrentTicketChangeError } from '../domain/ticket-errors';
import type { TicketEvent } from '../domain/ticket-events';
import { toOutboxEvent } from '../messaging/ticket-outbox-events';
import { TicketRepository } from '../persistence/ticket.repository';
import { requireUuid } from './require-uuid';

/**
 * The kitchen's own verbs on a ticket, shared by REST and gRPC. Each is one visible transaction:
 * load, let the aggregate decide, save with the version check, add its events to the outbox.
 */
@Injectable()
export class TicketVerbs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tickets: TicketRepository,
    private readonly outbox: Outbox,
  ) {}

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

  private change(ticketId: string, expectedVersion: number | undefined, verb: (ticket: Ticket) => TicketEvent[]) {
    requireUuid(ticketId, 'ticketId');
    return this.dataSource.transaction(async (manager) => {
      const ticket = await this.tickets.findById(manager, ticketId);
      if (!ticket) throw new TicketNotFoundError(`no ticket ${ticketId}`);
      // The caller's view is stale: refuse before deciding anything on it.
      if (expectedVersion !== undefined && expectedVersion !== ticket.version) {
        throw new ConcurrentTicketChangeError(ticketId, ticket.version);
      }
      const events = verb(ticket);
      const version = await this.tickets.update(manager, ticket);
      await this.outbox.add(manager, events.map(toOutboxEvent));
      return { ...ticket.snapshot(), version };
    });
  }
}

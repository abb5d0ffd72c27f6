import { Inject, Injectable } from '@nestjs/common';
import { distinctUntilChanged, exhaustMap, type Observable, takeWhile, timer } from 'rxjs';
import { DataSource } from 'typeorm';
import type { TicketSnapshot } from '../domain/ticket';
import { FINAL_STATES } from '../domain/ticket-state';
import { TicketRepository } from '../persistence/ticket.repository';

/** How often a watched ticket is re-read: a change reaches the watcher within this long. */
export const TICKET_WATCH_POLL_MS = 200;

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

  /**
   * The ticket now, then each new version, completing after a final state. It reads the database
   * every `pollMs` instead of listening in-process, because the change may be made by any kitchen
   * instance (REST, gRPC or an event handler); a reader that unsubscribes stops the polling.
   */
  watch(ticketId: string, pollMs = TICKET_WATCH_POLL_MS): Observable<TicketSnapshot> {
    return timer(0, pollMs).pipe(
      exhaustMap(() => this.byId(ticketId)),
      distinctUntilChanged((previous, current) => previous.version === current.version),
      takeWhile((ticket) => !FINAL_STATES.includes(ticket.state), true),
    );
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

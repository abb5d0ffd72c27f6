import { DomainError } from '@ftgo/contracts';
import { type HandlerContext, PermanentError } from '@ftgo/messaging';
import { Outbox } from '@ftgo/outbox';
import { Injectable } from '@nestjs/common';
import type { Ticket } from '../domain/ticket';
import type { TicketEvent } from '../domain/ticket-events';
import { TicketRepository } from '../persistence/ticket.repository';
import { toOutboxEvent } from './ticket-outbox-events';

type Decision = TicketEvent[] | Promise<TicketEvent[]>;

/**
 * What every order-event handler does to the order's ticket, in the handler's transaction (the
 * one that also records the message as processed): load, let the aggregate decide, save with the
 * version check, and add the resulting events to the outbox as caused by the incoming message.
 */
@Injectable()
export class TicketOfOrder {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly outbox: Outbox,
  ) {}

  async change(orderId: string, context: HandlerContext, decide: (ticket: Ticket) => Decision): Promise<void> {
    const ticket = await this.tickets.findByOrderId(context.manager, orderId);
    // OrderCreated precedes every other event of the order on its partition: no ticket means it
    // was dead-lettered, and retrying this one cannot help.
    if (!ticket) throw new PermanentError(`no ticket for order ${orderId}`);
    const before = JSON.stringify(ticket.snapshot());
    const events = await decideOrGiveUp(() => decide(ticket));
    // Only a real change bumps the version: a refusal must not make a kitchen client's
    // expectedVersion stale. A version conflict here (a kitchen verb committed meanwhile) is
    // transient: the consumer retries the message, which reloads the ticket and decides again.
    if (JSON.stringify(ticket.snapshot()) !== before) await this.tickets.update(context.manager, ticket);
    await this.addEvents(context, events);
  }

  addEvents(context: HandlerContext, events: TicketEvent[]): Promise<string[]> {
    return this.outbox.add(context.manager, events.map((event) => context.causedBy(toOutboxEvent(event))));
  }
}

/** A domain refusal of an event is the same on every retry: dead-letter it with the reason. */
async function decideOrGiveUp(decide: () => Decision): Promise<TicketEvent[]> {
  try {
    return await decide();
  } catch (error) {
    if (error instanceof DomainError) throw new PermanentError(error.message, { cause: error });
    throw error;
  }
}

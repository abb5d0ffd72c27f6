import { randomUUID } from 'node:crypto';
import { parseEvent } from '@ftgo/contracts';
import { MessageHeaders } from '@ftgo/contracts/messaging';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { OutboxEvent } from './outbox-event';
import { outboxEventSchema } from './outbox-event.schema';

/** Thrown when `outbox.add` is called outside a transaction: the event could outlive a rollback. */
export class OutboxTransactionError extends Error {
  constructor() {
    super(
      'outbox.add must run inside the business transaction: pass the EntityManager of ' +
        'dataSource.transaction(async (manager) => ...), not the default one',
    );
    this.name = 'OutboxTransactionError';
  }
}

/**
 * An event's contract: throws when the topic has no such event type or the payload does not match
 * its schema. The default is the contracts' EventCatalog (`parseEvent`).
 */
export type EventContract = (topic: string, eventType: string, payload: unknown) => unknown;

/**
 * Thrown by `outbox.add` for an event that breaks its contract. It fails the producer's
 * transaction, where the bug is, instead of every consumer's.
 */
export class InvalidOutboxEventError extends TypeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidOutboxEventError';
  }
}

/** The headers stored with the row; the relay adds `message-id` (the row id) when it publishes. */
function headersOf(event: OutboxEvent, occurredAt: string): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    [MessageHeaders.eventType]: event.eventType,
    [MessageHeaders.aggregateType]: event.aggregateType,
    [MessageHeaders.aggregateId]: event.aggregateId,
    [MessageHeaders.correlationId]: event.correlationId,
    [MessageHeaders.causationId]: event.causationId,
    [MessageHeaders.occurredAt]: occurredAt,
    [MessageHeaders.traceparent]: event.traceparent,
  };
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>;
}

function checkContract(contract: EventContract, event: OutboxEvent, index: number): void {
  try {
    contract(event.topic, event.eventType, event.payload);
  } catch (error) {
    throw new InvalidOutboxEventError(`outbox.add: event ${index} breaks its contract: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Writes events into the outbox table in the caller's transaction: they commit or roll back with
 * the business change, so there is never an order without its event, nor an event without its order.
 * Every event is checked first, envelope and payload (against the event catalog): one invalid
 * event fails the whole call, and with it the caller's transaction.
 */
export class Outbox {
  constructor(private readonly contract: EventContract = parseEvent) {}

  async add(manager: EntityManager, events: OutboxEvent | OutboxEvent[]): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive) throw new OutboxTransactionError();
    const list = Array.isArray(events) ? events : [events];
    const checked = z.array(outboxEventSchema).safeParse(list);
    if (!checked.success) throw new InvalidOutboxEventError(`outbox.add: invalid event\n${z.prettifyError(checked.error)}`);
    list.forEach((event, index) => checkContract(this.contract, event, index));
    if (list.length === 0) return [];
    const occurredAt = new Date().toISOString();
    const ids = list.map(() => randomUUID());
    const rows = list.map((event, index) => ({
      id: ids[index],
      topic: event.topic,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      event_type: event.eventType,
      payload: event.payload,
      headers: headersOf(event, occurredAt),
    }));
    // One statement for the whole list, in list order: the sequence follows the caller's order.
    await manager.query(
      `INSERT INTO outbox_message (id, topic, aggregate_type, aggregate_id, event_type, payload, headers)
       SELECT id, topic, aggregate_type, aggregate_id, event_type, payload, headers
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id uuid, topic text, aggregate_type text,
         aggregate_id text, event_type text, payload jsonb, headers jsonb)) WITH ORDINALITY
       ORDER BY ordinality`,
      [JSON.stringify(rows)],
    );
    return ids;
  }
}

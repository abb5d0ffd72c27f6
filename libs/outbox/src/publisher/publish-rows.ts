import { aggregateOf, type OutboxRow } from '../schema/outbox-table';
import type { OutboxPublisher } from './outbox-publisher';
import { describeError, isPermanentPublishError } from './publish-error';

export interface PublishOutcome {
  /** Acknowledged by Kafka. */
  published: OutboxRow[];
  /** Refused by Kafka for what they are: they count an attempt. */
  rejected: { row: OutboxRow; error: string }[];
  /** Not tried because an earlier event of the same aggregate was rejected: order comes first. */
  held: OutboxRow[];
}

/**
 * Publishes the batch in one request; if Kafka refuses a message, publishes one by one to find it,
 * so that one poison message costs its own aggregate only. An outage (not a refused message)
 * rejects the whole call: the caller keeps every row for later.
 */
export async function publishRows(publisher: OutboxPublisher, rows: OutboxRow[]): Promise<PublishOutcome> {
  try {
    await publisher.publish(rows);
    return { published: rows, rejected: [], held: [] };
  } catch (error) {
    if (!isPermanentPublishError(error)) throw error;
    await publisher.reset();
  }
  const outcome: PublishOutcome = { published: [], rejected: [], held: [] };
  const blocked = new Set<string>();
  for (const row of rows) {
    if (blocked.has(aggregateOf(row))) {
      outcome.held.push(row);
      continue;
    }
    try {
      await publisher.publish([row]);
      outcome.published.push(row);
    } catch (error) {
      if (!isPermanentPublishError(error)) throw error;
      outcome.rejected.push({ row, error: describeError(error) });
      blocked.add(aggregateOf(row));
      await publisher.reset();
    }
  }
  return outcome;
}

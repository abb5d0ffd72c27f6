import { Logger } from '@nestjs/common';
import type { HandlerContext } from '@ftgo/messaging';
import { counter } from '@ftgo/platform';

const unchanged = counter({
  name: 'aggregate_reactions_unchanged_total',
  help: 'Business events acknowledged without a change: duplicates under a new message id, answers the aggregate no longer waits for',
  labelNames: ['topic', 'event_type'],
});

const logger = new Logger('UnchangedReaction');

/**
 * The one rule for a business event that changes nothing, in every consumer: a duplicate (the
 * same fact again, under a new message id) or an answer the aggregate no longer waits for (it
 * arrived after a decision, out of order) is acknowledged — one log line, one count — and never
 * dead-lettered. `AggregateChanges.react` applies it to every reaction; a creation handler calls
 * it when the aggregate already exists.
 */
export function acknowledgeUnchanged(context: Pick<HandlerContext, 'message'>, why: string): void {
  const { topic, eventType, messageId } = context.message;
  unchanged.inc({ topic, event_type: eventType });
  logger.log(`${eventType} ${messageId} changed nothing: ${why}`);
}

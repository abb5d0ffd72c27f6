import type { DataSource } from 'typeorm';
import { claimMessage } from '../dedup/processed-message-store';
import type { IncomingMessage } from '../envelope/incoming-message';
import type { HandlerRegistry } from '../handlers/handler-registry';
import { followUpOf } from '../handlers/message-handler';
import { validatePayload } from '../handlers/payload-schema';
import type { ConsumerConfig } from './consumer-config';
import { consumerMetrics } from './consumer-metrics';

export type ProcessingOutcome = 'processed' | 'duplicate';

/**
 * The heart of the pattern: ONE transaction per message that claims its id and runs its
 * handler with the same EntityManager. The business writes, any outbox events and the
 * processed_message row commit together or not at all, so a redelivered message either finds
 * its row (skip) or finds nothing (run again from scratch).
 *
 * Validation happens before the transaction: a bad payload is a permanent error that must not
 * hold a connection or leave a trace.
 */
export class MessageProcessor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: HandlerRegistry,
    private readonly config: Pick<ConsumerConfig, 'groupId' | 'idempotency'>,
  ) {}

  async process(message: IncomingMessage): Promise<ProcessingOutcome> {
    const handler = this.registry.resolve(message.topic, message.eventType);
    const payload = await validatePayload(handler.schema, message.body, message.eventType);
    const labels = { group: this.config.groupId, topic: message.topic };
    const stopTimer = consumerMetrics.handlerSeconds.startTimer({ ...labels, event_type: message.eventType });
    const outcome = await this.dataSource.transaction(async (manager): Promise<ProcessingOutcome> => {
      if (this.config.idempotency === 'track-message-ids') {
        const isFirstDelivery = await claimMessage(manager, this.config.groupId, message.messageId);
        if (!isFirstDelivery) return 'duplicate';
      }
      await handler.handle(payload, { manager, message, causedBy: followUpOf(message) });
      return 'processed';
    });
    stopTimer();
    (outcome === 'processed' ? consumerMetrics.processed : consumerMetrics.duplicates).inc(labels);
    return outcome;
  }
}

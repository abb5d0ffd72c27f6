import { SpanKind, SpanStatusCode, context as otelContext, trace } from '@opentelemetry/api';
import { contextFromHeaders, Correlation, ftgoTracer } from '@ftgo/platform';
import type { DataSource } from 'typeorm';
import { claimMessage } from '../dedup/processed-message-store';
import type { IncomingMessage } from '../envelope/incoming-message';
import { type HandlerRegistry, isIgnored } from '../handlers/handler-registry';
import { followUpOf } from '../handlers/message-handler';
import { validatePayload } from '../handlers/payload-schema';
import type { ConsumerConfig } from './consumer-config';
import { consumerMetrics } from './consumer-metrics';

export type ProcessingOutcome = 'processed' | 'ignored' | 'duplicate';

const METRIC_OF = { processed: 'processed', ignored: 'ignored', duplicate: 'duplicates' } as const;

/**
 * The heart of the pattern: ONE transaction per message that claims its id and runs its
 * handler with the same EntityManager. The business writes, any outbox events and the
 * processed_message row commit together or not at all, so a redelivered message either finds
 * its row (skip) or finds nothing (run again from scratch).
 *
 * Validation happens before the transaction: a bad payload is a permanent error that must not
 * hold a connection or leave a trace. An event type the group only acknowledges (the registry's
 * ignored events) still records its id, so a redelivery of it is a duplicate like any other.
 */
export class MessageProcessor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: HandlerRegistry,
    private readonly config: Pick<ConsumerConfig, 'groupId' | 'idempotency'>,
  ) {}

  /**
   * The handler runs inside the message's correlation context, so its log lines and any gRPC
   * call it makes carry the conversation's correlation id, with this message as the cause; and
   * inside its `<topic> process` span, a child of the relay's publish span (the message's
   * `traceparent`), so its queries, gRPC calls and the events it writes join the order's trace.
   */
  process(message: IncomingMessage): Promise<ProcessingOutcome> {
    const correlation = { correlationId: message.correlationId ?? message.messageId, causationId: message.messageId };
    const parent = contextFromHeaders(message.headers);
    const span = ftgoTracer().startSpan(`${message.topic} process`, { kind: SpanKind.CONSUMER, attributes: spanAttributes(message, this.config.groupId) }, parent);
    const work = () => Correlation.run(correlation, () => this.processInContext(message));
    return otelContext.with(trace.setSpan(parent, span), work).then(
      (outcome) => {
        span.setAttribute('ftgo.outcome', outcome);
        span.end();
        return outcome;
      },
      (error: unknown) => {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        span.end();
        throw error;
      },
    );
  }

  private async processInContext(message: IncomingMessage): Promise<ProcessingOutcome> {
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
      return isIgnored(handler) ? 'ignored' : 'processed';
    });
    stopTimer();
    consumerMetrics[METRIC_OF[outcome]].inc(labels);
    return outcome;
  }
}

/** The messaging semantic conventions' attributes, and the event type to find a hop by. */
function spanAttributes(message: IncomingMessage, group: string) {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': message.topic,
    'messaging.consumer.group.name': group,
    'messaging.message.id': message.messageId,
    'messaging.kafka.message.key': message.key ?? '',
    'messaging.kafka.offset': Number(message.offset),
    'messaging.destination.partition.id': String(message.partition),
    'ftgo.event_type': message.eventType,
  };
}

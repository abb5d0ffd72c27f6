import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFromHeaders, ftgoTracer } from '@ftgo/platform/standalone';
import type { OutboxRow } from '../schema/outbox-table';

export interface PublishSpans {
  /** Per row, the trace headers its Kafka message carries: the publish span's context. */
  headers: Record<string, string>[];
  end(error?: unknown): void;
}

/**
 * One `<topic> publish` span per row, in the trace of the request that wrote it (its parent is
 * the `traceparent` stored in the row) and linked to that request: the row was written earlier,
 * in another process, and the link marks the hop as asynchronous. Its context replaces the row's
 * `traceparent` in the message, so each consumer's handler span is its child. Both relay modes
 * publish through here. A row written without a trace gets no span and keeps its headers.
 */
export function startPublishSpans(rows: OutboxRow[]): PublishSpans {
  const spans: Span[] = [];
  const headers = rows.map((row) => {
    const written = contextFromHeaders(row.headers);
    const writer = trace.getSpanContext(written);
    if (!writer) return {};
    const span = ftgoTracer().startSpan(
      `${row.topic} publish`,
      {
        kind: SpanKind.PRODUCER,
        links: [{ context: writer, attributes: { 'ftgo.link': 'outbox row written by' } }],
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': row.topic,
          'messaging.message.id': row.id,
          'messaging.kafka.message.key': row.aggregateId,
          'ftgo.event_type': row.headers['event-type'] ?? '',
          'ftgo.outbox.sequence': row.sequence,
          'ftgo.outbox.attempts': row.attempts,
        },
      },
      written,
    );
    spans.push(span);
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), carrier);
    return carrier;
  });
  return {
    headers,
    end(error?: unknown) {
      for (const span of spans) {
        if (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        }
        span.end();
      }
    },
  };
}

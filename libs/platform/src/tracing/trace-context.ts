import { context, type Context, propagation, type ProxyTracerProvider, ROOT_CONTEXT, trace } from '@opentelemetry/api';

/**
 * The W3C `traceparent` of the active span, for an outbox row or a message header; undefined when
 * tracing is off or nothing is traced. Serialized by the propagator from a parsed context, so it
 * is always well-formed whatever a caller sent.
 */
export function currentTraceparent(active: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier.traceparent;
}

/** The trace context a message's headers carry (validated by the W3C propagator), or none. */
export function contextFromHeaders(headers: Record<string, string>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** The ids a log line carries, so that a line leads to its trace and a trace to its lines. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : undefined;
}

/** Exports the spans still buffered: the last operation before a clean exit must not be lost. */
export async function flushTracing(): Promise<void> {
  const delegate = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as { forceFlush?: () => Promise<void> };
  await delegate.forceFlush?.().catch(() => undefined);
}

import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { pollUntil } from '@ftgo/platform';
import { createScratchDatabase } from '@ftgo/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../outbox';
import type { RelayConfig } from '../relay/relay-config';
import { runOutboxRelay } from '../relay/run-outbox-relay';
import { acceptAnyEvent, openOutboxDatabase, readTopic, silentLogger, testKafka, testRelayConfig, uniqueTopic } from '../testing/outbox-test-kit';

const brokers = process.env.KAFKA_BROKERS ?? '';
const exporter = new InMemorySpanExporter();
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  trace.disable();
  propagation.disable();
  context.disable();
});

const WRITER = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

describe.each<RelayConfig['OUTBOX_RELAY_MODE']>(['polling', 'log-tailing'])('%s relay, tracing on', (mode) => {
  it("publishes each row in a span of the writer's trace, linked to the writer, and hands that span's context to Kafka", async () => {
    const database = await createScratchDatabase(`outbox_trace_${mode.replace('-', '_')}`);
    const dataSource = await openOutboxDatabase(database.url);
    cleanups.push(() => database.drop(), () => dataSource.destroy());
    const relay = await runOutboxRelay(testRelayConfig(database.url, brokers, { OUTBOX_RELAY_MODE: mode, OUTBOX_SLOT_NAME: `slot_${database.name}` }), { logger: silentLogger });
    const topic = uniqueTopic(`trace-${mode}`);
    const traceparent = `00-${WRITER.traceId}-${WRITER.spanId}-01`;
    const [id] = await dataSource.transaction((manager) =>
      new Outbox(acceptAnyEvent).add(manager, { topic, aggregateType: 'Order', aggregateId: 'o-1', eventType: 'OrderCreated', payload: {}, traceparent }),
    );

    let span;
    try {
      span = await pollUntil('the publish span', () => exporter.getFinishedSpans().find((finished) => finished.attributes['messaging.message.id'] === id));
    } finally {
      await relay.stop();
    }
    const [message] = await readTopic(testKafka(brokers), topic, (seen) => seen.length >= 1);

    expect(span.name).toBe(`${topic} publish`);
    expect(span.spanContext().traceId).toBe(WRITER.traceId);
    expect(span.parentSpanContext?.spanId).toBe(WRITER.spanId);
    expect(span.links.map((link) => link.context.spanId)).toEqual([WRITER.spanId]);
    expect(message.headers?.traceparent?.toString()).toBe(`00-${WRITER.traceId}-${span.spanContext().spanId}-01`);
  });
});

/**
 * Tracing that a benchmark switches on and off between rounds in one process: the SDK of
 * libs/platform/src/tracing (W3C propagation, OTLP/protobuf export in batches) and the gRPC and pg
 * instrumentations, exporting to a local HTTP sink that accepts and discards. The FIRST import of
 * the benchmark, so that the instrumentations patch @grpc/grpc-js and pg as they load.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

const instrumentations = [new GrpcInstrumentation(), new PgInstrumentation({ requireParentSpan: true })];
instrumentations.forEach((instrumentation) => instrumentation.disable());

const sink = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200).end());
});
let provider: NodeTracerProvider | undefined;

async function tracerProvider(): Promise<NodeTracerProvider> {
  if (provider) return provider;
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/traces`;
  provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))] });
  return provider;
}

/** On: the process traces as a service with OTEL_EXPORTER_OTLP_ENDPOINT set. Off: as by default. */
export async function setTracing(on: boolean): Promise<void> {
  if (on) {
    trace.setGlobalTracerProvider(await tracerProvider());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    instrumentations.forEach((instrumentation) => instrumentation.enable());
  } else {
    instrumentations.forEach((instrumentation) => instrumentation.disable());
    await provider?.forceFlush();
    trace.disable();
    propagation.disable();
    context.disable();
  }
}

/** The HTTP server span a real request would open around the use case (its parent in the trace). */
export function inRequestSpan<T>(work: () => Promise<T>): Promise<T> {
  return trace.getTracer('bench').startActiveSpan('POST /orders', async (span) => {
    try {
      return await work();
    } finally {
      span.end();
    }
  });
}

export async function stopTracing(): Promise<void> {
  await setTracing(false);
  await provider?.shutdown();
  if (sink.listening) await new Promise<void>((resolve) => sink.close(() => resolve()));
}

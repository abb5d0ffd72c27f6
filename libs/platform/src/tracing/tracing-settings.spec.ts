import { describe, expect, it } from 'vitest';
import { serviceNameOf, tracingEnabled } from './tracing-settings';

describe('tracingEnabled', () => {
  it('is off unless an OTLP endpoint is configured, and OTEL_SDK_DISABLED wins', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' })).toBe(true);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'TRUE' })).toBe(false);
  });
});

describe('serviceNameOf', () => {
  it("names an API after its app and a relay after its service, from the process's entry file", () => {
    expect(serviceNameOf('/srv/dist/apps/order-service/src/main.js')).toBe('order-service');
    expect(serviceNameOf('/srv/dist/apps/kitchen-service/src/relay.js')).toBe('kitchen-relay');
    expect(serviceNameOf('libs/outbox/src/relay/outbox-relay.cli.ts')).toBe('outbox-relay.cli');
    expect(serviceNameOf(undefined)).toBe('unknown_service:node');
  });
});

import { basename, dirname } from 'node:path';

/**
 * Tracing is on when an OTLP endpoint is configured (the SDK's own variables:
 * OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) and OTEL_SDK_DISABLED is not
 * `true`. Off, the SDK is not even loaded: the OpenTelemetry API stays a no-op.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return Boolean(endpoint) && env.OTEL_SDK_DISABLED?.toLowerCase() !== 'true';
}

/**
 * The process's name in the trace viewer when OTEL_SERVICE_NAME does not set one:
 * `apps/order-service/src/main.js` is `order-service`, its `relay.js` is `order-relay`.
 */
export function serviceNameOf(entry: string | undefined): string {
  if (!entry) return 'unknown_service:node';
  const app = basename(dirname(dirname(entry)));
  const script = basename(entry).replace(/\.[cm]?[jt]s$/, '');
  if (script === 'main') return app;
  if (script === 'relay') return `${app.replace(/-service$/, '')}-relay`;
  return script;
}

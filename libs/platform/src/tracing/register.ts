/**
 * `import '@ftgo/platform/tracing'` as the FIRST line of a process's entry file: it starts
 * OpenTelemetry, when configured, before http, Express, gRPC and pg are loaded, so that their
 * instrumentations can patch them (start-tracing.ts).
 */
import { serviceNameOf, tracingEnabled } from './tracing-settings';

if (tracingEnabled()) {
  // Loaded only when on: tracing off costs not even the SDK's load time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./start-tracing') as typeof import('./start-tracing');
  startTracing(serviceNameOf(process.argv[1]));
}

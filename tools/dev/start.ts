/**
 * `npm start`: infrastructure, build, the three services, their relays and the flow page, readable
 * prefixed logs; Ctrl-C stops everything this command started and leaves alone what was already running.
 */
import { build } from '../build/build';
import { ensureInfra, stopStartedInfra } from '../infra/infra';
import { installedPhoenix, type RunningPhoenix, startPhoenix } from '../infra/phoenix';
import { infraSettings } from '../infra/settings';
import { SERVICES } from './services';
import { type RunningSystem, startSystem } from './system';

/**
 * The trace viewer, when Phoenix is installed (`npm run viewer:install`, once per machine) and
 * TRACING is not `off`: every process then exports its spans to it.
 */
async function startTraceViewer(): Promise<RunningPhoenix | undefined> {
  if (process.env.TRACING === 'off') return undefined;
  const executable = installedPhoenix();
  if (!executable) {
    console.log('Tracing off: `npm run viewer:install` once (Python, several minutes) and `npm start` runs the trace viewer with the system.');
    return undefined;
  }
  console.log('Starting the trace viewer (Phoenix)...');
  return startPhoenix(executable);
}

async function main(): Promise<void> {
  const settings = infraSettings();
  console.log('Starting PostgreSQL and Kafka (first run downloads Kafka jars with Maven)...');
  const infra = await ensureInfra(settings, (line) => console.log(`[infra] ${line}`));
  console.log('Building the services and the flow page...');
  await build([...SERVICES.map((service) => `apps/${service}-service`), 'apps/flow-page']);
  let system: RunningSystem;
  let viewer: RunningPhoenix | undefined;
  try {
    viewer = await startTraceViewer();
    // Every process exports its spans to the viewer; the flow page links each order to its trace there.
    const env: Record<string, string> = viewer ? { OTEL_EXPORTER_OTLP_ENDPOINT: viewer.otlpUrl, TRACE_VIEWER_URL: viewer.traceUrl } : {};
    system = await startSystem(infra, { flowPage: true, env });
  } catch (error) {
    await viewer?.stop();
    await stopStartedInfra(infra, settings);
    throw error;
  }

  console.log('\nReady:');
  for (const running of system.processes) {
    const docs = running.spec.role === 'api' ? `  (OpenAPI: ${running.url}/docs)` : '';
    console.log(`  ${running.name.padEnd(20)} ${running.url}${docs}`);
  }
  console.log(`  ${'Kafka'.padEnd(20)} ${infra.kafka.brokers.join(',')}`);
  if (viewer) console.log(`  ${'Traces (Phoenix)'.padEnd(20)} ${viewer.url}  (one order's trace: docs/tracing.md)`);
  console.log(`\nFlow page: ${system.flowPage?.url}  (place an order, watch it move, stop and start a service)`);
  console.log('\nPress Ctrl-C to stop everything started here.');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the flow page and the services...');
    await system.stop();
    await viewer?.stop();
    console.log('Stopping infrastructure started by this command...');
    await stopStartedInfra(infra, settings);
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

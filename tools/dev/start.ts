/**
 * `npm start`: infrastructure, build, the three services, their relays and the flow page, readable
 * prefixed logs; Ctrl-C stops everything this command started and leaves alone what was already running.
 */
import { build } from '../build/build';
import { ensureInfra, stopStartedInfra } from '../infra/infra';
import { builtJaeger, type RunningJaeger, startJaeger } from '../infra/jaeger';
import { infraSettings } from '../infra/settings';
import { SERVICES } from './services';
import { type RunningSystem, startSystem } from './system';

/**
 * The trace viewer, when Jaeger is built (`npm run jaeger:build`, once per machine) and
 * TRACING is not `off`: every process then exports its spans to it.
 */
async function startTraceViewer(): Promise<RunningJaeger | undefined> {
  if (process.env.TRACING === 'off') return undefined;
  const binary = builtJaeger();
  if (!binary) {
    console.log('Tracing off: `npm run jaeger:build` once (Go, several minutes) and `npm start` runs Jaeger with the system.');
    return undefined;
  }
  console.log('Starting Jaeger...');
  return startJaeger(binary);
}

async function main(): Promise<void> {
  const settings = infraSettings();
  console.log('Starting PostgreSQL and Kafka (first run downloads Kafka jars with Maven)...');
  const infra = await ensureInfra(settings, (line) => console.log(`[infra] ${line}`));
  console.log('Building the services and the flow page...');
  await build([...SERVICES.map((service) => `apps/${service}-service`), 'apps/flow-page']);
  let system: RunningSystem;
  let jaeger: RunningJaeger | undefined;
  try {
    jaeger = await startTraceViewer();
    // Every process exports its spans to Jaeger; the flow page links each order to its trace there.
    const env: Record<string, string> = jaeger
      ? { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpUrl, TRACE_VIEWER_URL: `${jaeger.queryUrl}/trace/{traceId}` }
      : {};
    system = await startSystem(infra, { flowPage: true, env });
  } catch (error) {
    await jaeger?.stop();
    await stopStartedInfra(infra, settings);
    throw error;
  }

  console.log('\nReady:');
  for (const running of system.processes) {
    const docs = running.spec.role === 'api' ? `  (OpenAPI: ${running.url}/docs)` : '';
    console.log(`  ${running.name.padEnd(20)} ${running.url}${docs}`);
  }
  console.log(`  ${'Kafka'.padEnd(20)} ${infra.kafka.brokers.join(',')}`);
  if (jaeger) console.log(`  ${'Jaeger (traces)'.padEnd(20)} ${jaeger.queryUrl}  (one order's trace: docs/tracing.md)`);
  console.log(`\nFlow page: ${system.flowPage?.url}  (place an order, watch it move, stop and start a service)`);
  console.log('\nPress Ctrl-C to stop everything started here.');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the flow page and the services...');
    await system.stop();
    await jaeger?.stop();
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

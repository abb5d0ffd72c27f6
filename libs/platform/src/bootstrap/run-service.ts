import { type DynamicModule, type INestApplication, Logger, type LogLevel, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ServiceConfig } from '../config/config-fragments';
import { CorrelationIdMiddleware } from '../context/correlation-id.middleware';
import { httpDrainOf } from '../http/http-drain';
import { hardenHttp } from '../http/http-hardening';
import { ServiceLogger } from '../logging/service-logger';
import { checkDependencies } from './check-dependencies';
import { drainIntake, onIntakeDrain } from './intake-drain';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { flushTracing } from '../tracing/trace-context';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The service's logger in its configured format and level. */
function serviceLoggerFor(name: string, config: ServiceConfig): ServiceLogger {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1);
  return new ServiceLogger(name, { json: config.LOG_FORMAT === 'json', logLevels });
}

export interface RunningService {
  app: INestApplication;
  url: string;
  /**
   * Stops accepting HTTP and gRPC, lets the requests and calls in flight finish, then closes the
   * gRPC clients, the consumer and the database; forced (exit code 1) after SHUTDOWN_GRACE_MS.
   */
  stop(): Promise<void>;
}

/** A service's own set-up of the created app before it listens: its HTTP body limit and OpenAPI page, its gRPC server. */
export type ConfigureApp = (app: INestApplication) => void | Promise<void>;

/**
 * What an app may change of how Nest creates it; the services keep Nest's defaults. The flow page
 * passes request bodies through untouched (`bodyParser: false`) and holds server-sent event
 * streams open, which only `forceCloseConnections` ends on shutdown.
 */
export type AppOptions = Pick<NestApplicationOptions, 'bodyParser' | 'forceCloseConnections'>;

/** Creates, starts and wires shutdown for a service; the same code runs in `main.ts` and tests. */
export async function startService(
  name: string,
  module: DynamicModule,
  config: ServiceConfig,
  configure?: ConfigureApp,
  options: AppOptions = {},
): Promise<RunningService> {
  const logger = new Logger(name);
  const app = await NestFactory.create(module, {
    ...options,
    // A failed start-up reaches runService, which says it in one line and exits 1 (not abort()).
    abortOnError: false,
    logger: serviceLoggerFor(name, config),
  });
  hardenHttp(app, config);
  // An app that holds streams open (the flow page's server-sent events) has them cut instead.
  if (!options.forceCloseConnections) onIntakeDrain(app, httpDrainOf(app.getHttpServer()));
  const correlation = new CorrelationIdMiddleware();
  app.use(httpMetricsMiddleware);
  app.use(correlation.use.bind(correlation));
  await configure?.(app);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  // After listen(): the gRPC handlers must not run before every module has started.
  await app.startAllMicroservices();
  const url = `http://${config.HTTP_HOST === '0.0.0.0' ? '127.0.0.1' : config.HTTP_HOST}:${config.HTTP_PORT}`;
  logger.log(`listening on ${url} (health: ${url}/health/ready)`);
  const stop = () => closeWithin(app, config.SHUTDOWN_GRACE_MS, logger);
  return { app, url, stop };
}

async function closeWithin(app: INestApplication, graceMs: number, logger: Logger): Promise<void> {
  const timer = setTimeout(() => {
    logger.error(`shutdown took longer than ${graceMs} ms; exiting anyway`);
    process.exit(1);
  }, graceMs);
  timer.unref();
  await drainIntake(app);
  await app.close();
  await flushTracing();
  clearTimeout(timer);
}

interface AppDefinition {
  module: DynamicModule;
  config: ServiceConfig;
  configure?: ConfigureApp;
  options?: AppOptions;
}

/**
 * What a `main.ts` hands to runService. A service names its migrations: its database must hold no
 * others, and it and the brokers must answer before anything starts. An app without a database of
 * its own (the flow page) names none.
 */
export type ServiceDefinition = AppDefinition &
  (
    | { config: ServiceConfig & { DATABASE_URL: string; KAFKA_BROKERS: string[] }; migrations: Array<{ name: string }> }
    | { migrations?: undefined }
  );

/**
 * `main.ts` entry: check the database and the brokers answer (within seconds, not a driver's
 * minutes of retries), start, stop cleanly on SIGTERM/SIGINT, and turn every start-up failure
 * into one readable line and exit code 1.
 */
export function runService(name: string, build: () => ServiceDefinition): void {
  const logger = new Logger(name);
  let service: RunningService | undefined;
  // From the first line: as PID 1 in a container, node ignores every signal it has no handler for,
  // and a start-up waiting for its database or broker must still stop when asked (nothing to drain yet).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (!service) {
        logger.log(`${signal} received while starting: exiting`);
        process.exit(0);
      }
      logger.log(`${signal} received: draining and shutting down`);
      service.stop().then(() => process.exit(0));
    });
  }
  let built: ReturnType<typeof build>;
  try {
    built = build();
  } catch (error) {
    logger.fatal(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  const configured = serviceLoggerFor(name, built.config);
  const checked =
    built.migrations === undefined
      ? Promise.resolve()
      : checkDependencies(built.config, built.migrations.map((migration) => migration.name));
  checked
    .then(() => startService(name, built.module, built.config, built.configure, built.options))
    .then(
    (started) => {
      service = started;
    },
    (error: unknown) => {
      configured.fatal(`failed to start: ${error instanceof Error ? error.message : String(error)}`, name);
      process.exit(1);
    },
  );
}

import { type DynamicModule, type INestApplication, Logger, type LogLevel, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ServiceConfig } from '../config/config-fragments';
import { CorrelationIdMiddleware } from '../context/correlation-id.middleware';
import { ServiceLogger } from '../logging/service-logger';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface RunningService {
  app: INestApplication;
  url: string;
  /** Drains in-flight work and closes connections; forced after the configured grace period. */
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
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1);
  const app = await NestFactory.create(module, {
    ...options,
    logger: new ServiceLogger(name, { json: config.LOG_FORMAT === 'json', logLevels }),
  });
  const correlation = new CorrelationIdMiddleware();
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
  await app.close();
  clearTimeout(timer);
}

/** `main.ts` entry: start, stop cleanly on SIGTERM/SIGINT, and turn start-up failures into one readable line. */
export function runService(
  name: string,
  build: () => { module: DynamicModule; config: ServiceConfig; configure?: ConfigureApp; options?: AppOptions },
): void {
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
  startService(name, built.module, built.config, built.configure, built.options).then(
    (started) => {
      service = started;
    },
    (error: unknown) => {
      logger.fatal(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

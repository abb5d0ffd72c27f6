import type { AddressInfo } from 'node:net';
import { createKafkaClient, StartupError } from '@ftgo/platform/standalone';
import type { Kafka } from 'kafkajs';
import { createRelayHttpServer } from '../observability/relay-http-server';
import { jsonLogger, kafkaLogCreator, type RelayLogger } from '../observability/relay-logger';
import { OutboxRelay } from './outbox-relay';
import type { RelayConfig } from './relay-config';

export interface RunningRelay {
  relay: OutboxRelay;
  /** The port of /metrics and /health/*, useful when the config asked for 0 (any free port). */
  httpPort: number;
  stop(): Promise<void>;
}

/** Starts a relay and its HTTP probes: what the CLI runs, and what a test or service may embed. */
export async function runOutboxRelay(
  config: RelayConfig,
  options: { kafka?: Kafka; logger?: RelayLogger } = {},
): Promise<RunningRelay> {
  const logger = options.logger ?? jsonLogger();
  const kafka = options.kafka ?? createKafkaClient(config.KAFKA_CLIENT_ID, config.KAFKA_BROKERS, kafkaLogCreator(logger));
  const relay = new OutboxRelay(config, kafka, logger);
  const server = createRelayHttpServer(relay);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(`OUTBOX_RELAY_HTTP_PORT ${config.OUTBOX_RELAY_HTTP_PORT} on ${config.OUTBOX_RELAY_HTTP_HOST} is already in use`)
          : error,
      ),
    );
    server.listen(config.OUTBOX_RELAY_HTTP_PORT, config.OUTBOX_RELAY_HTTP_HOST, resolve);
  });
  relay.start();
  const httpPort = (server.address() as AddressInfo).port;
  logger.info('relay started', { mode: config.OUTBOX_RELAY_MODE, httpPort });
  return {
    relay,
    httpPort,
    stop: async () => {
      await relay.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

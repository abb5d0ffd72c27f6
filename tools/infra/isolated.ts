import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startKafka, stopKafka, type KafkaEndpoint } from './kafka';
import { startPostgres, stopPostgres, type PostgresEndpoint } from './postgres';
import { infraSettings, type InfraSettings } from './settings';

/** A port the OS says is free right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A private PostgreSQL and/or Kafka for a fault test that stops or kills them: the shared
 * instances keep serving every other test file running at the same time.
 */
export interface IsolatedInfra {
  settings: InfraSettings;
  postgres?: PostgresEndpoint;
  kafka?: KafkaEndpoint;
  /** Stops and starts again on the same data and ports, like an outage and a recovery. */
  restartKafka(): Promise<KafkaEndpoint>;
  stopKafka(): Promise<void>;
  startKafka(): Promise<KafkaEndpoint>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<PostgresEndpoint>;
  /** Stops everything and deletes the data. */
  dispose(): Promise<void>;
}

export async function startIsolatedInfra(
  name: string,
  parts: { postgres?: boolean; kafka?: boolean },
): Promise<IsolatedInfra> {
  const base = infraSettings({ INFRA_DIR: process.env.INFRA_DIR });
  const settings: InfraSettings = {
    ...base,
    dir: join(base.dir, 'isolated', `${name}-${process.pid}`),
    postgresPort: await freePort(),
    kafkaPort: await freePort(),
    kafkaControllerPort: await freePort(),
  };
  const isolated: IsolatedInfra = {
    settings,
    startKafka: async () => (isolated.kafka = await startKafka(settings)),
    stopKafka: async () => void (await stopKafka(settings)),
    restartKafka: async () => {
      await stopKafka(settings);
      return isolated.startKafka();
    },
    startPostgres: async () => (isolated.postgres = await startPostgres(settings)),
    stopPostgres: async () => void (await stopPostgres(settings)),
    dispose: async () => {
      await Promise.all([stopKafka(settings), stopPostgres(settings)]);
      rmSync(settings.dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all([parts.kafka && isolated.startKafka(), parts.postgres && isolated.startPostgres()]);
  } catch (error) {
    await isolated.dispose();
    throw error;
  }
  return isolated;
}

import { startKafka, stopKafka, type KafkaEndpoint } from './kafka';
import { startPostgres, stopPostgres, type PostgresEndpoint } from './postgres';
import { infraSettings, type InfraSettings, SERVICES } from './settings';

export interface Infra {
  postgres: PostgresEndpoint;
  kafka: KafkaEndpoint;
}

/** Starts (or reuses) PostgreSQL and Kafka; both in parallel, since Kafka's JVM is the slow one. */
export async function ensureInfra(
  settings: InfraSettings = infraSettings(),
  log: (line: string) => void = () => undefined,
): Promise<Infra> {
  const [postgres, kafka] = await Promise.all([startPostgres(settings, log), startKafka(settings, log)]);
  return { postgres, kafka };
}

/** Stops only what `ensureInfra` started here; a reused or external part is left running. */
export async function stopStartedInfra(infra: Infra, settings: InfraSettings = infraSettings()): Promise<void> {
  await Promise.all([
    infra.kafka.startedHere ? stopKafka(settings) : undefined,
    infra.postgres.startedHere ? stopPostgres(settings) : undefined,
  ]);
}

/** The environment a service or test needs to reach the infrastructure. */
export function infraEnv(infra: Infra): Record<string, string> {
  const env: Record<string, string> = {
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    ADMIN_DATABASE_URL: infra.postgres.adminUrl,
  };
  for (const service of SERVICES) {
    env[`${service.toUpperCase()}_DATABASE_URL`] = infra.postgres.databases[service];
  }
  return env;
}

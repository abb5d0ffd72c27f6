import { resolve } from 'node:path';

/** Where the native infrastructure lives and listens. Every value can be overridden by env. */
export interface InfraSettings {
  repoRoot: string;
  /** Git-ignored folder for data, logs, pid files and the Kafka jars. */
  dir: string;
  /** The Kafka jars, shared by every broker started from this checkout (also the isolated ones). */
  jarsDir: string;
  postgresPort: number;
  kafkaPort: number;
  kafkaControllerPort: number;
  /** Admin URL of an existing PostgreSQL server; when set, no embedded server is started. */
  externalDatabaseUrl?: string;
  /** Bootstrap servers of an existing Kafka cluster; when set, no broker is started. */
  externalKafkaBrokers?: string[];
}

// A database and a user per service of the registry.
export { SERVICES, type ServiceName } from '../registry/service-registry';

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${raw}"`);
  }
  return value;
}

export function infraSettings(env: NodeJS.ProcessEnv = process.env): InfraSettings {
  const repoRoot = resolve(__dirname, '..', '..');
  const brokers = env.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean);
  return {
    repoRoot,
    dir: resolve(repoRoot, env.INFRA_DIR ?? '.infra'),
    jarsDir: resolve(repoRoot, env.INFRA_DIR ?? '.infra', 'kafka-jars'),
    postgresPort: port(env, 'INFRA_PG_PORT', 15432),
    kafkaPort: port(env, 'INFRA_KAFKA_PORT', 19092),
    kafkaControllerPort: port(env, 'INFRA_KAFKA_CONTROLLER_PORT', 19093),
    externalDatabaseUrl: env.DATABASE_URL || undefined,
    externalKafkaBrokers: brokers?.length ? brokers : undefined,
  };
}

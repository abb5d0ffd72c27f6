import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { kafkaStatus, startKafka, stopKafka, type KafkaEndpoint } from './kafka';
import { pollUntil } from '@ftgo/platform';
import { reservePort } from './port-reservation';
import { isAlive } from './process';
import { postgresStatus, startPostgres, stopPostgres, type PostgresEndpoint } from './postgres';
import { infraSettings, type InfraSettings } from './settings';

/**
 * Where test processes that stop and start again on the same port listen: below Linux's
 * ephemeral range (32768 up), where an outgoing connection may take a port while its listener
 * is down (a Kafka restart met "Address already in use"), and clear of the fixed port plans
 * (3000–3020, 15432, 19092–19093, 21000 up for docker:check, 29000 up for the e2e system).
 */
const FREE_PORTS = { from: 10_000, count: 5_000 };

async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

/**
 * A port from FREE_PORTS that is free right now and reserved for this process (reservePort), so
 * no other caller gets it while its listener is down; from a random place, so that parallel test
 * files rarely probe the same one.
 */
export async function freePort(random: () => number = Math.random): Promise<number> {
  const start = Math.floor(random() * FREE_PORTS.count);
  for (let i = 0; i < FREE_PORTS.count; i++) {
    const port = FREE_PORTS.from + ((start + i) % FREE_PORTS.count);
    if ((await isFree(port)) && reservePort(port)) return port;
  }
  throw new Error(`no free port between ${FREE_PORTS.from} and ${FREE_PORTS.from + FREE_PORTS.count - 1}`);
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
  /** SIGKILL to the broker: no clean shutdown, the next start recovers its logs. */
  killKafka(): Promise<void>;
  stopPostgres(): Promise<void>;
  /** PostgreSQL's immediate shutdown (`pg_ctl stop -m immediate`): no checkpoint, crash recovery on start. */
  crashPostgres(): Promise<void>;
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
    // The owner's pid in the name lets a sweep tell abandoned instances from live ones.
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
    killKafka: async () => killAndWait((await kafkaStatus(settings)).pid, 'SIGKILL'),
    crashPostgres: async () => killAndWait((await postgresStatus(settings)).pid, 'SIGQUIT'),
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

async function killAndWait(pid: number | undefined, signal: NodeJS.Signals): Promise<void> {
  if (pid === undefined) throw new Error(`nothing to send ${signal} to: the process is not running`);
  process.kill(pid, signal);
  await pollUntil(`pid ${pid} to exit after ${signal}`, async () => !isAlive(pid), { timeoutMs: 30_000 });
}

/**
 * Stops and deletes the isolated instances whose owning test process has exited: the safety net
 * for a test file that failed before its own cleanup ran. Runs at the start and end of each test
 * run; instances of a concurrent run (its workers still alive) are left alone.
 */
export async function sweepIsolatedInfra(base: InfraSettings = infraSettings()): Promise<string[]> {
  const root = join(base.dir, 'isolated');
  if (!existsSync(root)) return [];
  const abandoned = readdirSync(root).filter((entry) => {
    const owner = Number(/-(\d+)$/.exec(entry)?.[1]);
    return !Number.isInteger(owner) || !isAlive(owner);
  });
  await Promise.all(
    abandoned.map(async (entry) => {
      const settings = { ...base, dir: join(root, entry), externalDatabaseUrl: undefined, externalKafkaBrokers: undefined };
      await Promise.all([stopKafka(settings), stopPostgres(settings)]);
      rmSync(settings.dir, { recursive: true, force: true });
    }),
  );
  return abandoned;
}

import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './isolated';
import { ensureMavenJars, pinnedProperty, requireJava } from './maven-jars';
import { pollUntil } from '@ftgo/platform';
import { isAlive, stopPid, withLogTail } from './process';
import type { InfraSettings } from './settings';

/*
 * A native Kafka Connect standalone worker running the Debezium PostgreSQL connector, from Maven
 * Central jars on the local JDK: the same mechanism as the native broker (kafka.ts). Only the
 * outbox benchmark uses it, to compare our relay with Debezium's outbox event router on the same
 * PostgreSQL and broker; the services never need it.
 */

type Log = (line: string) => void;
type Properties = Record<string, string | number>;

const READY_TIMEOUT_MS = 120_000;

function paths(s: InfraSettings) {
  const pom = join(s.repoRoot, 'tools', 'infra', 'connect', 'pom.xml');
  return { pom, log4j: join(s.repoRoot, 'tools', 'infra', 'connect', 'log4j2.properties'), root: join(s.dir, 'connect') };
}

export function connectVersions(s: InfraSettings): { kafka: string; debezium: string } {
  const { pom } = paths(s);
  const text = readFileSync(pom, 'utf8');
  return { kafka: pinnedProperty(text, 'kafka.version', pom), debezium: pinnedProperty(text, 'debezium.version', pom) };
}

/** Downloads the worker's jars once (~40 MB); call it before timing anything. */
export async function ensureConnectJars(s: InfraSettings, log: Log = () => undefined): Promise<string> {
  const { kafka, debezium } = connectVersions(s);
  await requireJava(`Kafka Connect ${kafka}`, 'skip the Debezium contender');
  return ensureMavenJars({
    pom: paths(s).pom,
    dir: join(s.dir, 'connect-jars', `${kafka}-debezium-${debezium}`),
    what: `Kafka Connect ${kafka} + Debezium ${debezium}`,
    alternative: 'skip the Debezium contender',
    log,
  });
}

export interface ConnectWorker {
  pid: number;
  /** The worker's REST API, e.g. for `GET /connectors/<name>/status`. */
  restUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

const properties = (values: Properties) =>
  `${Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;

/**
 * Starts `ConnectStandalone` with one connector and waits until its task runs. Offsets live in a
 * file under .infra/connect/<name>, deleted first: each start begins from the slot's position.
 * The JVM options are those of Kafka's `connect-standalone.sh`.
 */
export async function startConnectStandalone(options: {
  settings: InfraSettings;
  name: string;
  brokers: string[];
  /** Extra worker properties, e.g. `producer.linger.ms`. */
  worker?: Properties;
  connector: Properties;
  log?: Log;
  /** Called with the JVM's pid as soon as it runs, before the connector is up. */
  onSpawn?: (pid: number) => void;
}): Promise<ConnectWorker> {
  const { settings, name } = options;
  const libs = await ensureConnectJars(settings, options.log);
  const dir = join(paths(settings).root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const workerFile = join(dir, 'worker.properties');
  const connectorFile = join(dir, 'connector.properties');
  writeFileSync(
    workerFile,
    properties({
      'bootstrap.servers': options.brokers.join(','),
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.storage.file.filename': join(dir, 'offsets.dat'),
      listeners: `http://127.0.0.1:${port}`,
      // Every plugin is on the classpath: scanning it is enough, no plugin.path.
      'plugin.discovery': 'only_scan',
      ...options.worker,
    }),
  );
  writeFileSync(connectorFile, properties({ name, ...options.connector }));
  const logFile = join(dir, 'connect.log');
  const out = openSync(logFile, 'w');
  const jvm = [
    ...(process.env.CONNECT_HEAP_OPTS ?? '-Xms256m -Xmx2g').split(/\s+/).filter(Boolean),
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${paths(settings).log4j}`,
    '-cp',
    join(libs, '*'),
  ];
  let pid: number;
  try {
    const child = spawn('java', [...jvm, 'org.apache.kafka.connect.cli.ConnectStandalone', workerFile, connectorFile], {
      cwd: dir,
      stdio: ['ignore', out, out],
    });
    if (child.pid === undefined) throw new Error('could not start java');
    pid = child.pid;
    options.onSpawn?.(pid);
  } finally {
    closeSync(out);
  }
  const restUrl = `http://127.0.0.1:${port}`;
  const worker: ConnectWorker = { pid, restUrl, logFile, stop: () => stopPid(pid, 30_000) };
  try {
    await pollUntil(`Kafka Connect connector ${name}`, () => taskRunning(worker, name), { timeoutMs: READY_TIMEOUT_MS, intervalMs: 250 });
  } catch (error) {
    await worker.stop();
    throw withLogTail((error as Error).message, logFile);
  }
  return worker;
}

async function taskRunning(worker: ConnectWorker, name: string): Promise<boolean> {
  if (!isAlive(worker.pid)) throw new Error('the worker exited');
  const response = await fetch(`${worker.restUrl}/connectors/${name}/status`).catch(() => undefined);
  if (!response?.ok) return false;
  const status = (await response.json()) as { tasks?: { state: string; trace?: string }[] };
  const failed = status.tasks?.find((task) => task.state === 'FAILED');
  if (failed) throw new Error(`the connector task failed: ${failed.trace?.split('\n')[0]}`);
  return status.tasks?.some((task) => task.state === 'RUNNING') ?? false;
}

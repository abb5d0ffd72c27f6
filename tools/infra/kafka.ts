import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { pollUntil } from '@ftgo/platform';
import { ensureMavenJars, pinnedProperty, requireJava, run } from './maven-jars';
import { livePid, stopPid, withLogTail, withTimeout, writePid } from './process';
import { InfraSettings } from './settings';

/*
 * A native single-node Apache Kafka for development and tests: one JVM in KRaft mode that is both
 * broker and controller, so no ZooKeeper and no Docker. Maven downloads the broker's jars once into
 * .infra/kafka-jars/<version>; we run `kafka.Kafka` from them, detached, so the broker outlives
 * `infra:up` and keeps running until `infra:down`.
 *
 * The version is pinned in kafka/pom.xml: the newest broker with which our client, kafkajs 2.2.4
 * (no longer maintained), passed idempotent produce with acks=all, keys and headers, consumer groups
 * with a rebalance and committed offsets, and topic admin. Re-check those before raising it.
 */

export interface KafkaEndpoint {
  brokers: string[];
  /** True when this call launched the broker, so whoever called it may also stop it. */
  startedHere: boolean;
  version?: string;
}

type Log = (line: string) => void;

// A bound, not a wait: log recovery after a SIGKILL on a machine busy with other work took 90 s.
const READY_TIMEOUT_MS = 180_000;

function paths(s: InfraSettings) {
  const root = join(s.dir, 'kafka');
  return {
    root,
    pom: join(s.repoRoot, 'tools', 'infra', 'kafka', 'pom.xml'),
    log4j: join(s.repoRoot, 'tools', 'infra', 'kafka', 'log4j2.properties'),
    data: join(root, 'data'),
    config: join(root, 'server.properties'),
    pidFile: join(root, 'kafka.pid'),
    log: join(root, 'kafka.log'),
  };
}
type Paths = ReturnType<typeof paths>;

/** The pom is the single place the version is written down. */
function pinnedVersion(p: Paths): string {
  return pinnedProperty(readFileSync(p.pom, 'utf8'), 'kafka.version', p.pom);
}

const libsDir = (s: InfraSettings, version: string) => join(s.jarsDir, version);
const localBroker = (s: InfraSettings) => `127.0.0.1:${s.kafkaPort}`;

function serverProperties(s: InfraSettings, p: Paths): string {
  return `# Written by tools/infra/kafka.ts on every start: edit that file, not this one.
# One JVM is the whole cluster: broker and KRaft controller.
process.roles=broker,controller
node.id=1
# A static voter list rather than 4.x's dynamic quorum (controller.quorum.bootstrap.servers with
# format --standalone): the controller address is not stored in the metadata log, so changing
# INFRA_KAFKA_CONTROLLER_PORT later needs no re-format.
controller.quorum.voters=1@127.0.0.1:${s.kafkaControllerPort}
controller.listener.names=CONTROLLER
# Loopback only: this dev broker has no authentication.
listeners=PLAINTEXT://127.0.0.1:${s.kafkaPort},CONTROLLER://127.0.0.1:${s.kafkaControllerPort}
# Clients only ever learn the PLAINTEXT address; the controller listener is internal.
advertised.listeners=PLAINTEXT://127.0.0.1:${s.kafkaPort}
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${p.data}
# The services create their topics explicitly. Auto-creation would turn a misspelt topic name, or a
# consumer that starts before the topic's owner, into a silently created topic with default settings;
# without it that mistake fails loudly (UNKNOWN_TOPIC_OR_PARTITION).
auto.create.topics.enable=false
# The partition count for topics created without one.
num.partitions=3
# Internal topics default to 3 replicas, which a single broker can never host.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# By default a new consumer group waits 3 s for more members before its first assignment: slow tests.
group.initial.rebalance.delay.ms=0
`;
}

function jvmArgs(p: Paths, libs: string): string[] {
  // The scripts' default heap is 1 GB; a dev broker with a few small topics needs far less.
  const heap = (process.env.KAFKA_HEAP_OPTS ?? '-Xmx512m').split(/\s+/).filter(Boolean);
  return [...heap, '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${p.log4j}`, '-cp', join(libs, '*')];
}

/** KRaft needs its log dir formatted with a cluster id once; meta.properties then keeps that id. */
async function formatOnce(p: Paths, libs: string, log: Log): Promise<void> {
  if (existsSync(join(p.data, 'meta.properties'))) return;
  rmSync(p.data, { recursive: true, force: true }); // leftovers of a format that did not finish
  const clusterId = newClusterId();
  log(`formatting Kafka storage ${p.data} (cluster id ${clusterId})`);
  const format = ['kafka.tools.StorageTool', 'format', '--cluster-id', clusterId, '--config', p.config];
  await run('java', [...jvmArgs(p, libs), ...format], 120_000);
}

/** Kafka's own format (a random UUID, base64url); one starting with '-' would be read as a CLI flag. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** The recorded pid, if it is still our broker: after a reboot the same pid may be any other program. */
function brokerPid(p: Paths): number | undefined {
  const pid = livePid(p.pidFile);
  if (pid === undefined || isKafkaProcess(pid)) return pid;
  rmSync(p.pidFile, { force: true });
  return undefined;
}

function isKafkaProcess(pid: number): boolean {
  if (!existsSync('/proc/self/cmdline')) return true; // no procfs (macOS): trust the pid file
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('kafka.Kafka');
  } catch {
    return false;
  }
}

function admin(brokers: string[]) {
  // Failures surface as thrown errors; kafkajs's own logging would only add noise to a CLI.
  const kafka = new Kafka({
    clientId: 'ftgo-infra',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { retries: 0 }, // the callers poll; a probe should answer quickly
  });
  return kafka.admin();
}

const PROBE_TOPIC_PREFIX = 'infra-probe-';

/**
 * Metadata alone proves little: a broker whose controller is not ready yet still answers it. Creating
 * and deleting a topic shows that the whole KRaft node works.
 */
export async function probeTopicRoundTrip(client: Admin, topic = `${PROBE_TOPIC_PREFIX}${process.pid}-${Date.now()}`): Promise<void> {
  try {
    await client.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } catch (error) {
    // The broker may hold the topic although the step failed (e.g. waiting for its leader timed out).
    await client.deleteTopics({ topics: [topic] }).catch(() => undefined);
    throw error;
  }
  await client.deleteTopics({ topics: [topic] });
}

/**
 * Deletes the probe topics of earlier starts that their probes could not: one whose create request
 * timed out on the client may still have been created by the broker afterwards. Our own probes'
 * topics are already being deleted. Only ever on a broker we launched.
 */
export async function deleteLeftoverProbeTopics(client: Admin): Promise<string[]> {
  const ours = `${PROBE_TOPIC_PREFIX}${process.pid}-`;
  const leftovers = (await client.listTopics()).filter((topic) => topic.startsWith(PROBE_TOPIC_PREFIX) && !topic.startsWith(ours));
  if (leftovers.length) await client.deleteTopics({ topics: leftovers });
  return leftovers;
}

/** Best effort: a topic left over is clutter, not a reason to fail a start. */
async function sweepProbeTopics(brokers: string[], log: Log): Promise<void> {
  try {
    const deleted = await withAdmin(brokers, deleteLeftoverProbeTopics);
    if (deleted.length) log(`deleted ${deleted.length} readiness-probe topics left by earlier starts`);
  } catch (error) {
    log(`could not delete leftover readiness-probe topics: ${(error as Error).message}`);
  }
}

async function withAdmin<T>(brokers: string[], use: (client: Admin) => Promise<T>): Promise<T> {
  const client = admin(brokers);
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.disconnect();
  }
}

function brokerWorks(brokers: string[], roundTrip: boolean): Promise<boolean> {
  return withAdmin(brokers, async (client) => {
    await client.describeCluster();
    if (roundTrip) await probeTopicRoundTrip(client);
    return true;
  });
}

const answers = (brokers: string[]) =>
  withTimeout(brokerWorks(brokers, false), 15_000, 'Kafka describeCluster').then(
    () => true,
    () => false,
  );

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.destroy());
  });
}

/** Otherwise the readiness probe could mistake someone else's broker on our port for ours. */
async function assertPortsFree(s: InfraSettings): Promise<void> {
  for (const [name, port] of [
    ['INFRA_KAFKA_PORT', s.kafkaPort],
    ['INFRA_KAFKA_CONTROLLER_PORT', s.kafkaControllerPort],
  ] as const) {
    if (await portTaken(port)) throw new Error(`127.0.0.1:${port} is already in use: stop that program or set ${name}`);
  }
}


/** Starts the broker in its own session with output to a file, so it survives this process. */
function spawnBroker(p: Paths, libs: string): { pid: number; exited: () => string | undefined } {
  const out = openSync(p.log, 'w');
  try {
    const child = spawn('java', [...jvmArgs(p, libs), 'kafka.Kafka', p.config], {
      cwd: p.root,
      detached: true,
      stdio: ['ignore', out, out],
    });
    let exit: string | undefined;
    child.once('error', (error) => (exit = error.message));
    child.once('exit', (code, signal) => (exit = signal ? `was killed by ${signal}` : `exited with code ${code}`));
    child.unref();
    if (child.pid === undefined) throw new Error('could not start java');
    return { pid: child.pid, exited: () => exit };
  } finally {
    closeSync(out); // the child has its own copy of the descriptor
  }
}

async function launch(s: InfraSettings, p: Paths, log: Log): Promise<string> {
  const version = pinnedVersion(p);
  await requireJava(`Kafka ${version}`, 'set KAFKA_BROKERS');
  mkdirSync(p.root, { recursive: true });
  const libs = await ensureMavenJars({
    pom: p.pom,
    dir: libsDir(s, version),
    what: `Kafka ${version}`,
    alternative: 'set KAFKA_BROKERS',
    log,
  });
  await assertPortsFree(s);
  writeFileSync(p.config, serverProperties(s, p));
  await formatOnce(p, libs, log);

  const started = Date.now();
  const broker = spawnBroker(p, libs);
  writePid(p.pidFile, broker.pid);
  log(`starting Kafka ${version} on ${localBroker(s)} (pid ${broker.pid}, log ${p.log})`);
  const probe = () => withTimeout(brokerWorks([localBroker(s)], true), 20_000, 'Kafka readiness probe');
  const ready = () => (broker.exited() ? Promise.resolve(true) : probe());
  try {
    await pollUntil(`Kafka at ${localBroker(s)}`, ready, { timeoutMs: READY_TIMEOUT_MS, intervalMs: 500 });
    if (!broker.exited()) await sweepProbeTopics([localBroker(s)], log);
  } catch (error) {
    await stopKafka(s); // never leave a broker behind that we could not confirm
    throw withLogTail((error as Error).message, p.log);
  }
  const exited = broker.exited();
  if (exited) {
    rmSync(p.pidFile, { force: true });
    throw withLogTail(`Kafka ${exited} while starting`, p.log);
  }
  log(`Kafka ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return version;
}

/** A broker started earlier from the same .infra dir: reuse it, waiting if it is still starting up. */
async function reuse(s: InfraSettings, p: Paths, pid: number, log: Log): Promise<KafkaEndpoint> {
  const configured = /^advertised\.listeners=PLAINTEXT:\/\/(.+)$/m.exec(readFileSync(p.config, 'utf8'))?.[1];
  if (configured !== localBroker(s)) {
    throw new Error(`Kafka (pid ${pid}) already runs on ${configured}, not ${localBroker(s)}: stop it first`);
  }
  const what = `Kafka (pid ${pid}) at ${localBroker(s)} (if it hangs, stop it with "npm run infra:down")`;
  await pollUntil(what, () => brokerWorks([localBroker(s)], false), { timeoutMs: READY_TIMEOUT_MS, intervalMs: 500 });
  log(`Kafka already running (pid ${pid})`);
  return { brokers: [localBroker(s)], startedHere: false, version: pinnedVersion(p) };
}

async function useExternal(brokers: string[], log: Log): Promise<KafkaEndpoint> {
  try {
    await withTimeout(brokerWorks(brokers, false), 20_000, 'Kafka describeCluster');
  } catch (error) {
    const why = (error as Error).message;
    const list = brokers.join(',');
    throw new Error(`KAFKA_BROKERS=${list} is set, but no Kafka broker answered there (${why}): fix or unset it`);
  }
  log(`using external Kafka ${brokers.join(',')}`);
  return { brokers, startedHere: false };
}

export async function startKafka(s: InfraSettings, log: Log = () => undefined): Promise<KafkaEndpoint> {
  if (s.externalKafkaBrokers) return useExternal(s.externalKafkaBrokers, log);
  const p = paths(s);
  const pid = brokerPid(p);
  if (pid !== undefined) return reuse(s, p, pid, log);
  const version = await launch(s, p, log);
  return { brokers: [localBroker(s)], startedHere: true, version };
}

/**
 * Stops only the broker whose pid we recorded, so an external cluster is never touched. KAFKA_BROKERS
 * is deliberately not consulted: a test run exports it pointing at the broker it started here.
 */
export async function stopKafka(s: InfraSettings): Promise<boolean> {
  const p = paths(s);
  const pid = brokerPid(p);
  if (pid === undefined) return false;
  // SIGTERM first: Kafka then shuts down cleanly and the next start skips log recovery.
  await stopPid(pid, 30_000);
  rmSync(p.pidFile, { force: true });
  return true;
}

/** `running` means the broker answers; `pid` is reported whenever our broker process is alive. */
export async function kafkaStatus(
  s: InfraSettings,
): Promise<{ running: boolean; pid?: number; brokers: string[]; external: boolean }> {
  if (s.externalKafkaBrokers) {
    const brokers = s.externalKafkaBrokers;
    return { running: await answers(brokers), brokers, external: true };
  }
  const brokers = [localBroker(s)];
  const pid = brokerPid(paths(s));
  return { running: pid !== undefined && (await answers(brokers)), pid, brokers, external: false };
}

/**
 * Outbox relays against their ceiling and against Debezium, on the same PostgreSQL and Kafka:
 *
 * - raw producer: kafkajs alone, with the relay's producer settings and batch size (the ceiling);
 * - polling relay and log-tailing relay: the built relay CLI, as the services run it;
 * - Debezium's outbox event router in Kafka Connect standalone, with throughput settings and
 *   with its lowest-latency settings.
 *
 * Each contender drains pre-written outbox rows (1 and 100 rows per transaction) in its own
 * process; an outside reader times the drain by the broker's append time, checks that every
 * message arrived once and in order per key, and the CPU seconds of the contender, PostgreSQL and
 * the broker are sampled from /proc. Then single-row latency: rows committed one by one at a fixed
 * rate, commit → seen by a live consumer. Rounds alternate the order; medians are reported.
 * Finally the cost of `outbox.add` to a business transaction.
 *
 *   npm run bench:outbox                    BENCH_ROWS=20000 BENCH_ROUNDS=3 BENCH_LATENCY_ROWS=100
 *   npm run bench:outbox -- --smoke         every contender once, small: checks the wiring (~2 min)
 *   BENCH_CONTENDERS=raw,polling,log-tailing,debezium,debezium-low-latency   (the default: all)
 *   BENCH_BASELINE_DIST=<another build>     adds polling-before and log-tailing-before: that build's relays
 *   BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=tmp/profiles"                 profiles the node contenders
 *   BENCH_WAIT_EVENTS=1                     what the database sessions wait on during each drain
 *
 * Starts (or reuses) the infrastructure through the launcher; downloads the Connect jars before
 * anything is timed. Results and how to read them: docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Outbox } from '@ftgo/outbox';
import { acceptAnyEvent } from '../libs/outbox/src/testing/outbox-test-kit';
import { ensureTopics, pollUntil } from '@ftgo/platform';
import { build, createScratchDatabase, ensureInfra, infraEnv, infraSettings, onInterrupt, stopStartedInfra } from '@ftgo/tools';
import { ensureConnectJars } from '../tools/infra/connect';
import { PRODUCER_CONFIG } from '../libs/outbox/src/publisher/outbox-publisher';
import { relayConfigSchema } from '../libs/outbox/src/relay/relay-config';
import { type Contender, DEBEZIUM_TUNINGS, debezium, rawProducer, relay, type RunContext, type Running } from './outbox/contenders';
import { CounterTrace, cpuSeconds, kafkaBrokerPid, memoryMb, postgresCpuSeconds } from './support/process-stats';
import { createMeasuredTopic, readDrain, startLatencyConsumer, waitForMessages } from './outbox/topic-reader';
import { WaitEventSampler } from './outbox/wait-events';
import { aggregateId, payloadOf, type Workload, writeOneRow, writeOutboxRows } from './outbox/workload';
import { median, percentile } from './support/statistics';

const SMOKE = process.argv.includes('--smoke');
const ROWS = Number(process.env.BENCH_ROWS ?? (SMOKE ? 500 : 20_000));
/** Published first, untimed: every contender (V8's and the JVM's JIT alike) is warm when the timed rows start. */
const WARMUP_ROWS = Number(process.env.BENCH_WARMUP_ROWS ?? Math.ceil(ROWS / 4));
/** The build the relay runs from (and whose migrations the databases get): `dist` is this checkout's. */
const DIST = resolve(process.env.BENCH_DIST ?? 'dist');
/** Another build (e.g. of the previous commit) whose relays join the run as "… (before)" contenders. */
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST ? resolve(process.env.BENCH_BASELINE_DIST) : undefined;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SMOKE ? 1 : 3));
const LATENCY_ROWS = Number(process.env.BENCH_LATENCY_ROWS ?? (SMOKE ? 10 : 100));
const LATENCY_RATE = 20; // rows per second
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? (SMOKE ? 50 : 1_000));
const AGGREGATES = 1_000;
/** BENCH_WAIT_EVENTS=1: sample what the contender's database sessions wait on during each drain. */
const WAIT_EVENTS = Boolean(process.env.BENCH_WAIT_EVENTS);
const SIZES = [1, 100];
const BATCH = relayConfigSchema.parse({ DATABASE_URL: 'postgres://x', KAFKA_BROKERS: 'x:1' }).OUTBOX_BATCH_SIZE;


interface DrainResult {
  /** The contender's process, to match a CPU profile to its run. */
  pid: number;
  rate: number;
  /** CPU seconds per 10 000 messages. */
  cpu: { contender: number; postgres: number; broker: number };
  rssMb: number;
  duplicates: number;
  outOfOrder: number;
}

interface LatencyResult {
  p50: number;
  p99: number;
}

const settings = infraSettings();
const log = (line: string) => console.log(`  ${line}`);

async function main(): Promise<void> {
  const infra = await ensureInfra(settings, log);
  onInterrupt(() => stopStartedInfra(infra, settings));
  Object.assign(process.env, infraEnv(infra));
  const brokers = infra.kafka.brokers;
  const kafka = new Kafka({ clientId: 'bench-outbox', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const contenders = selectedContenders();
  // Not timed: the relay runs from dist/ as the services do, and Connect's jars come from Maven once.
  if (!process.env.BENCH_DIST) await build([]);
  if (contenders.some((contender) => contender.name.startsWith('debezium'))) await ensureConnectJars(settings, log);

  const pgDataDir = settings.externalDatabaseUrl ? undefined : join(settings.dir, 'postgres', 'data');
  const brokerPid = settings.externalKafkaBrokers ? undefined : kafkaBrokerPid(settings.dir);

  async function drainRun(contender: Contender, rowsPerTransaction: number, withLatency: boolean) {
    const workload: Workload = { rows: ROWS, aggregates: AGGREGATES, rowsPerTransaction };
    const warmup: Workload = { ...workload, rows: WARMUP_ROWS };
    const database = await createScratchDatabase('bench_outbox');
    const dataSource = await openDatabase(database.url, contender.dist);
    const writer = new Client({ connectionString: database.url });
    await writer.connect();
    const topic = `bench.outbox.${randomUUID().slice(0, 8)}`;
    const warmupTopic = `${topic}.warmup`;
    const context: RunContext = {
      db: { name: database.name, url: database.url, query: (sql, params) => dataSource.query(sql, params) },
      topic,
      workload,
      warmup: { topic: warmupTopic, rows: WARMUP_ROWS },
      brokers,
      settings,
    };
    let running: Running | undefined;
    let forgetRunning: (() => void) | undefined;
    try {
      await createMeasuredTopic(kafka, topic);
      await ensureTopics(kafka, [{ topic: warmupTopic, numPartitions: 3 }]);
      await contender.prepare?.(context);
      if (contender.name !== 'raw producer') {
        if (WARMUP_ROWS > 0) await writeOutboxRows(writer, warmupTopic, warmup);
        await writeOutboxRows(writer, topic, workload);
      }
      const traces = {
        postgres: new CounterTrace(() => (pgDataDir ? postgresCpuSeconds(pgDataDir) : 0)),
        broker: new CounterTrace(() => (brokerPid ? cpuSeconds(brokerPid) : 0)),
        contender: new CounterTrace(() => 0),
      };
      let pid = -1;
      const waits = WAIT_EVENTS ? new WaitEventSampler(process.env.ADMIN_DATABASE_URL ?? '', database.name) : undefined;
      await waits?.start();
      traces.postgres.start();
      traces.broker.start();
      running = await contender.start(context, (spawned) => {
        pid = spawned;
        traces.contender = new CounterTrace(() => cpuSeconds(spawned));
        traces.contender.start();
      });
      forgetRunning = onInterrupt(() => running!.stop());
      await waitForMessages(admin, topic, ROWS, 600_000);
      const memory = memoryMb(pid);
      Object.values(traces).forEach((trace) => trace.stop());
      if (waits) console.log(`  ${contender.name}, ${rowsPerTransaction} row(s)/tx:\n${await waits.stop()}`);
      const reading = await readDrain(kafka, topic, ROWS);
      const per10k = (trace: CounterTrace) => ((trace.valueAt(reading.last) - trace.valueAt(reading.first)) / reading.afterFirst) * 10_000;
      const drain: DrainResult = {
        rate: reading.afterFirst / ((reading.last - reading.first) / 1000),
        cpu: { contender: per10k(traces.contender), postgres: per10k(traces.postgres), broker: per10k(traces.broker) },
        rssMb: memory.peak,
        pid,
        duplicates: reading.duplicates + (ROWS - reading.distinct),
        outOfOrder: reading.outOfOrder,
      };
      const latency = withLatency ? await measureLatency(contender, kafka, writer) : undefined;
      return { drain, latency };
    } finally {
      await running?.stop();
      forgetRunning?.();
      await writer.end();
      await dataSource.destroy();
      await database.drop();
      await admin.deleteTopics({ topics: [topic, warmupTopic] }).catch(() => undefined);
    }
  }

  const drains = new Map<string, DrainResult[]>();
  const ratios = new Map<string, number[]>();
  const latencies = new Map<string, LatencyResult[]>();
  const raw = contenders.find((contender) => contender.name === 'raw producer');
  for (let round = 0; round < ROUNDS; round++) {
    const order = contenders.map((_, index) => contenders[(index + round) % contenders.length]);
    for (const contender of order) {
      if (contender === raw) {
        push(latencies, raw.name, await measureLatency(raw, kafka, undefined));
        continue;
      }
      const sizes = round % 2 === 0 ? SIZES : [...SIZES].reverse();
      for (const [index, size] of sizes.entries()) {
        // The ceiling right before each drain: the machine is shared, its load changes by the minute.
        const ceiling = raw ? (await drainRun(raw, size, false)).drain : undefined;
        if (ceiling) push(drains, `${raw?.name}|${size}`, ceiling);
        const { drain, latency } = await drainRun(contender, size, index === sizes.length - 1);
        push(drains, `${contender.name}|${size}`, drain);
        if (ceiling) push(ratios, `${contender.name}|${size}`, drain.rate / ceiling.rate);
        if (latency) push(latencies, contender.name, latency);
        log(
          `round ${round + 1}/${ROUNDS} ${contender.name}, ${size} row(s)/tx: ${drain.rate.toFixed(0)} msg/s` +
            (ceiling ? ` (raw just before: ${ceiling.rate.toFixed(0)})` : '') +
            `, cpu/10k ${drain.cpu.contender.toFixed(2)} + pg ${drain.cpu.postgres.toFixed(2)} (broker ${drain.cpu.broker.toFixed(2)}), ` +
            `rss ${drain.rssMb.toFixed(0)} MB, dup ${drain.duplicates}, out of order ${drain.outOfOrder} (pid ${drain.pid})` +
            (latency ? `; latency p50 ${latency.p50.toFixed(1)} ms p99 ${latency.p99.toFixed(1)} ms` : ''),
        );
      }
    }
  }
  report(contenders, drains, ratios, latencies);
  await reportIdleMemory(contenders.filter((contender) => contender.name !== 'raw producer'), brokers);
  await reportOutboxAddCost();
  await admin.disconnect();
  await stopStartedInfra(infra, settings);
}

/** A scratch database with the outbox schema of the build under test. */
async function openDatabase(url: string, dist = DIST): Promise<DataSource> {
  const { outboxMigrations } = await import(join(dist, 'libs/outbox/src/schema/create-outbox-table.migration.js'));
  const dataSource = new DataSource({ type: 'postgres', url, migrations: outboxMigrations, extra: { max: 4 } });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

function selectedContenders(): Contender[] {
  const all: Record<string, Contender> = {
    raw: rawProducer(BATCH),
    polling: relay('polling', DIST),
    'log-tailing': relay('log-tailing', DIST),
    debezium: debezium(DEBEZIUM_TUNINGS[0], settings),
    'debezium-low-latency': debezium(DEBEZIUM_TUNINGS[1], settings),
    ...(BASELINE_DIST && {
      'polling-before': relay('polling', BASELINE_DIST, 'polling relay (before)'),
      'log-tailing-before': relay('log-tailing', BASELINE_DIST, 'log-tailing relay (before)'),
    }),
  };
  const names = (process.env.BENCH_CONTENDERS ?? Object.keys(all).join(',')).split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !all[name]);
  if (unknown.length) throw new Error(`BENCH_CONTENDERS: unknown ${unknown.join(', ')} (known: ${Object.keys(all).join(', ')})`);
  return names.map((name) => all[name]);
}

/** Single-row transactions at a fixed rate, timed from COMMIT to a live consumer seeing the message. */
async function measureLatency(contender: Contender, kafka: Kafka, writer: Client | undefined): Promise<LatencyResult> {
  const topic = `bench.latency.${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
  const consumer = await startLatencyConsumer(kafka, topic);
  const producer = contender.name === 'raw producer' ? kafka.producer(PRODUCER_CONFIG) : undefined;
  await producer?.connect();
  const sentAt = new Map<string, number>();
  try {
    for (let index = 0; index < LATENCY_ROWS; index++) {
      const id = randomUUID();
      const tick = sleep(1000 / LATENCY_RATE);
      if (producer) {
        sentAt.set(id, performance.now());
        const key = aggregateId(index);
        await producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify(payloadOf(index, 1_000_000)), headers: { 'message-id': id } }] });
      } else {
        sentAt.set(id, await writeOneRow(writer as Client, topic, id, index));
      }
      await tick;
    }
    await pollUntil(`${contender.name}: every latency message`, () => consumer.arrivals.size >= LATENCY_ROWS, { timeoutMs: 60_000, intervalMs: 20 });
    const values = [...sentAt].map(([id, at]) => (consumer.arrivals.get(id) ?? Number.NaN) - at);
    if (values.some(Number.isNaN)) throw new Error(`${contender.name}: ${values.filter(Number.isNaN).length} latency messages never arrived`);
    return { p50: percentile(values, 0.5), p99: percentile(values, 0.99) };
  } finally {
    await producer?.disconnect();
    await consumer.stop();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

function report(contenders: Contender[], drains: Map<string, DrainResult[]>, ratios: Map<string, number[]>, latencies: Map<string, LatencyResult[]>): void {
  console.log(`\n  ${ROWS} pre-written rows, ${AGGREGATES} keys, 3 partitions, acks=all; medians of ${ROUNDS} round(s)`);
  console.log('  (× raw: the median of each drain divided by the raw producer\'s drain run just before it)');
  console.log('  contender                | rows/tx |   msg/s | × raw | cpu s/10k: contender + pg (broker) | peak RSS | runs (msg/s)');
  for (const contender of contenders) {
    for (const size of SIZES) {
      const runs = drains.get(`${contender.name}|${size}`) ?? [];
      const rate = median(runs.map((run) => run.rate));
      const paired = ratios.get(`${contender.name}|${size}`);
      const ratio = contender.name === 'raw producer' ? '1.00' : paired ? median(paired).toFixed(2) : '';
      const cpu = (pick: (run: DrainResult) => number) => median(runs.map(pick)).toFixed(2);
      const problems = runs.reduce((sum, run) => sum + run.duplicates + run.outOfOrder, 0);
      console.log(
        `  ${contender.name.padEnd(24)} | ${String(size).padStart(7)} | ${rate.toFixed(0).padStart(7)} | ${ratio.padStart(5)} | ` +
          `${cpu((run) => run.cpu.contender)} + ${cpu((run) => run.cpu.postgres)} (${cpu((run) => run.cpu.broker)})`.padEnd(35) +
          ` | ${median(runs.map((run) => run.rssMb)).toFixed(0).padStart(5)} MB | ${runs.map((run) => run.rate.toFixed(0)).join(', ')}` +
          (problems ? `  DUPLICATES/OUT OF ORDER: ${problems}` : ''),
      );
    }
  }
  console.log(`\n  single-row latency, commit → consumer, ${LATENCY_ROWS} rows at ${LATENCY_RATE}/s; medians of ${ROUNDS} round(s)`);
  for (const contender of contenders) {
    const runs = latencies.get(contender.name) ?? [];
    console.log(
      `  ${contender.name.padEnd(24)} p50 ${median(runs.map((run) => run.p50)).toFixed(1).padStart(6)} ms   p99 ${median(runs.map((run) => run.p99)).toFixed(1).padStart(6)} ms` +
        `   (p50 runs: ${runs.map((run) => run.p50.toFixed(1)).join(', ')})`,
    );
  }
}

/** Resident memory of each contender idle: started on an empty database, read 10 s later. */
async function reportIdleMemory(contenders: Contender[], brokers: string[]): Promise<void> {
  console.log('\n  idle RSS (started on an empty database, 10 s later)');
  for (const contender of contenders) {
    const database = await createScratchDatabase('bench_outbox_idle');
    const dataSource = await openDatabase(database.url, contender.dist);
    const context: RunContext = {
      db: { name: database.name, url: database.url, query: (sql, params) => dataSource.query(sql, params) },
      topic: 'bench.idle',
      workload: { rows: 0, aggregates: 1, rowsPerTransaction: 1 },
      warmup: { topic: 'bench.idle', rows: 0 },
      brokers,
      settings,
    };
    let pid = -1;
    let running: Running | undefined;
    let forgetRunning: (() => void) | undefined;
    try {
      await contender.prepare?.(context);
      running = await contender.start(context, (spawned) => (pid = spawned));
      forgetRunning = onInterrupt(() => running!.stop());
      await sleep(10_000);
      console.log(`    ${contender.name.padEnd(34)} ${memoryMb(pid).rss.toFixed(0).padStart(5)} MB`);
    } finally {
      await running?.stop();
      forgetRunning?.();
      await dataSource.destroy();
      await database.drop();
    }
  }
}

/** What `outbox.add` adds to a business transaction (one INSERT): sequential transactions per second. */
async function reportOutboxAddCost(): Promise<void> {
  const outbox = new Outbox(acceptAnyEvent);
  const runs: Record<'without' | 'with', number[]> = { without: [], with: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
      const database = await createScratchDatabase('bench_outbox_add');
      const dataSource = await openDatabase(database.url);
      await dataSource.query(`CREATE TABLE bench_order (id uuid PRIMARY KEY, state text NOT NULL, total int NOT NULL)`);
      const started = performance.now();
      for (let i = 0; i < TRANSACTIONS; i++) {
        await dataSource.transaction(async (manager) => {
          const id = randomUUID();
          await manager.query(`INSERT INTO bench_order (id, state, total) VALUES ($1, 'APPROVAL_PENDING', $2)`, [id, i]);
          if (mode === 'with') {
            await outbox.add(manager, { topic: 'bench.add', aggregateType: 'Order', aggregateId: id, eventType: 'OrderCreated', payload: payloadOf(i, AGGREGATES) });
          }
        });
      }
      runs[mode].push(TRANSACTIONS / ((performance.now() - started) / 1000));
      await dataSource.destroy();
      await database.drop();
    }
  }
  const [without, withAdd] = [median(runs.without), median(runs.with)];
  console.log(`\n  business transaction (1 INSERT), ${TRANSACTIONS} sequential transactions; medians of ${ROUNDS} round(s)`);
  console.log(`    without outbox.add ${without.toFixed(0)} tx/s  (runs: ${runs.without.map((r) => r.toFixed(0)).join(', ')})`);
  console.log(`    with outbox.add    ${withAdd.toFixed(0)} tx/s  (runs: ${runs.with.map((r) => r.toFixed(0)).join(', ')})  ratio ${(withAdd / without).toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

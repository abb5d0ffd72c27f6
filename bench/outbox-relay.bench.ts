/**
 * Outbox relay throughput against the ceiling: the raw kafkajs producer publishing N pre-built
 * messages (same producer settings, same batch size), then the polling relay and the log-tailing
 * relay each draining N outbox rows, on the same PostgreSQL and Kafka, alternating in rounds.
 * Also the added cost of `outbox.add` to a business transaction (transactions/s with and without).
 *
 *   npm run bench:outbox               (BENCH_MESSAGES=10000 BENCH_ROUNDS=3 BENCH_TRANSACTIONS=1000)
 *
 * Reuses the running PostgreSQL and Kafka (or starts them) through the launcher; see docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { ensureInfra, infraEnv, stopStartedInfra, createScratchDatabase } from '@ftgo/tools';
import { Outbox, runOutboxRelay, relayConfigSchema } from '@ftgo/outbox';
import { relayMetrics } from '../libs/outbox/src/observability/relay-metrics';
import * as kit from '../libs/outbox/src/testing/outbox-test-kit';
import { Partitioners } from 'kafkajs';
import { ensureTopics, pollUntil } from '@ftgo/platform';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TRANSACTIONS = Number(process.env.BENCH_TRANSACTIONS ?? 1_000);
const BATCH = 500;
const AGGREGATES = 1_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface Result {
  rate: number;
  batchMs: number;
}

async function main(): Promise<void> {
  // Loaded here, after the re-exec at the bottom, so that tsx resolves the @ftgo/* aliases.
  Logger.overrideLogger(['error']);

  const infra = await ensureInfra();
  Object.assign(process.env, infraEnv(infra));
  const brokers = infra.kafka.brokers.join(',');
  const kafka = kit.testKafka(brokers);
  const outbox = new Outbox(kit.acceptAnyEvent);

  // Every relay batch goes through this timer (claim or receive → marked sent): record each one.
  let batches: { start: number; end: number }[] = [];
  relayMetrics.batchDuration.startTimer = () => {
    const start = performance.now();
    return () => {
      batches.push({ start, end: performance.now() });
      return 0;
    };
  };
  const summarize = (): Result => ({
    rate: MESSAGES / ((batches[batches.length - 1].end - batches[0].start) / 1000),
    batchMs: median(batches.map((batch) => batch.end - batch.start)),
  });

  async function rawProducer(): Promise<Result> {
    const topic = kit.uniqueTopic('bench-raw');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const messages = kit.numberedEvents(topic, MESSAGES, AGGREGATES).map((event) => ({
      key: event.aggregateId,
      value: JSON.stringify(event.payload),
      headers: { 'message-id': randomUUID(), 'event-type': event.eventType, 'aggregate-type': event.aggregateType, 'aggregate-id': event.aggregateId },
    }));
    // Warm-up: the first send fetches metadata and the producer id; the relays pay that before their timing starts too.
    await producer.send({ topic, acks: -1, messages: [messages[0]] });
    const latencies: number[] = [];
    const started = performance.now();
    for (let start = 0; start < MESSAGES; start += BATCH) {
      const batchStart = performance.now();
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: messages.slice(start, start + BATCH) }] });
      latencies.push(performance.now() - batchStart);
    }
    const rate = MESSAGES / ((performance.now() - started) / 1000);
    await producer.disconnect();
    return { rate, batchMs: median(latencies) };
  }

  async function relay(mode: 'polling' | 'log-tailing'): Promise<Result> {
    const database = await createScratchDatabase(`bench_outbox_${mode.replace('-', '_')}`);
    const dataSource = await kit.openOutboxDatabase(database.url);
    const config = relayConfigSchema.parse({
      ...kit.testRelayConfig(database.url, brokers, { OUTBOX_RELAY_MODE: mode, OUTBOX_BATCH_SIZE: String(BATCH), OUTBOX_SLOT_NAME: `slot_${database.name}` }),
      KAFKA_BROKERS: brokers,
    });
    const pending = async () => Number((await dataSource.query(`SELECT count(*) AS n FROM outbox_message WHERE status <> 'sent'`))[0].n);
    // A first start creates the publication and the slot, so that the rows below arrive through the log.
    await (await runOutboxRelay(config, { logger: kit.silentLogger })).stop();
    const topic = kit.uniqueTopic(`bench-${mode}`);
    await kit.writeEvents(dataSource, outbox.add.bind(outbox), kit.numberedEvents(topic, MESSAGES, AGGREGATES), 100);
    batches = [];
    const running = await runOutboxRelay(config, { logger: kit.silentLogger });
    await pollUntil('the relay to send every row', async () => (await pending()) === 0, { timeoutMs: 600_000, intervalMs: 20 });
    await running.stop();
    await dataSource.destroy();
    await database.drop();
    return summarize();
  }

  async function businessTransactions(withOutbox: boolean): Promise<number> {
    const database = await createScratchDatabase('bench_outbox_add');
    const dataSource = await kit.openOutboxDatabase(database.url);
    await dataSource.query(`CREATE TABLE bench_order (id uuid PRIMARY KEY, state text NOT NULL, total int NOT NULL)`);
    const topic = kit.uniqueTopic('bench-add');
    const started = performance.now();
    for (let i = 0; i < TRANSACTIONS; i++) {
      await dataSource.transaction(async (manager) => {
        const id = randomUUID();
        await manager.query(`INSERT INTO bench_order (id, state, total) VALUES ($1, 'APPROVAL_PENDING', $2)`, [id, i]);
        if (withOutbox) {
          await outbox.add(manager, { topic, aggregateType: 'Order', aggregateId: id, eventType: 'OrderCreated', payload: { orderId: id, total: i } });
        }
      });
    }
    const rate = TRANSACTIONS / ((performance.now() - started) / 1000);
    await dataSource.destroy();
    await database.drop();
    return rate;
  }

  const results: Record<'raw producer' | 'polling relay' | 'log-tailing relay', Result[]> = {
    'raw producer': [],
    'polling relay': [],
    'log-tailing relay': [],
  };
  const add: Record<'without outbox.add' | 'with outbox.add', number[]> = { 'without outbox.add': [], 'with outbox.add': [] };
  for (let round = 1; round <= ROUNDS; round++) {
    results['raw producer'].push(await rawProducer());
    results['polling relay'].push(await relay('polling'));
    results['log-tailing relay'].push(await relay('log-tailing'));
    add['without outbox.add'].push(await businessTransactions(false));
    add['with outbox.add'].push(await businessTransactions(true));
    console.log(`round ${round}/${ROUNDS} done`);
  }

  const ceiling = median(results['raw producer'].map((result) => result.rate));
  console.log(`\n  ${MESSAGES} messages, batches of ${BATCH}, ${AGGREGATES} keys, 3 partitions, acks=all, idempotent; medians of ${ROUNDS} rounds`);
  for (const [name, runs] of Object.entries(results)) {
    const rate = median(runs.map((result) => result.rate));
    const target = name === 'polling relay' ? ' (target >= 0.5)' : name === 'log-tailing relay' ? ' (target >= 0.7)' : '';
    console.log(
      `    ${name.padEnd(18)} ${rate.toFixed(0).padStart(7)} msg/s  batch ${median(runs.map((r) => r.batchMs)).toFixed(1).padStart(6)} ms  ` +
        `ratio ${(rate / ceiling).toFixed(2)}${target}  (runs: ${runs.map((r) => r.rate.toFixed(0)).join(', ')})`,
    );
  }
  const without = median(add['without outbox.add']);
  const withAdd = median(add['with outbox.add']);
  console.log(`\n  business transaction (1 INSERT), ${TRANSACTIONS} sequential transactions`);
  console.log(`    without outbox.add ${without.toFixed(0)} tx/s  (runs: ${add['without outbox.add'].map((r) => r.toFixed(0)).join(', ')})`);
  console.log(`    with outbox.add    ${withAdd.toFixed(0)} tx/s  (runs: ${add['with outbox.add'].map((r) => r.toFixed(0)).join(', ')})`);
  console.log(`    ratio ${(withAdd / without).toFixed(2)}`);
  await stopStartedInfra(infra);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

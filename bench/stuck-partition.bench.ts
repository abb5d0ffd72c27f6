/**
 * What one message that keeps failing costs the consumer's other partitions. The same consumer
 * and handler on a 3-partition topic, alternating rounds in one process: `clean` (no poison) and
 * `poisoned` (partition 0 starts with a message whose handler throws an unknown error, retried
 * every RETRY_MS until its budget is spent). Healthy messages are produced on partitions 1 and 2
 * at a steady rate; the number is the time from produce to settle of each healthy message.
 *
 *   npm run bench:stuck-partition      (BENCH_MESSAGES=400 BENCH_ROUNDS=5 BENCH_RETRY_MS=1000 by default)
 *
 * Reuses the running PostgreSQL and Kafka (or starts them) through the launcher; see docs/benchmarks.md.
 */
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { pollUntil } from '@ftgo/platform';
import { ensureInfra, infraEnv, stopStartedInfra, createScratchDatabase } from '@ftgo/tools';
import { IdempotentConsumer, defineHandler } from '@ftgo/messaging';
import * as kit from '../libs/messaging/src/testing/test-kit';
import { median, percentile } from './support/statistics';

type Mode = 'clean' | 'poisoned';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RETRY_MS = Number(process.env.BENCH_RETRY_MS ?? 1_000);
/** Messages produced per tick on the healthy partitions, and the tick. */
const PER_TICK = 10;
const TICK_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const infra = await ensureInfra();
  Object.assign(process.env, infraEnv(infra));
  const database = await createScratchDatabase('bench_stuck');
  const dataSource: DataSource = await kit.openDatabase(database.url);
  const kafka = kit.testKafka(infra.kafka.brokers.join(','));

  /** Produce-to-settle latencies (ms) of the healthy messages of one round. */
  async function run(mode: Mode): Promise<{ p50: number; p99: number }> {
    const topic = `bench-stuck-${randomUUID()}`;
    await kit.createTopic(kafka, topic, 3);
    await dataSource.query('TRUNCATE effect, processed_message');
    const producedAt = new Map<string, number>();
    const latencies: number[] = [];
    let warm = 0;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    let poisonAttempts = 0;
    const failures = () => poisonAttempts;
    const handler = defineHandler<{ note: string }>({
      ...kit.noteHandler(topic),
      async handle(payload, context) {
        if (payload.note === 'poison') {
          poisonAttempts++;
          throw new Error('a bug in the handler');
        }
        await kit.noteHandler(topic).handle(payload, context);
      },
    });
    const consumer = new IdempotentConsumer({
      kafka,
      dataSource,
      handlers: [handler],
      config: {
        ...kit.testConsumerConfig(`bench-${randomUUID().slice(0, 8)}`),
        concurrency: 3,
        retry: { initialDelayMs: RETRY_MS, maxDelayMs: RETRY_MS, multiplier: 1, maxAttempts: 1_000 },
      },
      onSettled: ({ messageId, partition }) => {
        const at = messageId && producedAt.get(messageId);
        if (partition !== 0 && !at) warm++;
        if (partition === 0 || !at) return;
        latencies.push(performance.now() - at);
        if (latencies.length === MESSAGES) done();
      },
    });
    if (mode === 'poisoned') await kit.produce(kafka, topic, [{ ...kit.envelope({ note: 'poison' }), partition: 0 }]);
    await consumer.start();
    // Measured from the moment the group has joined and the poison, if any, has failed once.
    await kit.produce(kafka, topic, [1, 2].map((partition) => ({ ...kit.envelope({ note: 'warm-up' }), partition })));
    await pollUntil('the consumer is warm', async () => warm >= 2 && (mode === 'clean' || failures() > 0), { timeoutMs: 60_000 });
    for (let sent = 0; sent < MESSAGES; sent += PER_TICK) {
      const batch = Array.from({ length: PER_TICK }, (_, i) => {
        const messageId = randomUUID();
        return { ...kit.envelope({ note: `n${sent + i}` }, { messageId }), partition: 1 + ((sent + i) % 2) };
      });
      const now = performance.now();
      for (const message of batch) producedAt.set((message.headers as Record<string, string>)['message-id'], now);
      await kit.produce(kafka, topic, batch);
      await sleep(TICK_MS);
    }
    await finished;
    await consumer.stop();
    return { p50: median(latencies), p99: percentile(latencies, 0.99) };
  }

  console.log(`${MESSAGES} healthy messages on partitions 1-2, ${ROUNDS} rounds, poison retried every ${RETRY_MS} ms, latency in ms:`);
  const results: Record<Mode, { p50: number; p99: number }[]> = { clean: [], poisoned: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const modes: Mode[] = round % 2 ? ['poisoned', 'clean'] : ['clean', 'poisoned'];
    for (const mode of modes) results[mode].push(await run(mode));
  }
  for (const mode of ['clean', 'poisoned'] as Mode[]) {
    const p50 = median(results[mode].map((r) => r.p50));
    const p99 = median(results[mode].map((r) => r.p99));
    const runs = results[mode].map((r) => `${r.p50.toFixed(0)}/${r.p99.toFixed(0)}`).join(', ');
    console.log(`  ${mode.padEnd(8)}  p50 ${p50.toFixed(0)}  p99 ${p99.toFixed(0)}  (runs p50/p99: ${runs})`);
  }

  await dataSource.destroy();
  await database.drop();
  await stopStartedInfra(infra);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

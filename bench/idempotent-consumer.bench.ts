/**
 * Consumer throughput with message-id tracking (`track-message-ids`: a processed_message insert
 * in the handler's transaction) against the same consumer and handler without it
 * (`handler-is-idempotent`), on the same topic and data, alternating runs in one process.
 * Two handlers: the smallest possible (one INSERT: the worst case for the relative cost of the
 * extra statement) and a typical one (one INSERT plus one outbox event, like kitchen on OrderCreated).
 *
 *   npm run bench:messaging            (BENCH_MESSAGES=10000 BENCH_ROUNDS=5 by default)
 *
 * Reuses the running PostgreSQL and Kafka (or starts them) through the launcher; see docs/benchmarks.md.
 */
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ensureInfra, infraEnv, stopStartedInfra, createScratchDatabase } from '@ftgo/tools';
import { IdempotentConsumer, defineHandler } from '@ftgo/messaging';
import { Outbox, outboxMigrations } from '@ftgo/outbox';
import * as kit from '../libs/messaging/src/testing/test-kit';
import { median } from './support/statistics';

type Mode = 'track-message-ids' | 'handler-is-idempotent';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);


async function main(): Promise<void> {
  // Loaded here, after the re-exec at the bottom, so that tsx resolves the @ftgo/* aliases.
  Logger.overrideLogger(['error', 'warn']);

  const infra = await ensureInfra();
  Object.assign(process.env, infraEnv(infra));
  const database = await createScratchDatabase('bench_messaging');
  const dataSource: DataSource = await kit.openDatabase(database.url, outboxMigrations);
  const kafka = kit.testKafka(infra.kafka.brokers.join(','));
  const topic = `bench-messaging-${randomUUID()}`;
  await kit.createTopic(kafka, topic, 3);
  for (let start = 0; start < MESSAGES; start += 1_000) {
    const count = Math.min(1_000, MESSAGES - start);
    const batch = Array.from({ length: count }, (_, i) => kit.envelope({ note: `n${start + i}` }, { key: `order-${(start + i) % 97}` }));
    await kit.produce(kafka, topic, batch);
  }

  // The bench's events are its own, not the catalog's.
  const outbox = new Outbox(() => undefined);
  const handlers = {
    'one insert': kit.noteHandler(topic),
    'insert + outbox event': defineHandler<{ note: string }>({
      ...kit.noteHandler(topic),
      async handle(payload, context) {
        await kit.noteHandler(topic).handle(payload, context);
        const event = { topic: 'bench.out', aggregateType: 'Note', aggregateId: context.message.key ?? 'none', eventType: 'NoteSeen', payload };
        await outbox.add(context.manager, context.causedBy(event));
      },
    }),
  };
  type Scenario = keyof typeof handlers;

  /** msg/s from the first settled message to the last: group join time is not the consumer's speed. */
  async function run(scenario: Scenario, mode: Mode): Promise<number> {
    await dataSource.query('TRUNCATE effect, processed_message, outbox_message');
    let settled = 0;
    let first = 0;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const consumer = new IdempotentConsumer({
      kafka,
      dataSource,
      handlers: [handlers[scenario]],
      // A short group name, like a real service's: it is part of every processed_message key.
      config: { ...kit.testConsumerConfig(`bench-${randomUUID().slice(0, 8)}`), idempotency: mode, concurrency: 3 },
      onSettled: () => {
        if (settled++ === 0) first = performance.now();
        if (settled === MESSAGES) done();
      },
    });
    await consumer.start();
    await finished;
    const seconds = (performance.now() - first) / 1_000;
    await consumer.stop();
    return (MESSAGES - 1) / seconds;
  }

  console.log(`${MESSAGES} messages, 3 partitions, concurrency 3, ${ROUNDS} rounds, medians in msg/s:`);
  for (const scenario of Object.keys(handlers) as Scenario[]) {
    const results: Record<Mode, number[]> = { 'track-message-ids': [], 'handler-is-idempotent': [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which mode goes first, so a warming cache or a noisy neighbour favours neither.
      const modes: Mode[] = round % 2 ? ['track-message-ids', 'handler-is-idempotent'] : ['handler-is-idempotent', 'track-message-ids'];
      for (const mode of modes) results[mode].push(await run(scenario, mode));
    }
    const baseline = median(results['handler-is-idempotent']);
    const tracked = median(results['track-message-ids']);
    const all = (mode: Mode) => results[mode].map((rate) => rate.toFixed(0)).join(', ');
    console.log(`\n  handler: ${scenario}`);
    console.log(`    without dedup: ${baseline.toFixed(0)}  (runs: ${all('handler-is-idempotent')})`);
    console.log(`    with dedup:    ${tracked.toFixed(0)}  (runs: ${all('track-message-ids')})`);
    console.log(`    ratio: ${(tracked / baseline).toFixed(2)} (target >= 0.8)`);
  }

  await dataSource.destroy();
  await database.drop();
  await stopStartedInfra(infra);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

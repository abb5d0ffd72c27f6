/**
 * The cost of the Idempotency-Key and of tracing on order creation: OrderCommands.create (kitchen
 * ValidateOrder over gRPC through the breaker, then one transaction: order + OrderCreated outbox
 * row) without a key, with a fresh key (one more SELECT before, one more INSERT inside the
 * transaction), a retry with a known key (answered from the database: no kitchen call, no write),
 * and without a key with tracing on (the gRPC and pg instrumentations, the SDK's spans exported over
 * OTLP to a local sink: bench/support/switchable-tracing.ts). The first three run with tracing off,
 * as by default. Sequential calls, rotating the modes' order per round, medians of the rounds'
 * median latencies.
 *
 *   npx tsx bench/order-create.bench.ts      (BENCH_CALLS=500 BENCH_ROUNDS=5 by default)
 *
 * Needs only PostgreSQL (a scratch database on the running instance, via the launcher): the
 * kitchen is the in-process gRPC stand-in of the order service's tests.
 */
import { inRequestSpan, setTracing, stopTracing } from './support/switchable-tracing';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ensureInfra, infraEnv, stopStartedInfra, createScratchDatabase } from '@ftgo/tools';
import { Outbox } from '@ftgo/outbox';
import { DependencyGuards } from '@ftgo/resilience';
import { DataSource } from 'typeorm';
import { loadOrderConfig } from '../apps/order-service/src/config/order.config';
import { orderMigrations } from '../apps/order-service/src/persistence/migrations';
import { OrderRepository } from '../apps/order-service/src/persistence/order.repository';
import { IdempotencyKeyRepository } from '../apps/order-service/src/persistence/idempotency-key.repository';
import { KitchenClient } from '../apps/order-service/src/grpc/kitchen.client';
import { OrderCommands } from '../apps/order-service/src/application/order-commands';
import { startKitchenStandIn, StandInData } from '../apps/order-service/src/testing/grpc-stand-ins';
import { median, percentile } from './support/statistics';

type Mode = 'no key' | 'new key' | 'replayed key' | 'tracing on';
const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);


async function main(): Promise<void> {
  // Loaded here, after the re-exec at the bottom, so that tsx resolves the @ftgo/* aliases.
  Logger.overrideLogger(['error', 'warn']);

  const infra = await ensureInfra();
  Object.assign(process.env, infraEnv(infra));
  const database = await createScratchDatabase('bench_order_create', 'order_user');
  const dataSource = new DataSource({ type: 'postgres', url: database.url, migrations: orderMigrations });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  const kitchen = await startKitchenStandIn();
  // A deadline far above any call's latency: the benchmark measures calls, not the busy machine's outliers.
  const config = loadOrderConfig({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: '127.0.0.1:9092',
    KITCHEN_GRPC_ADDRESS: kitchen.address,
    KITCHEN_GRPC_TIMEOUT_MS: '30000',
    KITCHEN_GRPC_BULKHEAD_WAIT_MS: '30000',
  });
  const guards = new DependencyGuards({ kitchen: config.kitchen, accounting: config.accounting });
  const kitchenClient = new KitchenClient(config, guards);
  const commands = new OrderCommands(config, dataSource, new OrderRepository(), new IdempotencyKeyRepository(), kitchenClient, new Outbox());

  const command = () => ({
    consumerId: randomUUID(),
    restaurantId: StandInData.openRestaurantId,
    lineItems: [{ menuItemId: 'pad-thai', quantity: 2 }],
  });
  // One stored key and body that the replay mode retries over and over.
  const replayed = { key: randomUUID(), command: command() };
  await commands.create(replayed.command, replayed.key);

  async function run(mode: Mode): Promise<number[]> {
    const latencies: number[] = [];
    await setTracing(mode === 'tracing on');
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      if (mode === 'no key') await commands.create(command());
      else if (mode === 'new key') await commands.create(command(), randomUUID());
      else if (mode === 'tracing on') await inRequestSpan(() => commands.create(command()));
      else await commands.create(replayed.command, replayed.key);
      latencies.push(performance.now() - started);
    }
    await setTracing(false);
    return latencies;
  }

  const modes: Mode[] = ['no key', 'new key', 'replayed key', 'tracing on'];
  await run('no key'); // warm-up: connections, JIT, the gRPC channel
  await run('tracing on');
  const p50: Record<Mode, number[]> = { 'no key': [], 'new key': [], 'replayed key': [], 'tracing on': [] };
  const p99: Record<Mode, number[]> = { 'no key': [], 'new key': [], 'replayed key': [], 'tracing on': [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order, so a warming cache or a noisy neighbour favours no mode.
    const shift = round % modes.length;
    for (const mode of [...modes.slice(shift), ...modes.slice(0, shift)]) {
      const latencies = await run(mode);
      p50[mode].push(median(latencies));
      p99[mode].push(percentile(latencies, 0.99));
    }
  }
  const baseline = median(p50['no key']);
  console.log(`${CALLS} sequential POST /orders use-case calls per round, ${ROUNDS} rounds, medians:`);
  for (const mode of modes) {
    const ratio = median(p50[mode]) / baseline;
    console.log(`  ${mode.padEnd(13)} p50 ${median(p50[mode]).toFixed(3)} ms  p99 ${median(p99[mode]).toFixed(3)} ms  p50 ratio ${ratio.toFixed(2)}`);
  }

  await stopTracing();
  guards.shutdown();
  kitchenClient.onModuleDestroy();
  kitchen.stop();
  await dataSource.destroy();
  await database.drop();
  await stopStartedInfra(infra);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

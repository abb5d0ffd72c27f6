/**
 * The cost of the Idempotency-Key and of tracing on order creation: OrderCommands.create (kitchen
 * ValidateOrder over gRPC through the breaker, then one transaction: order + OrderCreated outbox
 * row) inside a `POST /orders` server span, as the HTTP instrumentation opens it.
 *
 * Two worker processes run the same code and differ only in their environment, as a service does:
 * **tracing off** (no OTLP endpoint: the default; the SDK is never loaded) and **tracing on**
 * (OTEL_EXPORTER_OTLP_ENDPOINT set: libs/platform's SDK with the HTTP, Express, gRPC and pg
 * instrumentations, exporting OTLP/protobuf in batches to a receiver in this process, which counts
 * what it gets). The off worker also runs the key modes: a fresh key (one more SELECT before, one
 * more INSERT inside the transaction) and a retry with a known key (answered from the database).
 * The kitchen is the order service's in-process gRPC stand-in, here in the parent, so both workers
 * call it over loopback. Sequential calls; the modes' order rotates every round (off and on
 * alternate); medians of the rounds' median latencies.
 *
 *   npm run bench:order      (BENCH_CALLS=500 BENCH_ROUNDS=6 by default)
 *
 * Needs only PostgreSQL (a scratch database on the running instance, via the launcher).
 */
import '@ftgo/platform/tracing';
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { currentTraceparent, flushTracing, ftgoTracer } from '@ftgo/platform';
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

type Mode = 'tracing off' | 'tracing on' | 'new key' | 'replayed key';
type Worker = 'off' | 'on';
const WORKER_OF: Record<Mode, Worker> = { 'tracing off': 'off', 'tracing on': 'on', 'new key': 'off', 'replayed key': 'off' };
const MODES = Object.keys(WORKER_OF) as Mode[];
const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);

interface RunRequest {
  mode: Mode;
  calls: number;
}

/** A worker: the order service's use case on the parent's database and kitchen, one mode per request. */
async function worker(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const url = process.env.DATABASE_URL!;
  const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
  // A deadline far above any call's latency: the benchmark measures calls, not the busy machine's outliers.
  const config = loadOrderConfig({
    DATABASE_URL: url,
    KAFKA_BROKERS: '127.0.0.1:9092',
    KITCHEN_GRPC_ADDRESS: process.env.KITCHEN_GRPC_ADDRESS!,
    KITCHEN_GRPC_TIMEOUT_MS: '30000',
    KITCHEN_GRPC_BULKHEAD_WAIT_MS: '30000',
  });
  const guards = new DependencyGuards({ kitchen: config.kitchen, accounting: config.accounting });
  const kitchenClient = new KitchenClient(config, guards);
  const commands = new OrderCommands(config, dataSource, new OrderRepository(), new IdempotencyKeyRepository(), kitchenClient, new Outbox());
  const command = () => ({ consumerId: randomUUID(), restaurantId: StandInData.openRestaurantId, lineItems: [{ menuItemId: 'pad-thai', quantity: 2 }] });
  const replayed = { key: randomUUID(), command: command() };
  await commands.create(replayed.command, replayed.key);
  const call: Record<Mode, () => Promise<unknown>> = {
    'tracing off': () => commands.create(command()),
    'tracing on': () => commands.create(command()),
    'new key': () => commands.create(command(), randomUUID()),
    'replayed key': () => commands.create(replayed.command, replayed.key),
  };
  // The server span the HTTP instrumentation would open: a no-op when tracing is off.
  const inRequestSpan = (work: () => Promise<unknown>) =>
    ftgoTracer().startActiveSpan('POST /orders', { kind: SpanKind.SERVER }, async (span) => {
      try {
        return await work();
      } finally {
        span.end();
      }
    });

  process.on('message', async ({ mode, calls }: RunRequest) => {
    const latencies: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await inRequestSpan(call[mode]);
      latencies.push(performance.now() - started);
    }
    // The round's spans leave now, so that their export is not another round's CPU time.
    await flushTracing();
    process.send!(latencies);
  });
  process.on('disconnect', () => {
    guards.shutdown();
    kitchenClient.onModuleDestroy();
    void dataSource.destroy().then(() => process.exit(0));
  });
  process.send!('ready');
}

/** The OTLP/HTTP receiver of the traced worker: it accepts every export and counts them. */
async function startReceiver() {
  const received = { exports: 0, bytes: 0 };
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (received.bytes += chunk.length));
    request.on('end', () => {
      received.exports++;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, stop: () => new Promise((resolve) => server.close(resolve)) };
}

async function startWorker(env: NodeJS.ProcessEnv): Promise<{ run: (request: RunRequest) => Promise<number[]>; child: ChildProcess }> {
  const child = fork(__filename, ['worker'], { env });
  const [first] = (await once(child, 'message')) as [unknown];
  if (first !== 'ready') throw new Error(`the worker did not start: ${JSON.stringify(first)}`);
  const run = async (request: RunRequest) => {
    child.send(request);
    const [latencies] = (await once(child, 'message')) as [number[]];
    return latencies;
  };
  return { run, child };
}

/** What the order path's tracing calls cost with the SDK not loaded: a span and a traceparent, per call. */
function offPathNanoseconds(): number {
  const calls = 1_000_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) ftgoTracer().startActiveSpan('POST /orders', (span) => (currentTraceparent(), span.end()));
  return Number(process.hrtime.bigint() - started) / calls;
}

async function main(): Promise<void> {
  const infra = await ensureInfra();
  Object.assign(process.env, infraEnv(infra));
  const database = await createScratchDatabase('bench_order_create', 'order_user');
  const migrator = await new DataSource({ type: 'postgres', url: database.url, migrations: orderMigrations }).initialize();
  await migrator.runMigrations({ transaction: 'each' });
  await migrator.destroy();
  const kitchen = await startKitchenStandIn();
  const receiver = await startReceiver();

  // The off worker must not trace whatever the caller's shell sets.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, KITCHEN_GRPC_ADDRESS: kitchen.address };
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  delete env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const workers: Record<Worker, Awaited<ReturnType<typeof startWorker>>> = {
    off: await startWorker(env),
    on: await startWorker({ ...env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'bench-order' }),
  };
  const run = (mode: Mode) => workers[WORKER_OF[mode]].run({ mode, calls: CALLS });
  // Warm-up: connections, JIT, the gRPC channel, in both workers.
  await run('tracing off');
  await run('tracing on');
  const spent = { ...receiver.received };

  const p50 = Object.fromEntries(MODES.map((mode) => [mode, [] as number[]])) as Record<Mode, number[]>;
  const p99 = Object.fromEntries(MODES.map((mode) => [mode, [] as number[]])) as Record<Mode, number[]>;
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order, so a warming cache or a noisy neighbour favours no mode.
    const shift = round % MODES.length;
    for (const mode of [...MODES.slice(shift), ...MODES.slice(0, shift)]) {
      const latencies = await run(mode);
      p50[mode].push(median(latencies));
      p99[mode].push(percentile(latencies, 0.99));
    }
  }
  const tracedCalls = CALLS * ROUNDS;
  const exported = { exports: receiver.received.exports - spent.exports, bytes: receiver.received.bytes - spent.bytes };

  const baseline = median(p50['tracing off']);
  console.log(`${CALLS} sequential POST /orders use-case calls per round, ${ROUNDS} rounds, Node ${process.version}, medians:`);
  for (const mode of MODES) {
    const ratio = median(p50[mode]) / baseline;
    console.log(`  ${mode.padEnd(13)} p50 ${median(p50[mode]).toFixed(3)} ms  p99 ${median(p99[mode]).toFixed(3)} ms  p50 ratio ${ratio.toFixed(3)}`);
  }
  console.log(`  tracing on exported ${exported.exports} OTLP requests, ${(exported.bytes / tracedCalls).toFixed(0)} bytes per call`);
  console.log(`  tracing off: the order path's API calls (a span, a traceparent) cost ${offPathNanoseconds().toFixed(0)} ns per call without the SDK`);

  for (const { child } of Object.values(workers)) {
    child.disconnect();
    await once(child, 'exit');
  }
  await receiver.stop();
  kitchen.stop();
  await database.drop();
  await stopStartedInfra(infra);
}

if (process.argv[2] === 'worker') {
  worker().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

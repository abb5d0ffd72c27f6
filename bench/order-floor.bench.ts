/**
 * The floor under the flow's cost per order: the round trips an order is made of — PostgreSQL
 * statements and write transactions, Kafka messages, a gRPC call, an HTTP request — each alone at
 * its cheapest (bench/floor/workloads.ts), driven open loop at the rate an order flow of
 * BENCH_ORDER_RATE orders/s would drive it, CPU read from /proc for the processes whose work it
 * is, less what those processes use idle. Workloads alternate per round; medians of the rounds. Then the sum for one order, counted as
 * bench:flow counts it (docs/benchmarks.md), and the rate two cores doing nothing else would allow.
 *
 *   npm run bench:order-floor     (BENCH_ORDER_RATE=200 BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CLIENTS=8)
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { createScratchDatabase, ensureInfra, freePort, infraEnv, infraSettings, onInterrupt, stopStartedInfra } from '@ftgo/tools';
import { stopPid } from '../tools/infra/process';
import { FLOOR_TABLE, type FloorWorkload, grpcCall, httpRequest, kafkaMessage, PAYLOAD, readStatement, writeTransaction } from './floor/workloads';
import { spawnChild } from './support/child-process';
import { openLoop } from './support/open-loop';
import { cpuSeconds, kafkaBrokerPid, postgresCpuSeconds } from './support/process-stats';
import { median } from './support/statistics';

const ORDER_RATE = Number(process.env.BENCH_ORDER_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const IDLE_SECONDS = 5;

/**
 * One order of the happy path as built, across the three services: 8.6 write transactions and 45
 * statements in PostgreSQL (counted with log_statement=all; the statements a write transaction
 * does not account for are priced as reads); 5 events published (OrderCreated, TicketCreated,
 * PaymentAuthorized, OrderApproved, TicketConfirmed) — 7 deliveries, priced as 5, so the floor
 * stays below the truth; one ValidateOrder call; one POST /orders.
 */
const PER_ORDER: Record<string, number> = {
  'write transaction': 8.6,
  'read statement': 45 - 3 * 8.6,
  'Kafka message': 5,
  'gRPC call': 1,
  'HTTP request': 1,
};

interface Cost {
  perSecond: number;
  cpuMs: number;
}

/** CPU seconds per second its processes use with nothing to do (the consumer's fetches, heartbeats, timers). */
async function idleCpuPerSecond(workload: FloorWorkload, seconds: number): Promise<number> {
  const before = workload.cpuSeconds();
  await sleep(seconds * 1000);
  return (workload.cpuSeconds() - before) / seconds;
}

/** What the operations cost above their processes' idle use. */
async function measure(workload: FloorWorkload, rate: number, seconds: number, idlePerSecond = 0): Promise<Cost> {
  const total = Math.max(1, Math.round(rate * seconds));
  const cpuBefore = workload.cpuSeconds();
  const started = performance.now();
  await openLoop(rate, total, (n) => workload.run(n));
  const elapsed = (performance.now() - started) / 1000;
  const busy = workload.cpuSeconds() - cpuBefore - idlePerSecond * elapsed;
  return { perSecond: total / elapsed, cpuMs: (busy * 1000) / total };
}

async function main(): Promise<void> {
  const settings = infraSettings();
  if (settings.externalDatabaseUrl || settings.externalKafkaBrokers) {
    throw new Error('bench:order-floor reads PostgreSQL’s and the broker’s CPU from /proc: it needs the launcher’s own servers');
  }
  const infra = await ensureInfra(settings);
  onInterrupt(() => stopStartedInfra(infra, settings));
  Object.assign(process.env, infraEnv(infra));
  const dataDir = join(settings.dir, 'postgres', 'data');
  const brokerPid = kafkaBrokerPid(settings.dir);
  const database = await createScratchDatabase('bench_order_floor');
  const pool = new Pool({ connectionString: database.url, max: CLIENTS });
  const kafka = new Kafka({ clientId: 'bench-order-floor', brokers: infra.kafka.brokers, logLevel: logLevel.WARN });
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const servers = spawnChild(process.execPath, ['--import', 'tsx', join(__dirname, 'floor', 'servers.child.ts')], {
    BENCH_HTTP_PORT: String(httpPort),
    BENCH_GRPC_PORT: String(grpcPort),
  });
  const serverPid = servers.child.pid ?? -1;
  const workloads: FloorWorkload[] = [];
  try {
    await servers.waitFor('listening');
    await pool.query(FLOOR_TABLE);
    await pool.query('INSERT INTO floor_row (payload) SELECT $1::jsonb FROM generate_series(1, 1000)', [PAYLOAD]);
    const postgres = () => postgresCpuSeconds(dataDir);
    workloads.push(
      readStatement(pool, postgres),
      writeTransaction(pool, postgres),
      await kafkaMessage(kafka, () => cpuSeconds(brokerPid)),
      grpcCall(grpcPort, () => cpuSeconds(serverPid)),
      httpRequest(httpPort, () => cpuSeconds(serverPid)),
    );
    const rateOf = (workload: FloorWorkload) => ORDER_RATE * PER_ORDER[workload.name]!;
    console.log(`each workload at its share of ${ORDER_RATE} orders/s for ${SECONDS} s, ${ROUNDS} rounds alternating, ${CLIENTS} PostgreSQL sessions`);
    for (const workload of workloads) await measure(workload, rateOf(workload), Math.min(2, SECONDS)); // warm-up: JIT, plans, connections, the group join
    const idle = new Map<string, number>();
    for (const workload of workloads) idle.set(workload.name, await idleCpuPerSecond(workload, IDLE_SECONDS));
    console.log(`idle, CPU ms per second: ${workloads.map((workload) => `${workload.name} ${(idle.get(workload.name)! * 1000).toFixed(1)}`).join(', ')}`);
    const results = new Map<string, Cost[]>(workloads.map((workload) => [workload.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const workload of round % 2 ? [...workloads].reverse() : workloads) {
        const cost = await measure(workload, rateOf(workload), SECONDS, idle.get(workload.name));
        results.get(workload.name)!.push(cost);
        console.log(`  round ${round + 1}, ${workload.name.padEnd(17)} asked ${rateOf(workload).toFixed(0).padStart(5)}/s, did ${cost.perSecond.toFixed(0).padStart(5)}/s; CPU ms each ${cost.cpuMs.toFixed(3)}`);
      }
    }
    console.log(`\nmedians, and one order (${ORDER_RATE} orders/s):`);
    console.log('| round trip | asked /s | did /s | CPU ms each | per order | CPU ms per order |');
    let perOrder = 0;
    for (const workload of workloads) {
      const costs = results.get(workload.name)!;
      const cpuMs = median(costs.map((cost) => cost.cpuMs));
      const count = PER_ORDER[workload.name]!;
      perOrder += count * cpuMs;
      console.log(`| ${workload.name} | ${rateOf(workload).toFixed(0)} | ${median(costs.map((cost) => cost.perSecond)).toFixed(0)} | ${cpuMs.toFixed(3)} | ${Number(count.toFixed(1))} | ${(count * cpuMs).toFixed(2)} |`);
    }
    console.log(`| an order | | | | | ${perOrder.toFixed(2)} |`);
    console.log(`two cores doing nothing else: ${(2_000 / perOrder).toFixed(0)} orders/s`);
  } finally {
    for (const workload of workloads) await workload.close?.();
    await stopPid(serverPid, 10_000);
    await pool.end();
    await database.drop();
    await stopStartedInfra(infra, settings);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * What an idle kafkajs client costs its process, with and without the request-queue fix
 * (libs/platform/src/kafka/request-queue-fix.ts): a producer, an admin and a consumer in a group
 * connect to the native Kafka, do one request each, and then idle for BENCH_IDLE_MS; a child
 * process per sample counts the timers armed and the CPU time used while idle. Rounds alternate
 * which variant goes first; medians of rounds.
 *
 *   npm run bench:kafka-idle        (BENCH_ROUNDS=5 BENCH_IDLE_MS=5000 by default)
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { ensureInfra } from '../tools/infra/infra';
import { fixKafkajsRequestQueue } from '../libs/platform/src/kafka/request-queue-fix';
import { median } from './support/statistics';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5_000);
type Variant = 'kafkajs 2.2.4' | 'fixed';

/** One sample, in its own process: connect, one request per client, idle, report. */
async function sample(variant: Variant, brokers: string[]): Promise<void> {
  if (variant === 'fixed') fixKafkajsRequestQueue();
  let timers = 0;
  const setTimeoutOfNode = globalThis.setTimeout;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    timers++;
    return setTimeoutOfNode(...args);
  }) as typeof setTimeout;
  const kafka = new Kafka({ clientId: 'bench-idle', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `bench-idle-${randomUUID()}` });
  const topic = `bench-idle.${randomUUID()}`;
  await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  await producer.send({ topic, messages: [{ value: 'x' }] });
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let received = false;
  await consumer.run({ eachMessage: async () => void (received = true) });
  while (!received) await sleep(50);
  const [timersBefore, cpuBefore] = [timers, process.cpuUsage()];
  await sleep(IDLE_MS);
  const cpu = process.cpuUsage(cpuBefore);
  const idleTimers = timers - timersBefore;
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  console.log(JSON.stringify({ timersPerSecond: idleTimers / (IDLE_MS / 1000), cpuPercent: ((cpu.user + cpu.system) / 1000 / IDLE_MS) * 100 }));
}

async function main(): Promise<void> {
  const infra = await ensureInfra();
  const brokers = infra.kafka.brokers.join(',');
  const run = promisify(execFile);
  const results: Record<Variant, { timersPerSecond: number; cpuPercent: number }[]> = { 'kafkajs 2.2.4': [], fixed: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order: Variant[] = round % 2 ? ['fixed', 'kafkajs 2.2.4'] : ['kafkajs 2.2.4', 'fixed'];
    for (const variant of order) {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', __filename, 'sample', variant, brokers]);
      results[variant].push(JSON.parse(stdout.trim().split('\n').pop()!));
    }
  }
  console.log(`\nIdle producer + admin + consumer, ${IDLE_MS / 1000} s idle x ${ROUNDS} rounds (medians), Node ${process.version}:`);
  for (const variant of ['kafkajs 2.2.4', 'fixed'] as const) {
    const timers = median(results[variant].map((r) => r.timersPerSecond));
    const cpu = median(results[variant].map((r) => r.cpuPercent));
    console.log(`  ${variant.padEnd(14)} timers armed ${timers.toFixed(0).padStart(6)}/s   CPU ${cpu.toFixed(2).padStart(5)} % of a core`);
  }
}

const [, , mode, variant, brokers] = process.argv;
(mode === 'sample' ? sample(variant as Variant, brokers.split(',')) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

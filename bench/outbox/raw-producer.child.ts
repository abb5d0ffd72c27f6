/**
 * The ceiling: kafkajs alone, with the relay's producer settings and batch size, publishing the
 * same messages the outbox rows become. A child process, so that its CPU and memory are its own.
 * Environment: KAFKA_BROKERS, BENCH_TOPIC, BENCH_ROWS, BENCH_AGGREGATES, BENCH_BATCH, BENCH_WARMUP_TOPIC, BENCH_WARMUP_ROWS.
 */
import { Kafka, logLevel } from 'kafkajs';
import { PRODUCER_CONFIG } from '../../libs/outbox/src/publisher/outbox-publisher';
import { kafkaMessages } from './workload';

async function main(): Promise<void> {
  const env = (name: string) => process.env[name] ?? '';
  const aggregates = Number(env('BENCH_AGGREGATES'));
  const warmup = kafkaMessages({ rows: Number(env('BENCH_WARMUP_ROWS')), aggregates, rowsPerTransaction: 1 });
  const messages = kafkaMessages({ rows: Number(env('BENCH_ROWS')), aggregates, rowsPerTransaction: 1 });
  const batch = Number(env('BENCH_BATCH'));
  const kafka = new Kafka({ clientId: 'bench-raw-producer', brokers: env('KAFKA_BROKERS').split(','), logLevel: logLevel.WARN });
  const producer = kafka.producer(PRODUCER_CONFIG);
  await producer.connect();
  for (const [topic, list] of [[env('BENCH_WARMUP_TOPIC'), warmup], [env('BENCH_TOPIC'), messages]] as const) {
    for (let start = 0; start < list.length; start += batch) {
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: list.slice(start, start + batch) }] });
    }
  }
  process.stdout.write('{"message":"sent"}\n');
  // Stay up until stopped, like a relay: the benchmark reads this process's memory at the end.
  process.once('SIGTERM', () => void producer.disconnect().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

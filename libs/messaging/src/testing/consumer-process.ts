/**
 * A consumer in its own process, for the crash test (consumer-crash.int.spec.ts): it prints one
 * `SETTLED {json}` line per settled message, stops gracefully on SIGTERM, and with
 * KILL_AFTER_FIRST_COMMIT=1 kills itself with SIGKILL right after the first database commit,
 * before any offset commit: the window that at-least-once delivery turns into a duplicate.
 */
import { IdempotentConsumer } from '../consumer/idempotent-consumer';
import { noteHandler, openDatabase, testConsumerConfig, testKafka } from './test-kit';

async function main(): Promise<void> {
  const { DATABASE_URL, KAFKA_BROKERS, TOPIC, GROUP_ID, KILL_AFTER_FIRST_COMMIT } = process.env;
  if (!DATABASE_URL || !KAFKA_BROKERS || !TOPIC || !GROUP_ID) throw new Error('DATABASE_URL, KAFKA_BROKERS, TOPIC, GROUP_ID are required');
  const dataSource = await openDatabase(DATABASE_URL);
  const consumer = new IdempotentConsumer({
    kafka: testKafka(KAFKA_BROKERS),
    dataSource,
    handlers: [noteHandler(TOPIC)],
    config: testConsumerConfig(GROUP_ID),
    onSettled: (settled) => {
      process.stdout.write(`SETTLED ${JSON.stringify(settled)}\n`);
      if (KILL_AFTER_FIRST_COMMIT === '1' && settled.outcome === 'processed') process.kill(process.pid, 'SIGKILL');
    },
  });
  process.once('SIGTERM', () => {
    void consumer
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0));
  });
  await consumer.start();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Replays a dead-letter topic into the original topic:
 *
 *   npm run dlt:replay -- --topic order.events.kitchen-service.dlt
 *
 * Brokers come from --brokers or KAFKA_BROKERS (default: the local launcher's 127.0.0.1:19092).
 */
import { createKafka } from '@ftgo/platform';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { replayDeadLetters } from './dead-letter-replayer';

const argsSchema = z.object({
  topic: z.string({ error: '--topic <dead-letter topic> is required' }).endsWith('.dlt', 'must be a dead-letter topic (*.dlt)'),
  brokers: z
    .string()
    .default(process.env.KAFKA_BROKERS ?? '127.0.0.1:19092')
    .transform((list) => list.split(',').map((broker) => broker.trim())),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { topic: { type: 'string' }, brokers: { type: 'string' } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
    process.exitCode = 2;
    return;
  }
  const kafka = createKafka('dead-letter-replay', parsed.data.brokers);
  const replayed = await replayDeadLetters({ kafka, deadLetterTopic: parsed.data.topic });
  console.log(`replayed ${replayed} message(s) from ${parsed.data.topic}`);
}

main().catch((error: unknown) => {
  console.error(`replay failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

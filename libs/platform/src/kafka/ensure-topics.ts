import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Kafka } from 'kafkajs';
import { backoffDelayMs } from '../timing/backoff';

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
  /** Topic settings for a topic created here (e.g. `message.timestamp.type`); an existing topic keeps its own. */
  configEntries?: { name: string; value: string }[];
}

export interface EnsureTopicsOptions {
  /** Partitions of a topic created here without a count of its own; the relays use the same default. */
  defaultPartitions?: number;
  /** Attempts before a metadata race counts as a real failure. */
  attempts?: number;
}

/**
 * Answers a broker gives while a topic that was just created (by us or by another client at the
 * same moment) is not yet in every broker's metadata: "This server does not host this
 * topic-partition", no leader yet, the create racing another create, a controller moving. The
 * next attempt finds the topic and waits for its leaders.
 */
const METADATA_RACES = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_CONTROLLER', 'TOPIC_ALREADY_EXISTS']);

function isMetadataRace(error: unknown): boolean {
  const { type, errors } = error as { type?: string; errors?: unknown[] };
  if (Array.isArray(errors)) return errors.length > 0 && errors.every(isMetadataRace);
  return type !== undefined && METADATA_RACES.has(type);
}

/**
 * Creates the topics that do not exist yet and returns once every partition of every topic has a
 * leader, so that a consumer may subscribe and a producer send right away. The brokers never
 * auto-create topics: a typo in a topic name fails loudly instead of creating a stray topic.
 * Used by every consumer (its topics and dead-letter topics), every relay and the tests. Retries
 * are logged through the client's own logger, so a service's lines and a relay's keep their format.
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], options: EnsureTopicsOptions = {}): Promise<void> {
  const { defaultPartitions = 3, attempts = 8 } = options;
  const logger = kafka.logger().namespace('ensureTopics');
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await createMissingAndAwaitLeaders(admin, specs, defaultPartitions);
      } catch (error) {
        if (attempt >= attempts || !isMetadataRace(error)) throw error;
        logger.warn(`topics not ready yet (attempt ${attempt}/${attempts}): ${(error as Error).message}`);
        await sleep(backoffDelayMs(attempt, { initialDelayMs: 100, maxDelayMs: 2_000, jitter: 'equal' }));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

async function createMissingAndAwaitLeaders(admin: Admin, specs: TopicSpec[], defaultPartitions: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({ topic: spec.topic, numPartitions: spec.numPartitions ?? defaultPartitions, configEntries: spec.configEntries })),
    });
  }
  // Another client may have created a topic a moment ago: its leaders count as much as ours.
  const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) });
  const leaderless = topics.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0));
  if (leaderless.length > 0) {
    throw Object.assign(new Error(`no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`), { type: 'LEADER_NOT_AVAILABLE' });
  }
}

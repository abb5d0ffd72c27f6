import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
}

/**
 * Creates the topics that do not exist yet. The brokers do not auto-create topics, so a typo in a
 * topic name fails loudly instead of silently creating a one-partition topic.
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], defaultPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({ topic: spec.topic, numPartitions: spec.numPartitions ?? defaultPartitions })),
    });
  } finally {
    await admin.disconnect();
  }
}

import { MessageHeaders, Topics } from '@ftgo/contracts';
import { createKafka } from '@ftgo/platform';
import { readTopic } from '@ftgo/tools';

/** The system as a reader of Kafka sees it, against what the outboxes say was written. */
export interface KafkaFindings {
  records: number;
  /** Outbox rows that never reached their topic. */
  lost: number;
  /** Extra copies of a message id: allowed (at-least-once), counted to be seen. */
  duplicated: number;
  /** First deliveries of one aggregate's events out of the order its outbox wrote them. */
  reordered: number;
  /** Records without a header of the contract, or whose key is not their aggregate id. */
  malformed: number;
  deadLettered: number;
}

export interface WrittenEvent {
  id: string;
  sequence: number;
  topic: string;
}

export async function readKafkaView(brokers: string[], written: WrittenEvent[]): Promise<KafkaFindings> {
  const kafka = createKafka(`chaos-audit-${process.pid}`, brokers);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const sequenceOf = new Map(written.map((event) => [event.id, event.sequence]));
    const findings: KafkaFindings = { records: 0, lost: 0, duplicated: 0, reordered: 0, malformed: 0, deadLettered: 0 };
    const seen = new Set<string>();
    for (const topic of Object.values(Topics)) {
      const expected = await recordCount(admin, topic);
      const records = await readTopic(kafka, topic, (read) => read.length >= expected);
      findings.records += records.length;
      const lastSequence = new Map<string, number>();
      for (const record of records) {
        const id = record.headers[MessageHeaders.messageId];
        const aggregateId = record.headers[MessageHeaders.aggregateId];
        const complete = [MessageHeaders.eventType, MessageHeaders.correlationId, MessageHeaders.occurredAt].every((name) => record.headers[name]);
        if (!id || !aggregateId || !complete || record.key !== aggregateId) findings.malformed++;
        if (seen.has(id)) {
          findings.duplicated++;
          continue;
        }
        seen.add(id);
        const sequence = sequenceOf.get(id) ?? Number.NaN;
        if (sequence < (lastSequence.get(aggregateId) ?? -Infinity)) findings.reordered++;
        lastSequence.set(aggregateId, sequence);
      }
    }
    findings.lost = written.filter((event) => !seen.has(event.id)).length;
    const deadLetterTopics = (await admin.listTopics()).filter((topic) => topic.endsWith('.dlt'));
    for (const topic of deadLetterTopics) findings.deadLettered += await recordCount(admin, topic);
    return findings;
  } finally {
    await admin.disconnect();
  }
}

/** Records on a topic: its offsets are contiguous (no compaction, no transactions). */
async function recordCount(admin: ReturnType<ReturnType<typeof createKafka>['admin']>, topic: string): Promise<number> {
  const partitions = await admin.fetchTopicOffsets(topic);
  return partitions.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
}

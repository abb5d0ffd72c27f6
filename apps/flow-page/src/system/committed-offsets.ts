import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@ftgo/contracts';
import type { Kafka } from 'kafkajs';
import type { FlowPageConfig } from '../config/flow-page.config';
import { FLOW_PAGE_CONFIG, KAFKA } from '../config/tokens';
import type { CommittedOffset } from '../shared/flow-api';

/**
 * The services' consumer groups' committed offsets on the event topics, from Kafka's admin API:
 * an event whose offset is below a group's committed offset has been handled by that group.
 */
@Injectable()
export class CommittedOffsets {
  constructor(
    @Inject(FLOW_PAGE_CONFIG) private readonly config: FlowPageConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  async read(): Promise<CommittedOffset[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = new Map<string, number>();
      for (const topic of Object.values(Topics)) {
        for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition}`, Number(high));
      }
      const groups = await Promise.all(
        this.config.CONSUMER_GROUPS.map(async (group) => {
          const topics = await admin.fetchOffsets({ groupId: group, topics: Object.values(Topics) });
          return topics.flatMap(({ topic, partitions }) =>
            partitions
              .filter(({ offset }) => Number(offset) >= 0)
              .map(({ partition, offset }) => ({
                group,
                topic,
                partition,
                offset: Number(offset),
                end: ends.get(`${topic}/${partition}`) ?? Number(offset),
              })),
          );
        }),
      );
      return groups.flat();
    } finally {
      await admin.disconnect();
    }
  }
}

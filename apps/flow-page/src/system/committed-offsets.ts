import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG } from '@ftgo/platform';
import type { Admin, Kafka } from 'kafkajs';
import type { FlowPageConfig } from '../config/flow-page.config';
import { EVENT_TOPICS } from '../messaging/flow-event';
import { KAFKA } from '../messaging/kafka.token';
import type { CommittedOffset } from '../shared/flow-api';

/**
 * The services' consumer groups' committed offsets on the event topics, from Kafka's admin API,
 * beside each partition's end: an event below a group's committed offset has been handled by it,
 * and `end - committed` is its lag, readable even while the consumer is down.
 */
@Injectable()
export class CommittedOffsets implements OnApplicationShutdown {
  private admin?: Promise<Admin>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: FlowPageConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {}

  async read(): Promise<CommittedOffset[]> {
    try {
      return await this.readWith(await this.connected());
    } catch (error) {
      // The next sample connects afresh (the broker may have restarted).
      await this.onApplicationShutdown();
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await (await admin?.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  private async readWith(admin: Admin): Promise<CommittedOffset[]> {
    const ends = new Map<string, number>();
    for (const topic of EVENT_TOPICS) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition}`, Number(high));
    }
    const groups = await Promise.all(
      this.config.CONSUMER_GROUPS.map(async (group) => {
        const topics = await admin.fetchOffsets({ groupId: group, topics: EVENT_TOPICS });
        return topics.flatMap(({ topic, partitions }) =>
          partitions
            .filter(({ offset }) => Number(offset) >= 0)
            .map(({ partition, offset }) => ({ group, topic, partition, offset: Number(offset), end: ends.get(`${topic}/${partition}`) ?? Number(offset) })),
        );
      }),
    );
    return groups.flat();
  }
}

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { deadLetterTopicOf } from '@ftgo/messaging';
import { backoffDelayMs, SERVICE_CONFIG } from '@ftgo/platform';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { ReplaySubject } from 'rxjs';
import type { FlowPageConfig } from '../config/flow-page.config';
import type { FlowEvent } from '../shared/flow-api';
import { EVENT_TOPICS, toFlowEvent } from './flow-event';
import { KAFKA } from './kafka.token';

/** Waiting for the services to create their topics: soon at first, then every two seconds at most. */
const WAIT_FOR_TOPICS = { initialDelayMs: 250, maxDelayMs: 2_000, jitter: 'equal' } as const;

/**
 * Reads every event topic and the services' dead-letter topics from "now", in a consumer group of
 * its own (deleted on shutdown), and replays the newest events to each browser that connects,
 * then the live ones. It only reads: the services never see it, except as one more group.
 */
@Injectable()
export class EventTail implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly events: ReplaySubject<FlowEvent>;
  private readonly logger = new Logger(EventTail.name);
  private readonly groupId: string;
  private consumer?: Consumer;
  private tailing = false;
  private readonly lastOffsets = new Map<string, bigint>();
  private stopping = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: FlowPageConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
  ) {
    this.events = new ReplaySubject(config.EVENT_BUFFER_SIZE);
    this.groupId = `${config.KAFKA_CONSUMER_GROUP}-${randomUUID().slice(0, 8)}`;
  }

  /** True once the consumer has joined its group at the end offsets: from then on, no new event is missed. */
  get ready(): boolean {
    return this.tailing;
  }

  onApplicationBootstrap(): void {
    void this.startWhenTopicsExist();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (!this.consumer) return;
    await this.consumer.disconnect();
    await this.withAdmin((admin) => admin.deleteGroups([this.groupId])).catch((error: unknown) =>
      this.logger.warn(`could not delete consumer group ${this.groupId}: ${(error as Error).message}`),
    );
  }

  /** The services create their topics as they start; until then the page waits and says so. */
  private async startWhenTopicsExist(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        return await this.start();
      } catch (error) {
        const delayMs = backoffDelayMs(attempt, WAIT_FOR_TOPICS);
        this.logger.warn(`not tailing yet: ${(error as Error).message}; retrying in ${delayMs} ms`);
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        await sleep(delayMs);
      }
    }
  }

  private async start(): Promise<void> {
    const starts = await this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const missing = EVENT_TOPICS.filter((topic) => !existing.has(topic));
      if (missing.length) throw new Error(`topics ${missing.join(', ')} do not exist yet`);
      const deadLetters = EVENT_TOPICS.flatMap((topic) => this.config.CONSUMER_GROUPS.map((group) => deadLetterTopicOf(topic, group)));
      const tailed = [...EVENT_TOPICS, ...deadLetters.filter((topic) => existing.has(topic))];
      const ends = await Promise.all(tailed.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
      return ends.flatMap(({ topic, partitions }) => partitions.map(({ partition, high }) => ({ topic, partition, offset: high })));
    });
    const topics = [...new Set(starts.map((start) => start.topic))];
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatInterval: this.config.KAFKA_HEARTBEAT_INTERVAL_MS,
      maxWaitTimeInMs: this.config.KAFKA_MAX_WAIT_MS,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (this.isRepeat(topic, partition, message.offset)) return;
        this.events.next(toFlowEvent(topic, partition, message, new Date()));
      },
    });
    // "From now", exactly: the end offsets read above, not wherever the new group happens to start.
    for (const start of starts) consumer.seek(start);
    this.tailing = true;
    this.logger.log(`tailing ${topics.join(', ')} as consumer group ${this.groupId}`);
  }

  /** A seek can hand over again a record already read: each one is shown once. */
  private isRepeat(topic: string, partition: number, offset: string): boolean {
    const key = `${topic}/${partition}`;
    const next = BigInt(offset);
    if (next <= (this.lastOffsets.get(key) ?? -1n)) return true;
    this.lastOffsets.set(key, next);
    return false;
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}

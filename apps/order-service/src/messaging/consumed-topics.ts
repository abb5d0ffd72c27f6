import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@ftgo/contracts';
import { deadLetterTopicOf } from '@ftgo/messaging';
import { createKafka, ensureTopics, SERVICE_CONFIG } from '@ftgo/platform';
import type { OrderConfig } from '../config/order.config';

const ATTEMPTS = 5;
const RETRY_DELAY_MS = 500;

/**
 * The brokers never auto-create topics, and the order service may start before kitchen's and
 * accounting's relays published anything: create what it subscribes to, and its dead-letter
 * topics, before the consumer starts (onModuleInit runs before MessagingModule's
 * onApplicationBootstrap).
 *
 * Retried because kafkajs' `createTopics({ waitForLeaders: true })` can fail with "This server
 * does not host this topic-partition" on a broker that created the topic but has not yet
 * propagated its metadata; the next attempt finds the topic and returns.
 */
@Injectable()
export class ConsumedTopics implements OnModuleInit {
  private readonly logger = new Logger(ConsumedTopics.name);

  constructor(@Inject(SERVICE_CONFIG) private readonly config: OrderConfig) {}

  async onModuleInit(): Promise<void> {
    const kafka = createKafka(`${this.config.KAFKA_CLIENT_ID}-topics`, this.config.KAFKA_BROKERS);
    const consumed = [Topics.ticket, Topics.payment];
    const topics = [...consumed, ...consumed.map((topic) => deadLetterTopicOf(topic, this.config.KAFKA_CONSUMER_GROUP))];
    for (let attempt = 1; ; attempt++) {
      try {
        return await ensureTopics(kafka, topics.map((topic) => ({ topic })));
      } catch (error) {
        if (attempt >= ATTEMPTS) throw error;
        this.logger.warn(`creating topics failed (attempt ${attempt}/${ATTEMPTS}): ${(error as Error).message}`);
        await sleep(RETRY_DELAY_MS);
      }
    }
  }
}

import { Topics } from '@ftgo/contracts';
import { createKafka, ensureTopics, SERVICE_CONFIG } from '@ftgo/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { KitchenConfig } from '../config/kitchen.config';

/**
 * The brokers do not auto-create topics, and kitchen may start before order's relay has ever
 * published: create `order.events` if missing, before the consumer subscribes (onModuleInit runs
 * before any onApplicationBootstrap).
 */
@Injectable()
export class OrderEventsTopic implements OnModuleInit {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: KitchenConfig) {}

  async onModuleInit(): Promise<void> {
    const kafka = createKafka(`${this.config.KAFKA_CLIENT_ID}-admin`, this.config.KAFKA_BROKERS);
    await ensureTopics(kafka, [{ topic: Topics.order }]);
  }
}

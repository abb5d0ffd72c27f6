import { Topics } from '@ftgo/contracts';
import { createKafka, ensureTopics, SERVICE_CONFIG } from '@ftgo/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AccountingConfig } from '../config/accounting.config';

/**
 * The brokers do not auto-create topics, and subscribing to a missing one fails: when accounting
 * starts before order has published anything, it creates `order.events` itself (same partition
 * count as the relay would). Runs at module init, before the consumer starts on bootstrap.
 */
@Injectable()
export class OrderTopic implements OnModuleInit {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AccountingConfig) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(createKafka(this.config.KAFKA_CLIENT_ID, this.config.KAFKA_BROKERS), [{ topic: Topics.order }]);
  }
}

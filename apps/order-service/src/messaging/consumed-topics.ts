import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@ftgo/contracts';
import { createKafka, ensureTopics, SERVICE_CONFIG } from '@ftgo/platform';
import type { OrderConfig } from '../config/order.config';

/**
 * The brokers never auto-create topics, and the order service may start before kitchen's and
 * accounting's relays published anything: create what it subscribes to before the consumer starts
 * (onModuleInit runs before MessagingModule's onApplicationBootstrap).
 */
@Injectable()
export class ConsumedTopics implements OnModuleInit {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: OrderConfig) {}

  async onModuleInit(): Promise<void> {
    const kafka = createKafka(`${this.config.KAFKA_CLIENT_ID}-topics`, this.config.KAFKA_BROKERS);
    await ensureTopics(kafka, [{ topic: Topics.ticket }, { topic: Topics.payment }, { topic: Topics.order }]);
  }
}

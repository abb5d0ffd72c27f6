import { MessagingModule } from '@ftgo/messaging';
import { type DynamicModule, Module } from '@nestjs/common';
import type { KitchenConfig } from '../config/kitchen.config';
import { KitchenPersistenceModule } from '../persistence/kitchen-persistence.module';
import { kitchenHandlers } from './kitchen-handlers';
import { TicketOfOrder } from './ticket-of-order';

@Module({
  imports: [KitchenPersistenceModule],
  providers: [TicketOfOrder],
  exports: [TicketOfOrder, KitchenPersistenceModule],
})
class TicketOfOrderModule {}

/** Kitchen's consumer group on `order.events`: one idempotent transaction per message (libs/messaging). */
export function kitchenMessaging(config: KitchenConfig): DynamicModule {
  return MessagingModule.forRoot({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    consumer: {
      groupId: config.KAFKA_CONSUMER_GROUP,
      // Only applies while the group has no committed offset: a first start must not skip the
      // orders created before it.
      fromBeginning: true,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
      maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
      retry: { initialDelayMs: config.KAFKA_RETRY_INITIAL_DELAY_MS },
    },
    handlers: kitchenHandlers,
    imports: [TicketOfOrderModule],
  });
}

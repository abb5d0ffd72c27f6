import { MessagingModule } from '@ftgo/messaging';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AccountingConfig } from '../config/accounting.config';
import { ignoredOrderEventHandlers } from './ignored-order-events';
import { OrderCreatedHandler } from './order-created.handler';
import { OrderCancelledHandler, OrderRejectedHandler } from './order-outcome.handlers';
import { OrderRevisedHandler, OrderRevisionRefusedHandler, OrderRevisionRequestedHandler } from './order-revision.handlers';
import { OrderTopic } from './order-topic';

/** Accounting's side of the choreography: the order events it reacts to, consumed idempotently. */
@Module({})
export class AccountingMessagingModule {
  static forRoot(config: AccountingConfig): DynamicModule {
    return {
      module: AccountingMessagingModule,
      imports: [
        MessagingModule.forRoot({
          clientId: config.KAFKA_CLIENT_ID,
          brokers: config.KAFKA_BROKERS,
          consumer: {
            groupId: config.KAFKA_CONSUMER_GROUP,
            // A new group starts at the beginning: an order created before accounting's first
            // start must still get its payment, not be skipped as "before our time".
            fromBeginning: true,
            sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
            heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
            maxWaitTimeMs: config.KAFKA_MAX_WAIT_MS,
            retry: { initialDelayMs: config.KAFKA_RETRY_INITIAL_DELAY_MS },
          },
          handlers: [
            OrderCreatedHandler,
            OrderRejectedHandler,
            OrderCancelledHandler,
            OrderRevisionRequestedHandler,
            OrderRevisedHandler,
            OrderRevisionRefusedHandler,
            ...ignoredOrderEventHandlers,
          ],
        }),
      ],
      providers: [OrderTopic],
    };
  }
}

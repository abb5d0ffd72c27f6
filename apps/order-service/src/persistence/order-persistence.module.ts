import { Module } from '@nestjs/common';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { OrderRepository } from './order.repository';

/** The repositories, shared by the HTTP use cases and the event handlers. */
@Module({
  providers: [OrderRepository, IdempotencyKeyRepository],
  exports: [OrderRepository, IdempotencyKeyRepository],
})
export class OrderPersistenceModule {}

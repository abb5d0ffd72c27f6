import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ItemQuantity } from '@ftgo/contracts';
import { Outbox } from '@ftgo/outbox';
import { DataSource } from 'typeorm';
import type { Order } from '../domain/order';
import type { OrderEvent } from '../domain/order-events';
import type { OrderSnapshot } from '../domain/order';
import { OrderRepository } from '../persistence/order.repository';
import { toOutboxEvents } from './order-outbox-events';

/**
 * POST /orders/{id}/cancel and /revise: load, ask the aggregate, save with the version check,
 * add its events to the outbox — one transaction. The answer is the pending state (202): the
 * outcome arrives later as events from kitchen and accounting.
 */
@Injectable()
export class ChangeOrderUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OrderRepository) private readonly orders: OrderRepository,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {}

  cancel(orderId: string): Promise<OrderSnapshot> {
    return this.change(orderId, (order) => order.requestCancel());
  }

  revise(orderId: string, lineItems: ItemQuantity[]): Promise<OrderSnapshot> {
    return this.change(orderId, (order) => order.requestRevision(randomUUID(), lineItems));
  }

  private change(orderId: string, decide: (order: Order) => OrderEvent[]): Promise<OrderSnapshot> {
    return this.dataSource.transaction(async (manager) => {
      const order = await this.orders.get(manager, orderId);
      const events = decide(order);
      await this.orders.update(manager, order);
      await this.outbox.add(manager, toOutboxEvents(order.id, events));
      return order.snapshot();
    });
  }
}

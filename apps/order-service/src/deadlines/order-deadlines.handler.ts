import { Inject, Injectable } from '@nestjs/common';
import { AggregateChanges } from '@ftgo/application';
import { Topics } from '@ftgo/contracts';
import { Outbox } from '@ftgo/outbox';
import { type DeadlineContext, DeadlineHandler } from '@ftgo/saga';
import type { Order, OrderSnapshot } from '../domain/order';
import type { OrderEvent } from '../domain/order-events';
import { OrderRepository } from '../persistence/order.repository';

/**
 * What happens when a pending order's deadline passes: the order decides without the missing
 * answers (Order.expire) and its events go to the outbox, in the transaction that holds the
 * order's row (libs/saga claims it FOR UPDATE SKIP LOCKED, so one instance decides it). A late
 * answer that arrives meanwhile waits for the row, then finds a newer version, is retried, and
 * changes nothing.
 */
@Injectable()
export class OrderDeadlinesHandler {
  private readonly changes: AggregateChanges<Order, OrderEvent>;

  constructor(
    @Inject(OrderRepository) private readonly orders: OrderRepository,
    @Inject(Outbox) outbox: Outbox,
  ) {
    this.changes = new AggregateChanges(Topics.order, orders, outbox);
  }

  @DeadlineHandler({ aggregateType: 'Order', table: 'orders' })
  onDeadlinePassed(orderId: string, { manager, now }: DeadlineContext): Promise<OrderSnapshot> {
    return this.changes.change(manager, (m) => this.orders.get(m, orderId), (order) => order.expire(now));
  }
}

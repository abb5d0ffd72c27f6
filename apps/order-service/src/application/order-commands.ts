import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AggregateChanges, toOutboxEvents } from '@ftgo/application';
import { type ItemQuantity, Topics } from '@ftgo/contracts';
import { Outbox } from '@ftgo/outbox';
import { SERVICE_CONFIG } from '@ftgo/platform';
import { DataSource } from 'typeorm';
import type { OrderConfig } from '../config/order.config';
import { Order, type OrderSnapshot } from '../domain/order';
import type { OrderEvent } from '../domain/order-events';
import { KitchenClient } from '../grpc/kitchen.client';
import { IdempotencyKeyRepository } from '../persistence/idempotency-key.repository';
import { OrderRepository } from '../persistence/order.repository';
import { replayOf } from './idempotency-key';
import { requestFingerprint } from './request-fingerprint';

export interface CreateOrderCommand {
  consumerId: string;
  restaurantId: string;
  lineItems: ItemQuantity[];
}

export interface CreateOrderResult {
  order: OrderSnapshot;
  /** True when an Idempotency-Key retry got the first request's order back. */
  replayed: boolean;
}

/** Another request with the same key committed between our check and our insert. */
class KeyClaimedMeanwhile extends Error {}

/** Until when a pending state, entered now, waits for the answers it needs (the saga deadline). */
const deadlineIn = (ms: number) => new Date(Date.now() + ms);

/** The client's commands on orders: each is one visible transaction. */
@Injectable()
export class OrderCommands {
  private readonly changes: AggregateChanges<Order, OrderEvent>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: OrderConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OrderRepository) private readonly orders: OrderRepository,
    @Inject(IdempotencyKeyRepository) private readonly keys: IdempotencyKeyRepository,
    @Inject(KitchenClient) private readonly kitchen: KitchenClient,
    @Inject(Outbox) private readonly outbox: Outbox,
  ) {
    this.changes = new AggregateChanges(Topics.order, orders, outbox);
  }

  /**
   * POST /orders: kitchen validates and prices (gRPC, through the breaker), then ONE transaction
   * stores the order, its Idempotency-Key and OrderCreated in the outbox. Any failure before the
   * commit stores nothing.
   */
  async create(command: CreateOrderCommand, idempotencyKey?: string): Promise<CreateOrderResult> {
    const requestHash = requestFingerprint(command);
    // A retry is answered from the database, before asking the kitchen: it works while kitchen is down.
    const earlier = idempotencyKey ? await this.replay(idempotencyKey, requestHash) : undefined;
    if (earlier) return earlier;

    const lineItems = await this.kitchen.validateOrder({ restaurantId: command.restaurantId, lineItems: command.lineItems });
    const { order, events } = Order.create(
      { id: randomUUID(), consumerId: command.consumerId, restaurantId: command.restaurantId, lineItems },
      deadlineIn(this.config.APPROVAL_DEADLINE_MS),
    );
    try {
      await this.dataSource.transaction(async (manager) => {
        await this.orders.insert(manager, order);
        if (idempotencyKey && !(await this.keys.claim(manager, { key: idempotencyKey, requestHash, orderId: order.id }))) {
          throw new KeyClaimedMeanwhile();
        }
        await this.outbox.add(manager, toOutboxEvents(Topics.order, order.id, events));
      });
    } catch (error) {
      if (!(error instanceof KeyClaimedMeanwhile) || !idempotencyKey) throw error;
      // Rolled back: our order never existed; the winner's order is the answer.
      const winner = await this.replay(idempotencyKey, requestHash);
      if (!winner) throw new Error(`Idempotency-Key ${idempotencyKey} vanished after a conflict`);
      return winner;
    }
    return { order: order.snapshot(), replayed: false };
  }

  /**
   * POST /orders/{id}/cancel: the answer is the pending state (202); the outcome arrives later as
   * events from kitchen and accounting, or from the cancel deadline.
   */
  cancel(orderId: string): Promise<OrderSnapshot> {
    const deadline = deadlineIn(this.config.CANCEL_DEADLINE_MS);
    return this.dataSource.transaction((manager) =>
      this.changes.change(manager, (m) => this.orders.get(m, orderId), (order) => order.requestCancel(randomUUID(), deadline)),
    );
  }

  /** POST /orders/{id}/revise: new quantities, at the prices of ordering; 202 with REVISION_PENDING. */
  revise(orderId: string, lineItems: ItemQuantity[]): Promise<OrderSnapshot> {
    const deadline = deadlineIn(this.config.REVISION_DEADLINE_MS);
    return this.dataSource.transaction((manager) =>
      this.changes.change(manager, (m) => this.orders.get(m, orderId), (order) => order.requestRevision(randomUUID(), lineItems, deadline)),
    );
  }

  private async replay(key: string, requestHash: string): Promise<CreateOrderResult | undefined> {
    const manager = this.dataSource.manager;
    const replay = replayOf(await this.keys.find(manager, key), requestHash);
    if (!replay) return undefined;
    const order = await this.orders.get(manager, replay.orderId);
    return { order: order.snapshot(), replayed: true };
  }
}

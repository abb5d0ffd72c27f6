import { Inject, Injectable } from '@nestjs/common';
import { FailedPreconditionError } from '@ftgo/contracts';
import type { OpenedStream } from '@ftgo/resilience';
import { DataSource } from 'typeorm';
import type { OrderSnapshot } from '../domain/order';
import { AccountingClient, type PaymentView } from '../grpc/accounting.client';
import type { ComposedPart } from '../grpc/composed-part';
import { KitchenClient, type TicketProgress, type TicketView } from '../grpc/kitchen.client';
import { OrderRepository } from '../persistence/order.repository';

export type Include = 'ticket' | 'payment';

export interface ComposedOrder {
  order: OrderSnapshot;
  ticket?: ComposedPart<TicketView>;
  payment?: ComposedPart<PaymentView>;
}

/**
 * Reads. `include` is API composition: the order from our database, the ticket and the payment
 * from their owners over gRPC, in parallel; a provider that is down marks its part unavailable.
 */
@Injectable()
export class OrderQueries {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OrderRepository) private readonly orders: OrderRepository,
    @Inject(KitchenClient) private readonly kitchen: KitchenClient,
    @Inject(AccountingClient) private readonly accounting: AccountingClient,
  ) {}

  async get(orderId: string, include: readonly Include[] = []): Promise<ComposedOrder> {
    const order = (await this.orders.get(this.dataSource.manager, orderId)).snapshot();
    const [ticket, payment] = await Promise.all([
      include.includes('ticket') ? this.kitchen.ticketOf(orderId) : undefined,
      include.includes('payment') ? this.accounting.paymentOf(orderId) : undefined,
    ]);
    return { order, ...(ticket && { ticket }), ...(payment && { payment }) };
  }

  /** The order's ticket as the kitchen changes it, streamed over gRPC; 409 until the kitchen has made one. */
  async ticketProgress(orderId: string): Promise<OpenedStream<TicketProgress>> {
    const { ticketId } = (await this.orders.get(this.dataSource.manager, orderId)).snapshot();
    if (!ticketId) throw new FailedPreconditionError(`order ${orderId} has no ticket yet: the kitchen has not answered`);
    return this.kitchen.watchTicket(ticketId);
  }

  listByConsumer(consumerId: string): Promise<OrderSnapshot[]> {
    return this.orders.findByConsumer(this.dataSource.manager, consumerId);
  }
}

import { Injectable } from '@nestjs/common';
import type { AggregateRepository } from '@ftgo/application';
import type { EntityManager } from 'typeorm';
import { ConcurrentOrderChangeError, OrderNotFoundError } from '../domain/order-errors';
import { Order, type OrderSnapshot } from '../domain/order';
import type { OrderState } from '../domain/order-state';

interface OrderRow {
  id: string;
  consumer_id: string;
  restaurant_id: string;
  state: string;
  line_items: OrderSnapshot['lineItems'];
  total_minor: string;
  currency: string;
  ticket_id: string | null;
  payment_id: string | null;
  pending_change: OrderSnapshot['pendingChange'];
  reason: string | null;
  deadline_at: Date | null;
  version: number;
}

function toSnapshot(row: OrderRow): OrderSnapshot {
  return {
    id: row.id,
    consumerId: row.consumer_id,
    restaurantId: row.restaurant_id,
    state: row.state as OrderState,
    lineItems: row.line_items,
    // bigint comes back as a string; totals stay far below 2^53.
    total: { amountMinor: Number(row.total_minor), currency: row.currency },
    ticketId: row.ticket_id,
    paymentId: row.payment_id,
    pendingChange: row.pending_change,
    reason: row.reason,
    deadline: row.deadline_at?.toISOString() ?? null,
    version: row.version,
  };
}

/**
 * Loads and saves Order aggregates through the caller's EntityManager (its transaction). Plain
 * SQL, so that the optimistic lock is visible: `UPDATE … WHERE version = $read` (ADR 0007).
 */
@Injectable()
export class OrderRepository implements AggregateRepository<Order> {
  async get(manager: EntityManager, id: string): Promise<Order> {
    const rows: OrderRow[] = await manager.query('SELECT * FROM orders WHERE id = $1', [id]);
    if (!rows[0]) throw new OrderNotFoundError(`no order ${id}`);
    return Order.restore(toSnapshot(rows[0]));
  }

  async findByConsumer(manager: EntityManager, consumerId: string): Promise<OrderSnapshot[]> {
    const rows: OrderRow[] = await manager.query(
      'SELECT * FROM orders WHERE consumer_id = $1 ORDER BY created_at DESC LIMIT 100',
      [consumerId],
    );
    return rows.map(toSnapshot);
  }

  async insert(manager: EntityManager, order: Order): Promise<void> {
    const s = order.snapshot();
    await manager.query(
      `INSERT INTO orders (id, consumer_id, restaurant_id, state, line_items, total_minor, currency, deadline_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [s.id, s.consumerId, s.restaurantId, s.state, JSON.stringify(s.lineItems), s.total.amountMinor, s.total.currency, s.deadline, s.version],
    );
  }

  /**
   * Saves the changes if nobody else saved in between. A concurrent writer blocks on the row lock
   * until the first commits, then finds a newer version: 0 rows, ConcurrentOrderChangeError (409).
   */
  async update(manager: EntityManager, order: Order): Promise<number> {
    const s = order.snapshot();
    const [rows]: [{ version: number }[], number] = await manager.query(
      `UPDATE orders SET state = $3, line_items = $4, total_minor = $5, ticket_id = $6, payment_id = $7,
              pending_change = $8, reason = $9, deadline_at = $10, version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2
       RETURNING version`,
      [
        s.id,
        s.version,
        s.state,
        JSON.stringify(s.lineItems),
        s.total.amountMinor,
        s.ticketId,
        s.paymentId,
        s.pendingChange === null ? null : JSON.stringify(s.pendingChange),
        s.reason,
        s.deadline,
      ],
    );
    if (rows.length !== 1) throw new ConcurrentOrderChangeError(s.id, s.version);
    return rows[0].version;
  }
}

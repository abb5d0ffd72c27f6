import { Injectable } from '@nestjs/common';
import type { AggregateRepository } from '@ftgo/application';
import type { EntityManager } from 'typeorm';
import { Payment, type PaymentSnapshot } from '../domain/payment';
import type { PaymentState } from '../domain/payment-state';
import { ConcurrentPaymentChangeError, PaymentNotFoundError } from '../domain/payment-errors';

interface PaymentRow {
  id: string;
  order_id: string;
  consumer_id: string;
  state: PaymentState;
  amount_minor: string;
  currency: string;
  decline_reason: string | null;
  pending_revision_id: string | null;
  pending_amount_minor: string | null;
  version: number;
}

function toPayment(row: PaymentRow): Payment {
  const money = (amountMinor: string) => ({ amountMinor: Number(amountMinor), currency: row.currency });
  return Payment.restore({
    id: row.id,
    orderId: row.order_id,
    consumerId: row.consumer_id,
    state: row.state,
    amount: money(row.amount_minor),
    declineReason: row.decline_reason,
    pendingRevision:
      row.pending_revision_id && row.pending_amount_minor
        ? { revisionId: row.pending_revision_id, amount: money(row.pending_amount_minor) }
        : null,
    version: row.version,
  });
}

const columnsOf = (p: PaymentSnapshot) => [
  p.state,
  p.amount.amountMinor,
  p.declineReason,
  p.pendingRevision?.revisionId ?? null,
  p.pendingRevision?.amount.amountMinor ?? null,
];

/**
 * Loads and saves Payment aggregates through the caller's EntityManager (its transaction). Plain
 * SQL, so that the optimistic lock is visible: `UPDATE … WHERE version = $read` (ADR 0007).
 */
@Injectable()
export class PaymentRepository implements AggregateRepository<Payment> {
  async get(manager: EntityManager, id: string): Promise<Payment> {
    const rows: PaymentRow[] = await manager.query(`SELECT * FROM payment WHERE id = $1`, [id]);
    if (!rows[0]) throw new PaymentNotFoundError(`no payment ${id}`);
    return toPayment(rows[0]);
  }

  /** The payment of an order; order events name the order, not the payment. */
  async getByOrderId(manager: EntityManager, orderId: string): Promise<Payment> {
    const payment = await this.findByOrderId(manager, orderId);
    if (!payment) throw new PaymentNotFoundError(`no payment for order ${orderId}`);
    return payment;
  }

  async findByOrderId(manager: EntityManager, orderId: string): Promise<Payment | undefined> {
    const rows: PaymentRow[] = await manager.query(`SELECT * FROM payment WHERE order_id = $1`, [orderId]);
    return rows[0] && toPayment(rows[0]);
  }

  async insert(manager: EntityManager, payment: Payment): Promise<void> {
    const p = payment.snapshot();
    await manager.query(
      `INSERT INTO payment (id, order_id, consumer_id, currency, state, amount_minor, decline_reason,
         pending_revision_id, pending_amount_minor, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [p.id, p.orderId, p.consumerId, p.amount.currency, ...columnsOf(p), p.version],
    );
  }

  /**
   * Saves the changes if nobody saved in between, and returns the new version; otherwise
   * ConcurrentPaymentChangeError, and the caller's transaction rolls back.
   */
  async update(manager: EntityManager, payment: Payment): Promise<number> {
    const p = payment.snapshot();
    const [rows]: [{ version: number }[], number] = await manager.query(
      `UPDATE payment SET state = $3, amount_minor = $4, decline_reason = $5, pending_revision_id = $6,
         pending_amount_minor = $7, version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2
       RETURNING version`,
      [p.id, p.version, ...columnsOf(p)],
    );
    if (rows.length !== 1) throw new ConcurrentPaymentChangeError(p.id, p.version);
    return rows[0].version;
  }
}

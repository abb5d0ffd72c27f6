import type { EntityManager } from 'typeorm';
import { Payment, type PaymentSnapshot } from '../domain/payment';
import type { PaymentState } from '../domain/payment-state';
import { ConcurrentPaymentChangeError } from '../domain/payment-errors';

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

/** Payments; every method runs in the transaction of the manager it is given. */
export class PaymentRepository {
  async findById(manager: EntityManager, id: string): Promise<Payment | undefined> {
    const rows: PaymentRow[] = await manager.query(`SELECT * FROM payment WHERE id = $1`, [id]);
    return rows[0] && toPayment(rows[0]);
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
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)`,
      [p.id, p.orderId, p.consumerId, p.amount.currency, ...columnsOf(p)],
    );
  }

  /**
   * Optimistic locking: the row is written only if nobody changed it since it was loaded (same
   * version); otherwise ConcurrentPaymentChangeError, and the caller's transaction rolls back.
   */
  async update(manager: EntityManager, payment: Payment): Promise<void> {
    const p = payment.snapshot();
    const [, updated]: [unknown, number] = await manager.query(
      `UPDATE payment SET state = $3, amount_minor = $4, decline_reason = $5, pending_revision_id = $6,
         pending_amount_minor = $7, version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2`,
      [p.id, p.version, ...columnsOf(p)],
    );
    if (updated !== 1) throw new ConcurrentPaymentChangeError(p.id, p.version);
  }
}

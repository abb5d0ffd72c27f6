import { Injectable } from '@nestjs/common';
import type { AggregateRepository } from '@ftgo/application';
import type { EntityManager } from 'typeorm';
import { Ticket, type TicketSnapshot } from '../domain/ticket';
import { ConcurrentTicketChangeError, TicketNotFoundError } from '../domain/ticket-errors';

interface TicketRow {
  id: string;
  order_id: string;
  restaurant_id: string;
  state: TicketSnapshot['state'];
  line_items: TicketSnapshot['lineItems'];
  ready_by: Date | null;
  pending_revision: TicketSnapshot['pendingRevision'];
  pending_cancel: TicketSnapshot['pendingCancel'];
  version: number;
}

const COLUMNS = 'id, order_id, restaurant_id, state, line_items, ready_by, pending_revision, pending_cancel, version';

/** SQL NULL, not JSON null, for "nothing pending". */
function jsonOrNull(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

function toTicket(row: TicketRow): Ticket {
  return Ticket.restore({
    id: row.id,
    orderId: row.order_id,
    restaurantId: row.restaurant_id,
    state: row.state,
    lineItems: row.line_items,
    readyBy: row.ready_by?.toISOString() ?? null,
    pendingRevision: row.pending_revision,
    pendingCancel: row.pending_cancel,
    version: row.version,
  });
}

/**
 * Loads and saves Ticket aggregates through the caller's EntityManager (its transaction). Plain
 * SQL, so that the optimistic lock is visible: `UPDATE … WHERE version = $read` (ADR 0007).
 */
@Injectable()
export class TicketRepository implements AggregateRepository<Ticket> {
  async get(manager: EntityManager, id: string): Promise<Ticket> {
    const rows: TicketRow[] = await manager.query(`SELECT ${COLUMNS} FROM ticket WHERE id = $1`, [id]);
    if (!rows[0]) throw new TicketNotFoundError(`no ticket ${id}`);
    return toTicket(rows[0]);
  }

  /** The ticket of an order; order events name the order, not the ticket. */
  async getByOrderId(manager: EntityManager, orderId: string): Promise<Ticket> {
    const ticket = await this.findByOrderId(manager, orderId);
    if (!ticket) throw new TicketNotFoundError(`no ticket for order ${orderId}`);
    return ticket;
  }

  async findByOrderId(manager: EntityManager, orderId: string): Promise<Ticket | undefined> {
    const rows: TicketRow[] = await manager.query(`SELECT ${COLUMNS} FROM ticket WHERE order_id = $1`, [orderId]);
    return rows[0] && toTicket(rows[0]);
  }

  async insert(manager: EntityManager, ticket: Ticket): Promise<void> {
    const t = ticket.snapshot();
    await manager.query(
      `INSERT INTO ticket (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        t.id,
        t.orderId,
        t.restaurantId,
        t.state,
        JSON.stringify(t.lineItems),
        t.readyBy,
        jsonOrNull(t.pendingRevision),
        jsonOrNull(t.pendingCancel),
        t.version,
      ],
    );
  }

  /**
   * Saves the changes if nobody saved in between, and returns the new version. A concurrent
   * writer blocks on the row lock until the first commits, then finds a newer version: 0 rows,
   * ConcurrentTicketChangeError (409).
   */
  async update(manager: EntityManager, ticket: Ticket): Promise<number> {
    const t = ticket.snapshot();
    const [rows]: [{ version: number }[], number] = await manager.query(
      `UPDATE ticket SET state = $3, line_items = $4, ready_by = $5, pending_revision = $6, pending_cancel = $7,
              version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2
       RETURNING version`,
      [t.id, t.version, t.state, JSON.stringify(t.lineItems), t.readyBy, jsonOrNull(t.pendingRevision), jsonOrNull(t.pendingCancel)],
    );
    if (rows.length === 0) throw new ConcurrentTicketChangeError(t.id, await this.currentVersion(manager, t.id));
    return rows[0].version;
  }

  private async currentVersion(manager: EntityManager, id: string): Promise<number | undefined> {
    const rows: { version: number }[] = await manager.query(`SELECT version FROM ticket WHERE id = $1`, [id]);
    return rows[0]?.version;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Ticket, type TicketSnapshot } from '../domain/ticket';
import { ConcurrentTicketChangeError } from '../domain/ticket-errors';

interface TicketRow {
  id: string;
  order_id: string;
  restaurant_id: string;
  state: TicketSnapshot['state'];
  line_items: TicketSnapshot['lineItems'];
  ready_by: Date | null;
  pending_revision: TicketSnapshot['pendingRevision'];
  version: number;
}

const COLUMNS = 'id, order_id, restaurant_id, state, line_items, ready_by, pending_revision, version';

/** SQL NULL, not JSON null, for "no pending revision". */
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
    version: row.version,
  });
}

/**
 * Tickets in PostgreSQL, with optimistic locking made visible: an update names the version it
 * read (`WHERE version = $n`) and bumps it; zero rows updated means someone else got there first.
 */
@Injectable()
export class TicketRepository {
  async findById(manager: EntityManager, id: string): Promise<Ticket | undefined> {
    const rows: TicketRow[] = await manager.query(`SELECT ${COLUMNS} FROM ticket WHERE id = $1`, [id]);
    return rows[0] && toTicket(rows[0]);
  }

  async findByOrderId(manager: EntityManager, orderId: string): Promise<Ticket | undefined> {
    const rows: TicketRow[] = await manager.query(`SELECT ${COLUMNS} FROM ticket WHERE order_id = $1`, [orderId]);
    return rows[0] && toTicket(rows[0]);
  }

  async insert(manager: EntityManager, ticket: Ticket): Promise<void> {
    const t = ticket.snapshot();
    await manager.query(
      `INSERT INTO ticket (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, 1)`,
      [t.id, t.orderId, t.restaurantId, t.state, JSON.stringify(t.lineItems), t.readyBy, jsonOrNull(t.pendingRevision)],
    );
  }

  /** Saves the ticket if nobody changed it since `ticket.version` was read, and returns the new version. */
  async update(manager: EntityManager, ticket: Ticket): Promise<number> {
    const t = ticket.snapshot();
    const [rows]: [{ version: number }[], number] = await manager.query(
      `UPDATE ticket SET state = $3, line_items = $4, ready_by = $5, pending_revision = $6,
              version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2
       RETURNING version`,
      [t.id, t.version, t.state, JSON.stringify(t.lineItems), t.readyBy, jsonOrNull(t.pendingRevision)],
    );
    if (rows.length === 0) throw new ConcurrentTicketChangeError(t.id, await this.currentVersion(manager, t.id));
    return rows[0].version;
  }

  private async currentVersion(manager: EntityManager, id: string): Promise<number | undefined> {
    const rows: { version: number }[] = await manager.query(`SELECT version FROM ticket WHERE id = $1`, [id]);
    return rows[0]?.version;
  }
}

import type { ClientBase, Pool } from 'pg';

/**
 * How the log-tailing relay says "these rows are on Kafka" without writing to them: one row per
 * slot in `outbox_log_position` holding a `pg_snapshot` (xmin:xmax:running xids). A row is
 * *covered* — published — when its writing transaction (`txid`) is visible in that snapshot, or
 * is one of the few ids listed next to it. Every reader of the bookkeeping (backlog, readiness,
 * retention, the switch to polling) uses this one definition, `COVERED` below.
 */
export interface LogPosition {
  slotName: string;
  /** The slot's consistent point: rows visible in it are not in the slot's stream. */
  startSnapshot: string;
  /** Null until the rows written before the slot existed are published from the table. */
  publishedSnapshot: string | null;
  publishedXids: string[];
  updatedAt: Date;
}

/** SQL: the row `m` is covered by the position `p`. */
export const COVERED = `(pg_visible_in_snapshot(m.txid, p.published_snapshot) OR m.txid = ANY (p.published_xids))`;

export async function readLogPositions(client: ClientBase): Promise<LogPosition[]> {
  const { rows } = await client.query<LogPosition>(
    `SELECT slot_name AS "slotName", start_snapshot::text AS "startSnapshot", published_snapshot::text AS "publishedSnapshot",
            published_xids::text[] AS "publishedXids", updated_at AS "updatedAt"
     FROM outbox_log_position ORDER BY slot_name`,
  );
  return rows;
}

export async function recordSlot(client: ClientBase, slot: string, startSnapshot: string): Promise<void> {
  await client.query(`INSERT INTO outbox_log_position (slot_name, start_snapshot) VALUES ($1, $2)`, [slot, startSnapshot]);
}

/** The rows written before the slot are published: from now on the start snapshot is covered. */
export async function markTableDrained(client: ClientBase, slot: string): Promise<void> {
  await client.query(`UPDATE outbox_log_position SET published_snapshot = start_snapshot, updated_at = now() WHERE slot_name = $1`, [slot]);
}

export async function writePublished(client: ClientBase | Pool, slot: string, snapshot: string, xids: string[]): Promise<void> {
  await client.query(
    `UPDATE outbox_log_position SET published_snapshot = $2, published_xids = $3::xid8[], updated_at = now() WHERE slot_name = $1`,
    [slot, snapshot, xids],
  );
}

/**
 * Ends a log position: its covered rows become `sent` rows (so that the polling relay, or a new
 * slot, does not publish them again), its slot is dropped (a slot nobody reads keeps WAL for ever),
 * then the position itself. Every step can be repeated, so a crash halfway is harmless.
 */
export async function retireLogPosition(client: ClientBase, position: LogPosition): Promise<number> {
  let converted = 0;
  if (position.publishedSnapshot) {
    // Older transactions in one range of the txid index, then the few around the snapshot.
    for (const range of [`m.txid < pg_snapshot_xmin(p.published_snapshot)`, `m.txid >= pg_snapshot_xmin(p.published_snapshot) AND ${COVERED}`]) {
      for (;;) {
        const { rowCount } = await client.query(
          `UPDATE outbox_message SET status = 'sent', sent_at = (SELECT updated_at FROM outbox_log_position WHERE slot_name = $1)
           WHERE ctid = ANY (ARRAY(
             SELECT m.ctid FROM outbox_message m, outbox_log_position p
             WHERE p.slot_name = $1 AND m.status = 'pending' AND ${range} LIMIT 10000))`,
          [position.slotName],
        );
        converted += rowCount ?? 0;
        if (!rowCount) break;
      }
    }
  }
  await client.query(
    `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND database = current_database()`,
    [position.slotName],
  );
  await client.query(`DELETE FROM outbox_log_position WHERE slot_name = $1`, [position.slotName]);
  return converted;
}

/**
 * A `pg_snapshot` read in JavaScript, to tell which published transactions it covers. Transaction
 * ids are 64-bit (epoch and 32-bit xid); as numbers they stay exact below 2^53, i.e. for the first
 * two million xid wraparounds of a cluster.
 */
export class Snapshot {
  private constructor(
    private readonly xmin: number,
    private readonly xmax: number,
    private readonly running: Set<number>,
    readonly text: string,
  ) {}

  static parse(text: string): Snapshot {
    const [xmin, xmax, running] = text.split(':');
    return new Snapshot(Number(xmin), Number(xmax), new Set(running ? running.split(',').map(Number) : []), text);
  }

  /** For a committed transaction: did it commit before the snapshot was taken? (pg_visible_in_snapshot) */
  covers(txid: string): boolean {
    const xid = Number(txid);
    return xid < this.xmin || (xid < this.xmax && !this.running.has(xid));
  }
}

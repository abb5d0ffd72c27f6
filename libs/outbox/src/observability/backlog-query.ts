import { COVERED } from '../schema/log-position';

/** Runs one SQL statement and returns its rows: a pg client, a pool or a TypeORM DataSource. */
export type QueryFn = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface Backlog {
  /** Rows waiting to be published. */
  pending: number;
  failed: number;
  /** 0 when nothing waits. */
  oldestUnsentAgeMs: number;
}

/**
 * How far behind the relay is, in either mode: unsent rows are `pending` rows that no log
 * position covers (in log-tailing mode published rows stay `pending`; the position says they
 * are on Kafka). One cheap query over the partial indexes: the log-tailing one reads only the
 * rows of transactions newer than the published snapshot.
 */
export async function readBacklog(query: QueryFn): Promise<Backlog> {
  const [position] = await query(`SELECT slot_name FROM outbox_log_position WHERE published_snapshot IS NOT NULL LIMIT 1`);
  const failed = `(SELECT count(*) FROM outbox_message WHERE status = 'failed')::int AS failed`;
  const [row] = position
    ? await query(
        `WITH unsent AS (
           SELECT m.created_at FROM outbox_message m, outbox_log_position p
           WHERE p.slot_name = $1 AND m.status = 'pending' AND m.txid >= pg_snapshot_xmin(p.published_snapshot) AND NOT ${COVERED})
         SELECT (SELECT count(*) FROM unsent)::int AS pending, ${failed},
                coalesce((SELECT extract(epoch FROM now() - min(created_at)) * 1000 FROM unsent), 0)::float8 AS oldest`,
        [position.slot_name],
      )
    : await query(`
        SELECT (SELECT count(*) FROM outbox_message WHERE status = 'pending')::int AS pending, ${failed},
               coalesce((SELECT extract(epoch FROM now() - created_at) * 1000 FROM outbox_message
                         WHERE status = 'pending' ORDER BY sequence LIMIT 1), 0)::float8 AS oldest`);
  return { pending: Number(row.pending), failed: Number(row.failed), oldestUnsentAgeMs: Number(row.oldest) };
}

export async function oldestUnsentAgeMs(query: QueryFn): Promise<number> {
  return (await readBacklog(query)).oldestUnsentAgeMs;
}

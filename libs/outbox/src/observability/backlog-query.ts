/** Runs one SQL statement and returns its rows: a pg client, a pool or a TypeORM DataSource. */
export type QueryFn = (sql: string) => Promise<Record<string, unknown>[]>;

export interface Backlog {
  /** Rows waiting to be published. */
  pending: number;
  failed: number;
  /** 0 when nothing waits. */
  oldestUnsentAgeMs: number;
}

/** One cheap query over the partial indexes: how far behind the relay is. */
export async function readBacklog(query: QueryFn): Promise<Backlog> {
  const [row] = await query(`
    SELECT (SELECT count(*) FROM outbox_message WHERE status = 'pending')::int AS pending,
           (SELECT count(*) FROM outbox_message WHERE status = 'failed')::int AS failed,
           coalesce((SELECT extract(epoch FROM now() - created_at) * 1000 FROM outbox_message
                     WHERE status = 'pending' ORDER BY sequence LIMIT 1), 0)::float8 AS oldest`);
  return { pending: Number(row.pending), failed: Number(row.failed), oldestUnsentAgeMs: Number(row.oldest) };
}

export async function oldestUnsentAgeMs(query: QueryFn): Promise<number> {
  return (await readBacklog(query)).oldestUnsentAgeMs;
}

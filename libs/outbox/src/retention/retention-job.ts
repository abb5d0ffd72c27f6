import type { ClientBase } from 'pg';

export interface RetentionResult {
  deleted: number;
  batches: number;
}

/**
 * Deletes sent rows older than `ageMs`, `batchSize` rows per statement, so no statement holds
 * locks or bloats the WAL for long. Pending and failed rows are never touched: only `sent` ones,
 * which Kafka acknowledged (in log-tailing mode, before the slot was confirmed past them).
 * The age keeps recent rows around for investigation, as the study note advises.
 */
export async function deleteSentRows(client: ClientBase, ageMs: number, batchSize: number): Promise<RetentionResult> {
  const result: RetentionResult = { deleted: 0, batches: 0 };
  for (;;) {
    const { rowCount } = await client.query(
      `DELETE FROM outbox_message WHERE id IN (
         SELECT id FROM outbox_message
         WHERE status = 'sent' AND sent_at < now() - make_interval(secs => $1::float8 / 1000)
         ORDER BY sent_at LIMIT $2)`,
      [ageMs, batchSize],
    );
    const deleted = rowCount ?? 0;
    if (deleted === 0) return result;
    result.deleted += deleted;
    result.batches += 1;
    if (deleted < batchSize) return result;
  }
}

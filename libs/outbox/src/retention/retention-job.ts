import type { ClientBase } from 'pg';

export interface RetentionResult {
  deleted: number;
  batches: number;
}

/**
 * Deletes published rows older than `ageMs`, `batchSize` rows per statement, so no statement
 * holds locks or bloats the WAL for long. The age keeps recent rows around for investigation, as
 * the study note advises. Published means: `sent` (polling; aged from `sent_at`), or `pending`
 * and covered by the log-tailing relay's position (aged from `created_at`; schema/log-position.ts).
 * Unpublished and failed rows are never touched. Deleting a row cannot disturb the slot, which
 * decodes the WAL, not the table.
 */
export async function deleteSentRows(client: ClientBase, ageMs: number, batchSize: number): Promise<RetentionResult> {
  const result: RetentionResult = { deleted: 0, batches: 0 };
  const sent = `SELECT id FROM outbox_message
                WHERE status = 'sent' AND sent_at < now() - make_interval(secs => $1::float8 / 1000)
                ORDER BY sent_at LIMIT $2`;
  // In sequence order from the oldest pending row, up to the first one too young or not covered:
  // each batch reads one stretch of the pending index, however many rows wait behind it.
  const covered = `SELECT id FROM (
                     SELECT id, bool_and(old) OVER (ORDER BY sequence) AS prefix FROM (
                       SELECT id, sequence, created_at < now() - make_interval(secs => $1::float8 / 1000)
                                            AND txid < pg_snapshot_xmin((SELECT published_snapshot FROM outbox_log_position
                                                                         WHERE published_snapshot IS NOT NULL LIMIT 1)) AS old
                       FROM outbox_message WHERE status = 'pending' ORDER BY sequence LIMIT $2) head) marked
                   WHERE prefix`;
  for (const select of [sent, covered]) {
    for (;;) {
      const { rowCount } = await client.query(`DELETE FROM outbox_message WHERE id = ANY (ARRAY(${select}))`, [ageMs, batchSize]);
      const deleted = rowCount ?? 0;
      if (deleted === 0) break;
      result.deleted += deleted;
      result.batches += 1;
      if (deleted < batchSize) break;
    }
  }
  return result;
}

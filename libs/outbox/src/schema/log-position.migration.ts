import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the log-tailing relay needs to keep no per-row bookkeeping, and the indexes that make the
 * polling claim's cost independent of the backlog:
 *
 * - `outbox_log_position`: one row per replication slot. `published_snapshot` (plus the few ids in
 *   `published_xids`) says which transactions' rows are on Kafka: the log-tailing relay updates it
 *   a few times a second instead of marking each row `sent` (schema/log-position.ts).
 *   `start_snapshot` is the slot's consistent point: rows visible in it are not in the slot's
 *   stream and are published once from the table.
 * - `outbox_message_pending_txid_idx`: "which pending rows are not covered yet" reads only the
 *   rows of transactions newer than the published snapshot.
 * - `outbox_message_retrying_idx`: the claim skips the aggregates whose earlier row waits for a
 *   retry by reading this (nearly always empty) index, not by an anti-join over the backlog.
 * - `outbox_message_failed_idx` by aggregate: a failed row holds back its aggregate's later rows.
 */
export class OutboxLogPosition1766000000000 implements MigrationInterface {
  name = 'OutboxLogPosition1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_log_position (
        slot_name text PRIMARY KEY,
        start_snapshot pg_snapshot NOT NULL,
        published_snapshot pg_snapshot,
        published_xids xid8[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX outbox_message_pending_txid_idx ON outbox_message (txid) WHERE status = 'pending'`);
    await queryRunner.query(
      `CREATE INDEX outbox_message_retrying_idx ON outbox_message (aggregate_type, aggregate_id) WHERE status = 'pending' AND attempts > 0`,
    );
    await queryRunner.query(`DROP INDEX outbox_message_pending_aggregate_idx`);
    await queryRunner.query(`DROP INDEX outbox_message_failed_idx`);
    await queryRunner.query(
      `CREATE INDEX outbox_message_failed_idx ON outbox_message (aggregate_type, aggregate_id, sequence) WHERE status = 'failed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX outbox_message_failed_idx`);
    await queryRunner.query(`CREATE INDEX outbox_message_failed_idx ON outbox_message (sequence) WHERE status = 'failed'`);
    await queryRunner.query(
      `CREATE INDEX outbox_message_pending_aggregate_idx ON outbox_message (aggregate_type, aggregate_id, sequence) WHERE status = 'pending'`,
    );
    await queryRunner.query(`DROP INDEX outbox_message_retrying_idx`);
    await queryRunner.query(`DROP INDEX outbox_message_pending_txid_idx`);
    await queryRunner.query(`DROP TABLE outbox_log_position`);
  }
}
